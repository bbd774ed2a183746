import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { generate } from '../scripts/readme.mjs';

describe('README', () => {
  it('is what scripts/readme.mjs generates: catalogue, inputs and every example output are current', async () => {
    const text = readFileSync('README.md', 'utf8');
    const fresh = (await generate(text)) as string;
    expect(text, 'run `node scripts/readme.mjs` after changing the catalogue or an example').toBe(fresh);
  });

  it('starts with the two quick-start commands', () => {
    const text = readFileSync('README.md', 'utf8');
    expect(text).toMatch(/npm ci && npm start/);
    expect(text).toMatch(/npm test/);
  });
});
