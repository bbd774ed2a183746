import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parse } from 'csv-parse/sync';
import { entityName, panelTable } from '../src/convert.js';
import { EntityMeta } from '../src/entities/meta.js';
import { MigdevError } from '../src/errors.js';
import { SIMD_MIN_BYTES, setSimdMinBytes } from '../src/csv/scanner.js';
import { canonicalIndicator } from '../src/ingest/cells.js';
import { readFiles } from '../src/ingest/read.js';
import type { ReadOptions } from '../src/ingest/types.js';
import { render, neutraliseFormula } from '../src/output/writers.js';
import { Panel } from '../src/panel.js';
import { PROP_TIMEOUT, runs } from './helpers/runs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'migdev-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

function tempFile(bytes: Buffer | string, ext = 'csv'): string {
  const file = path.join(dir, `case-${serial++}.${ext}`);
  writeFileSync(file, bytes);
  return file;
}

/** Reads one file; a MigdevError is returned, anything else thrown (the test fails). */
async function readOrError(file: string, opts: ReadOptions = {}): Promise<Awaited<ReturnType<typeof readFiles>> | MigdevError> {
  try {
    return await readFiles([file], opts);
  } catch (e) {
    if (e instanceof MigdevError) return e;
    throw e;
  }
}

/** Every stored value as `entity|indicator|year` → value (and the line it came from). */
function dump(panel: Panel, keep: (entity: string, indicator: string) => boolean = () => true): Map<string, { v: number; line: number | undefined }> {
  const out = new Map<string, { v: number; line: number | undefined }>();
  panel.forEach((e, i, y, v) => {
    if (keep(e, i)) out.set(`${e}|${i}|${y}`, { v, line: panel.origin(e, i, y)?.line });
  });
  return out;
}

// --- (b) malformed input --------------------------------------------------------------------

const HEADERS = [
  'code,year,indicator,value\n',
  'code;year;X;Y\n',
  '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n',
  'Series Name,Series Code,Country Name,Country Code,2019 [YR2019]\n',
  'iso3\tyear\tSP.POP.TOTL\n',
];

/** A plausible file (one of the layouts' headers, then rows) with random bytes spliced in. */
const damagedFile = fc
  .record({
    header: fc.constantFrom(...HEADERS),
    rows: fc.array(
      fc.array(fc.oneof(fc.constantFrom('KEN', 'Kenya', '2019', '1.5', '..', '', '"', '""', '"a,b"', 'X.Y', '1e400', '\u00e9', '\r'), fc.string({ maxLength: 4 })), {
        minLength: 1,
        maxLength: 6,
      }),
      { maxLength: 6 },
    ),
    sep: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    splices: fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 3 })), { maxLength: 3 }),
    bom: fc.constantFrom('', '\uFEFF'),
  })
  .map(({ header, rows, sep, eol, splices, bom }) => {
    const text = bom + header.replace(/\n$/, eol) + rows.map((r) => r.join(sep)).join(eol);
    let bytes = Buffer.from(text, 'utf8');
    for (const [at, insert] of splices) {
      const p = bytes.length === 0 ? 0 : at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, p), Buffer.from(insert), bytes.subarray(p)]);
    }
    return bytes;
  });

describe('readFiles on malformed input', { timeout: PROP_TIMEOUT }, () => {
  test.prop({ bytes: fc.uint8Array({ maxLength: 300 }) }, { numRuns: runs(100) })('random bytes: a dataset or a MigdevError, nothing else', async ({ bytes }) => {
    const r = await readOrError(tempFile(Buffer.from(bytes)));
    if (r instanceof MigdevError) expect(r.oneLine()).not.toContain('undefined');
  });

  test.prop({ bytes: damagedFile }, { numRuns: runs(200) })('damaged files of every layout: a dataset or a MigdevError that says where', async ({ bytes }) => {
    const r = await readOrError(tempFile(bytes));
    if (r instanceof MigdevError) {
      expect(r.code).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.where.file).toBeDefined();
      // Every input error but a missing file points at a line.
      expect(r.where.line).toBeGreaterThanOrEqual(1);
      expect(r.oneLine()).not.toContain('undefined');
      // whatever bytes the file held, the message is one printable line
      expect(r.oneLine()).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });

  test.prop({ bytes: damagedFile, encoding: fc.constantFrom('utf-8' as const, 'windows-1252' as const, 'utf-16le' as const) }, { numRuns: runs(60) })(
    'forced encodings on damaged files: a dataset or a MigdevError',
    async ({ bytes, encoding }) => {
      await readOrError(tempFile(bytes), { encoding });
    },
  );
});

// --- (c) round trip through the CSV writer ---------------------------------------------------

const special = fc.constantFrom('=SUM(A1:A2)', '+1', '-5', '@cmd', '\tx', '\rx', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rinside', ' padded ', "'quoted", '..', 'NA', '', 'Côte d’Ivoire', '𝔘𝔫𝔦', '😀');
const text = fc.oneof(
  special,
  fc.string({ unit: 'binary', maxLength: 10 }).map((s) => s.replaceAll('\0', '')),
  fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', '=', '-', 'é', '😀'), maxLength: 8 }),
);

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e17, -0, 0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993, 0.1 + 0.2, 1e21, 1e-7, 123456789.123456789),
  fc.integer({ min: -1e9, max: 1e9 }),
);

/** Codes that survive upper-casing and trimming unchanged (the reader normalises codes). */
const code = fc.stringMatching(/^[A-Z][A-Z0-9_]{1,5}$/);

const tidyTable = fc
  .record({
    entities: fc.uniqueArray(fc.tuple(code, text), { minLength: 1, maxLength: 4, selector: ([c]) => c }),
    indicators: fc.uniqueArray(text, { minLength: 1, maxLength: 3, selector: (i) => canonicalIndicator(neutraliseFormula(i)) }),
    cells: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.integer({ min: 1995, max: 2025 }), fc.constantFrom(1000, 2999)), number), { minLength: 1, maxLength: 25 }),
  })
  .filter(({ indicators }) => indicators.every((i) => canonicalIndicator(neutraliseFormula(i)) !== ''));

describe('what migdev writes, migdev reads back exactly', { timeout: PROP_TIMEOUT }, () => {
  test.prop({ t: tidyTable }, { numRuns: runs(150) })('long CSV: same codes, names, years, indicators, bit-identical numbers', async ({ t }) => {
    const panel = new Panel();
    const file = panel.addFile('<generated>');
    for (const [c, name] of t.entities) panel.entityNames.set(c, name);
    const expected = new Map<string, number>();
    for (const [e, i, year, v] of t.cells) {
      const [c] = t.entities[e % t.entities.length]!;
      const ind = t.indicators[i % t.indicators.length]!;
      const key = `${c}|${canonicalIndicator(neutraliseFormula(ind))}|${year}`;
      if (expected.has(key)) continue;
      panel.set(c, ind, year, v, file, 1);
      // -0 is written as 0 by design (SPEC: shortest round-trip form; a spreadsheet shows 0).
      expected.set(key, Object.is(v, -0) ? 0 : v);
    }
    const meta = new EntityMeta(true);
    const csv = [...render(panelTable(panel, meta, 'long'), { format: 'csv' })].join('');

    // Any RFC 4180 reader gets the same cells, also one that ends records at a bare CR as
    // Python's csv module and pandas do: a CR inside a cell must be quoted, as an LF is.
    const cells = parse(csv, { relax_column_count: false, record_delimiter: ['\n', '\r'] }) as string[][];
    expect(cells[0]).toEqual(['code', 'name', 'year', 'indicator', 'value']);
    expect(cells.length).toBe(expected.size + 1);

    const back = await readFiles([tempFile(csv)]);
    const got = new Map<string, number>();
    back.panel.forEach((e, i, y, v) => got.set(`${e}|${i}|${y}`, v));
    expect(got.size).toBe(expected.size);
    for (const [k, v] of expected) {
      const g = got.get(k);
      expect(g === undefined ? undefined : Object.is(g, v), `${k}: wrote ${v}, read ${g}`).toBe(true);
    }
    // JSON and NDJSON carry the same rows, text unguarded (no spreadsheet runs JSON).
    const rows = [...panelTable(panel, meta, 'long').rows];
    const objects = rows.map(([c, name, year, indicator, value]) => ({ code: c, name, year, indicator, value: Object.is(value, -0) ? 0 : value }));
    expect(JSON.parse([...render(panelTable(panel, meta, 'long'), { format: 'json' })].join(''))).toEqual(objects);
    const nd = [...render(panelTable(panel, meta, 'long'), { format: 'ndjson' })].join('');
    expect(nd.endsWith('\n') && nd.split('\n').slice(0, -1).map((l) => JSON.parse(l) as unknown)).toEqual(objects);

    // Names come back with the formula guard the writer adds (a `'` before = + - @ tab CR).
    for (const [c] of t.entities) {
      if (!back.panel.entities().includes(c)) continue;
      expect(back.panel.entityNames.get(c)).toBe(neutraliseFormula(entityName(c, panel, meta)));
    }
  });
});

// --- (d) the WDI fast path reads what a full parse reads --------------------------------------

const INDICATORS = ['BX.TRF.PWKR.CD.DT', 'NY.GDP.MKTP.CD', 'SP.POP.TOTL', 'SM.POP.TOTL'];
const COUNTRIES = ['KEN', 'MEX', 'NPL', 'PHL', 'TJK', 'XKX', 'WLD'];
const wdiName = fc.oneof(fc.constantFrom('Kenya', 'Korea, Rep.', 'Congo, "Dem." Rep.', 'Line\nbreak', 'Côte d’Ivoire', 'Türkiye', '😀 land', ''), text);
const wdiCell = fc.oneof({ weight: 3, arbitrary: number.map((v) => (Object.is(v, -0) ? '0' : String(v))) }, { weight: 1, arbitrary: fc.constantFrom('', '..') });

const wdiFile = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  preamble: fc.boolean(),
  quoteAll: fc.boolean(),
  years: fc.integer({ min: 1, max: 6 }),
  // A country's name is the same on all its rows, as in a World Bank file.
  names: fc.array(wdiName, { minLength: COUNTRIES.length, maxLength: COUNTRIES.length }),
  rows: fc.uniqueArray(fc.tuple(fc.constantFrom(...COUNTRIES), fc.constantFrom(...INDICATORS), fc.array(wdiCell, { minLength: 6, maxLength: 6 })), {
    maxLength: 14,
    selector: ([c, i]) => `${c}|${i}`,
  }),
  keepIndicators: fc.subarray(INDICATORS),
  keepCountries: fc.option(fc.subarray(COUNTRIES), { nil: undefined }),
});

function wdiText(f: typeof wdiFile extends fc.Arbitrary<infer T> ? T : never): string {
  const eol = f.crlf ? '\r\n' : '\n';
  const q = (s: string): string => (f.quoteAll || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const years = Array.from({ length: f.years }, (_, k) => String(2015 + k));
  const lines: string[] = [];
  if (f.preamble) lines.push('"Data Source","World Development Indicators",', '', '"Last Updated Date","2025-07-01",', '');
  // The World Bank ends every line with a delimiter: an empty last column.
  lines.push([...['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code', ...years].map(q), ''].join(','));
  for (const [c, i, cells] of f.rows) lines.push([q(f.names[COUNTRIES.indexOf(c)]!), q(c), q(`Name of ${i}`), q(i), ...cells.slice(0, f.years).map(q), ''].join(','));
  return (f.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

describe('the WDI fast path', { timeout: PROP_TIMEOUT }, () => {
  test.prop({ f: wdiFile }, { numRuns: runs(150) })('an indicator/country filter keeps exactly what reading all and filtering keeps', async ({ f }) => {
    const file = tempFile(wdiText(f));
    const keepInd = new Set(f.keepIndicators);
    const keepC = f.keepCountries ? new Set(f.keepCountries) : undefined;
    const full = await readFiles([file]);
    const fast = await readFiles([file], {
      filter: { indicator: (c) => keepInd.has(c), ...(keepC ? { entity: (c: string) => keepC.has(c) } : {}) },
    });
    const keep = (e: string, i: string): boolean => keepInd.has(i) && (keepC === undefined || keepC.has(e));
    expect(dump(fast.panel)).toEqual(dump(full.panel, keep));
    for (const e of fast.panel.entities()) expect(fast.panel.entityNames.get(e)).toBe(full.panel.entityNames.get(e));
    // and what was read is what was written
    for (const [c, i, cells] of f.rows) {
      cells.slice(0, f.years).forEach((cell, k) => {
        const v = full.panel.get(c, i, 2015 + k);
        expect(v).toBe(cell === '' || cell === '..' ? undefined : Number(cell));
      });
    }
  });
  test.prop({ f: wdiFile }, { numRuns: runs(150) })('the same through the WebAssembly splitter: filtered panel equal to the byte loop reading all', async ({ f }) => {
    const file = tempFile(wdiText(f));
    const keepInd = new Set(f.keepIndicators);
    const keepC = f.keepCountries ? new Set(f.keepCountries) : undefined;
    try {
      setSimdMinBytes(Number.POSITIVE_INFINITY);
      const full = await readFiles([file]);
      setSimdMinBytes(0);
      const fast = await readFiles([file], {
        filter: { indicator: (c) => keepInd.has(c), ...(keepC ? { entity: (c: string) => keepC.has(c) } : {}) },
      });
      const keep = (e: string, i: string): boolean => keepInd.has(i) && (keepC === undefined || keepC.has(e));
      expect(dump(fast.panel)).toEqual(dump(full.panel, keep));
      for (const e of fast.panel.entities()) expect(fast.panel.entityNames.get(e)).toBe(full.panel.entityNames.get(e));
    } finally {
      setSimdMinBytes(SIMD_MIN_BYTES);
    }
  });
});
