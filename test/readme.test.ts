import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './helpers/cli.js';
// @ts-expect-error: a plain ESM script without type declarations
import { generate } from '../scripts/readme.mjs';

describe('README', () => {
  it('is what scripts/readme.mjs generates: catalogue, inputs and every example output are current', async () => {
    const text = readFileSync('README.md', 'utf8');
    // The examples run in this process (a real process each would cost ~0.3 s of CPU).
    const fresh = (await generate(text, async (args: string[]) => (await runInProcess(args)).stdout)) as string;
    expect(text, 'run `node scripts/readme.mjs` after changing the catalogue or an example').toBe(fresh);
  });

  it('starts with the two quick-start commands', () => {
    const text = readFileSync('README.md', 'utf8');
    expect(text).toMatch(/npm ci && npm start/);
    expect(text).toMatch(/npm test/);
  });
});
