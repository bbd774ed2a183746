import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SIMD_MIN_BYTES, setSimdMinBytes } from '../src/csv/scanner.js';
import { SimdSplitter } from '../src/csv/simd-split.js';
// @ts-expect-error -- a plain .mjs script without types
import { assemble, moduleSource } from '../scripts/gen-wasm.mjs';
import { PROP_TIMEOUT, runs } from './helpers/runs.js';
import { scan, type Scan } from './helpers/scan.js';

/** Scans `bytes` in chunks of `sizes` (cycled) with the splitter used from `minBytes` on. */
function scanWith(minBytes: number, bytes: Buffer, sizes: readonly number[] = [1 << 30], delimiter = ',', eol: 0x0a | 0x0d = 0x0a, onRecord?: () => void): Scan {
  setSimdMinBytes(minBytes);
  try {
    return scan(bytes, delimiter, sizes, eol, onRecord);
  } finally {
    setSimdMinBytes(SIMD_MIN_BYTES);
  }
}

const BYTE_LOOP = Number.POSITIVE_INFINITY;


describe('the WebAssembly record splitter', () => {
  it('is available here, and the committed bytes are those of src/csv/split.wat', async () => {
    expect(SimdSplitter.get()).toBeDefined();
    const bytes = (await assemble('src/csv/split.wat')) as Buffer;
    expect(readFileSync('src/csv/split-wasm.ts', 'utf8')).toBe(moduleSource(bytes));
  });

  // Long texts of the characters that matter, so records span several 64-byte blocks, quoted
  // regions cross block edges, and malformed quoting sits anywhere in a block.
  const soup = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '"', '\r', '\n', '\r\n', ' ', 'é'), minLength: 50, maxLength: 600 });
  const sizes = fc.oneof(fc.constant([1 << 30]), fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 4 }));

  test.prop({ text: soup, sizes, delimiter: fc.constantFrom(',', ';'), eol: fc.constantFrom(0x0a as const, 0x0d as const) }, { numRuns: runs(400) })(
    'gives the byte loop’s records, lines, columns and errors on any text, in any chunking',
    ({ text, sizes: s, delimiter, eol }) => {
      const bytes = Buffer.from(text, 'utf8');
      expect(scanWith(0, bytes, s, delimiter, eol)).toEqual(scanWith(BYTE_LOOP, bytes, s, delimiter, eol));
    },
    PROP_TIMEOUT,
  );

  it('goes on past a full output (more record ends in one chunk than it writes per call)', () => {
    const rows: string[] = [];
    for (let i = 0; i < 20000; i++) rows.push(i % 7 === 0 ? `"r${i}\nsecond line",${i}` : `r${i},"${i}"`);
    const bytes = Buffer.from(`${rows.join('\r\n')}\r\n`);
    const fast = scanWith(0, bytes);
    expect(fast.records).toHaveLength(20000);
    expect(fast.records[7]).toEqual(['r7\nsecond line', '7']);
    expect(fast.lines[8]).toBe(11); // records 0 and 7 span two lines
    expect(fast).toEqual(scanWith(BYTE_LOOP, bytes));
  });

  it('reloads its chunk when a visitor ran another scanner on the same thread', () => {
    const bytes = Buffer.from(Array.from({ length: 30000 }, (_, i) => `"k${i}",${i}`).join('\n'));
    const other = Buffer.from(Array.from({ length: 500 }, (_, i) => `x${i},"y"`).join('\n'));
    let n = 0;
    const nested = (): void => {
      if (n++ % 5000 === 0) scanWith(0, other);
    };
    const got = scanWith(0, bytes, [1 << 30], ',', 0x0a, nested);
    expect(got).toEqual(scanWith(BYTE_LOOP, bytes));
  });

  it('is not used for a delimiter beyond ASCII (it compares single bytes; the CLI refuses those anyway)', () => {
    // '€' is U+20AC: a splat of it would keep 0xAC, and take the quote after it for a field start.
    const bytes = Buffer.from(`${'code€"x"\nab,"c"\n'.repeat(300)}`);
    expect(scanWith(0, bytes, [1 << 30], '€')).toEqual(scanWith(BYTE_LOOP, bytes, [1 << 30], '€'));
  });

  it('leaves the error and its place to the byte loop', () => {
    const text = Buffer.from(`${'a,b\n'.repeat(100)}"ok","bad"x,c\n${'d,e\n'.repeat(100)}`);
    const got = scanWith(0, text);
    expect(got.error).toEqual({ code: 'csv-text-after-quote', line: 101, column: 11 });
    expect(got).toEqual(scanWith(BYTE_LOOP, text));
    expect(got.records).toHaveLength(100);
  });
});
