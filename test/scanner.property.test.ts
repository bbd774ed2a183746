import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parse } from 'csv-parse/sync';
import { SIMD_MIN_BYTES, setSimdMinBytes } from '../src/csv/scanner.js';
import { PROP_TIMEOUT, runs } from './helpers/runs.js';
import { scan } from './helpers/scan.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** What openSource does before the scanner sees the bytes. */
function stripBom(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes;
}

/** Text of a field: any Unicode (astral too) mixed with the characters CSV treats specially. */
const fieldText = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(',', ';', '\t', '"', '\r', '\n', '\r\n', ' ', 'a', '1') },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom('é', '€', '😀', '𝟘', '\u2028', '\uFEFF') },
  ),
  maxLength: 12,
});

const table = fc.array(fc.array(fieldText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

interface Serialised {
  text: string;
  /** Line (1-based) each row starts on. */
  lines: number[];
  /** Line and column (1-based, in UTF-16 units) where each field starts (its opening quote if quoted). */
  places: Array<Array<{ line: number; column: number }>>;
}

/**
 * CSV text of a table: a field is quoted when it must be (delimiter, quote, CR or LF inside)
 * and otherwise as `quoting` says (per-field coin flips); rows end with `eol`. Lines are counted
 * at LF, or at CR when the record end is a lone CR (old Mac files), as the scanner counts them.
 */
function serialise(rows: string[][], delimiter: string, quoting: 'always' | 'minimal' | 'random', coins: readonly boolean[], eol: string, trailing: boolean): Serialised {
  const breakChar = eol === '\r' ? '\r' : '\n';
  let coin = 0;
  let line = 1;
  let column = 1;
  let text = '';
  const put = (t: string): void => {
    for (const ch of t) {
      if (ch === breakChar) {
        line++;
        column = 1;
      } else column += ch.length;
    }
    text += t;
  };
  const lines: number[] = [];
  const places: Array<Array<{ line: number; column: number }>> = [];
  rows.forEach((row, r) => {
    lines.push(line);
    const rowPlaces: Array<{ line: number; column: number }> = [];
    row.forEach((f, i) => {
      if (i > 0) put(delimiter);
      rowPlaces.push({ line, column });
      const must = f.includes(delimiter) || f.includes('"') || f.includes('\r') || f.includes('\n');
      const flip = coins.length > 0 ? coins[coin++ % coins.length]! : false;
      const quote = must || quoting === 'always' || (quoting === 'random' && flip);
      put(quote ? `"${f.replaceAll('"', '""')}"` : f);
    });
    places.push(rowPlaces);
    if (r < rows.length - 1 || trailing) put(eol);
  });
  return { text, lines, places };
}

/** A table whose text ends on an empty unquoted last row has nothing left to say it exists. */
function lastRowVanishes(rows: string[][], s: { quoted: boolean; trailing: boolean }): boolean {
  const last = rows[rows.length - 1]!;
  return !s.quoted && !s.trailing && last.length === 1 && last[0] === '';
}

const chunkSizes = fc.oneof(
  fc.constant([1]),
  fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
  fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 3 }),
  fc.constant([1 << 30]),
);

/** Text built from the characters that matter to the grammar, so malformed quoting is common. */
const grammarSoup = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '"', '\r', '\n', '\r\n', ' '), maxLength: 40 });


// Every property holds for the byte loop alone and with the WebAssembly splitter finding the
// record ends (run here on every chunk, however small).
for (const [engine, minBytes] of [
  ['byte loop', Number.POSITIVE_INFINITY],
  ['WebAssembly splitter', 0],
] as const) {
  describe(engine, () => {
    beforeAll(() => setSimdMinBytes(minBytes));
    afterAll(() => setSimdMinBytes(SIMD_MIN_BYTES));

    describe('CsvScanner agrees with csv-parse on well-formed CSV', { timeout: PROP_TIMEOUT }, () => {
      test.prop(
        {
          rows: table,
          delimiter: fc.constantFrom(',', ';', '\t'),
          quoting: fc.constantFrom('always' as const, 'minimal' as const, 'random' as const),
          coins: fc.array(fc.boolean(), { maxLength: 16 }),
          eol: fc.constantFrom('\n', '\r\n'),
          bom: fc.boolean(),
          trailing: fc.boolean(),
          sizes: chunkSizes,
        },
        { numRuns: runs(200) },
      )('same records, same start lines, in any chunking', ({ rows, delimiter, quoting, coins, eol, bom, trailing, sizes }) => {
        const { text, lines, places } = serialise(rows, delimiter, quoting, coins, eol, trailing);
        const bytes = Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
        const expected = parse(bytes, { bom: true, relax_column_count: true, delimiter }) as string[][];
        const got = scan(stripBom(bytes), delimiter, sizes);
        expect(got.error).toBeUndefined();
        expect(got.records).toEqual(expected);
        // With every field quoted the text is unambiguous: the records are the table itself.
        if (quoting === 'always') {
          expect(got.records).toEqual(rows);
          expect(got.lines).toEqual(lines);
          expect(got.places).toEqual(places);
        } else if (!lastRowVanishes(rows, { quoted: false, trailing })) {
          expect(got.lines).toEqual(lines.slice(0, got.records.length));
        }
      });

      test.prop(
        {
          rows: table,
          sizes: chunkSizes,
        },
        { numRuns: runs(100) },
      )('old Mac files (CR record ends): records as csv-parse reads them, lines and columns counted at CR', ({ rows, sizes }) => {
        const { text, lines, places } = serialise(rows, ',', 'always', [], '\r', true);
        const bytes = Buffer.from(text, 'utf8');
        // csv-parse guesses the record delimiter from the first line break outside quotes; tell it.
        const expected = parse(bytes, { relax_column_count: true, delimiter: ',', record_delimiter: '\r' }) as string[][];
        const got = scan(bytes, ',', sizes, 0x0d);
        expect(got.error).toBeUndefined();
        expect(got.records).toEqual(expected);
        expect(got.records).toEqual(rows);
        // Lines are counted at CR here, also inside quoted fields: an error names the physical line.
        expect(got.lines).toEqual(lines);
        expect(got.places).toEqual(places);
      });
    });

    describe('CsvScanner on malformed input', { timeout: PROP_TIMEOUT }, () => {
      test.prop({ text: grammarSoup, sizes: chunkSizes }, { numRuns: runs(300) })(
        'the outcome does not depend on how the bytes are chunked',
        ({ text, sizes }) => {
          const bytes = Buffer.from(text, 'utf8');
          const whole = scan(bytes, ',', [1 << 30]);
          const chunked = scan(bytes, ',', sizes);
          expect(chunked).toEqual(whole);
        },
      );

      test('a CR after a closing quote is judged the same when a chunk ends between it and the next byte', () => {
        // `"a"` CR `,b`: the CR is stray text after the quote, whichever way the bytes arrive.
        const text = Buffer.from('"a"\r,b\n');
        const whole = scan(text, ',', [1 << 30]);
        expect(whole.error).toEqual({ code: 'csv-text-after-quote', line: 1, column: 4 });
        expect(scan(text, ',', [4, 100])).toEqual(whole);
        // and `"a"` CRLF stays a record end when the CR and the LF come in different chunks.
        expect(scan(Buffer.from('"a"\r\nb'), ',', [4, 1]).records).toEqual([['a'], ['b']]);
      });

      test.prop({ text: grammarSoup }, { numRuns: runs(300) })('accepts what csv-parse accepts, with the same records', ({ text }) => {
        let expected: string[][] | undefined;
        try {
          // A CR that ends the file ends the last record (the scanner reads LF files, where a CR
          // before the record's end is part of a CRLF); csv-parse needs the LF to see that.
          expected = parse(text.endsWith('\r') ? `${text}\n` : text, { relax_column_count: true, delimiter: ',', record_delimiter: ['\r\n', '\n'] }) as string[][];
        } catch {
          expected = undefined;
        }
        const got = scan(Buffer.from(text, 'utf8'), ',', [1 << 30]);
        if (expected !== undefined) {
          expect(got.error).toBeUndefined();
          expect(got.records).toEqual(expected);
        } else {
          // csv-parse refused the text: the scanner must refuse it too, with a grammar error.
          expect(got.error?.code).toMatch(/^csv-/);
        }
      });

      test.prop({ bytes: fc.uint8Array({ maxLength: 200 }), delimiter: fc.constantFrom(',', ';', '\t'), sizes: chunkSizes }, { numRuns: runs(200) })(
        'random bytes give records or a MigdevError with a line, never another exception',
        ({ bytes, delimiter, sizes }) => {
          const got = scan(Buffer.from(bytes), delimiter, sizes);
          if (got.error) expect(got.error.line).toBeGreaterThanOrEqual(1);
        },
      );
    });
  });
}
