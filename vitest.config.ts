import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20000,
    // Test files share a worker's module graph instead of re-importing the core for each file:
    // the suite imports the same sources ~40 times otherwise. Tests must not rely on fresh
    // module state (none keeps any between runs but caches of constant data).
    isolate: false,
    // Both cores: without an explicit count, non-isolated files ran one after another here.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
