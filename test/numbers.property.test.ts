import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../src/csv/scanner.js';
import { parseNumber } from '../src/values.js';

/** The value the byte fast path gives for one cell, or undefined when it leaves it to the text path. */
function fast(cell: string, decimalComma: boolean): number | undefined {
  let out: number | undefined;
  const s = new CsvScanner({ delimiter: decimalComma ? 0x3b : 0x2c, file: 't' });
  s.push(Buffer.from(`"${cell.replace(/"/g, '""')}"\n`), (r) => {
    out = r.plainNumber(0, decimalComma);
  });
  return out;
}

describe('plain numbers read from bytes', () => {
  it('equal Number() bit for bit whenever the fast path answers', () => {
    const plain = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((d) => d.toFixed(6)),
      fc.stringMatching(/^-?[0-9]{0,20}\.?[0-9]{0,25}$/),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', ' ', ',', 'x') }),
    );
    fc.assert(
      fc.property(plain, fc.boolean(), (cell, comma) => {
        const text = comma ? cell.replace(/\./g, ',') : cell;
        const f = fast(text, comma);
        if (f === undefined) return;
        expect(Object.is(f, parseNumber(text, comma)), `${text}: ${f} vs ${parseNumber(text, comma)}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers the forms the World Bank writes and leaves the others to the text path', () => {
    expect(fast('1340782.12290503', false)).toBe(1340782.12290503);
    expect(fast('-0.25', false)).toBe(-0.25);
    expect(Object.is(fast('-0', false), -0)).toBe(true);
    expect(fast('1234,5', true)).toBe(1234.5);
    // 19 significant digits, an exponent, a sign, spaces, markers: the text path decides.
    for (const t of ['22659994.1290000007', '1e17', '+5', ' 5', '..', 'NA', '', '-', '1.2.3']) expect(fast(t, false)).toBeUndefined();
  });
});
