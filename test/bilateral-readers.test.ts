import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows } from './helpers/csv.js';
import { bilateralStockRef, emigrantStock } from '../src/corridors/emigrants.js';
import { checkTotals } from '../src/corridors/totals.js';
import { bilateralTable } from '../src/convert.js';
import { MigdevError } from '../src/errors.js';
import { type Dataset, readFiles } from '../src/ingest/read.js';
import type { SourceInfo } from '../src/ingest/types.js';

const fixture = (path: string): string => new URL(`../fixtures/${path}`, import.meta.url).pathname;
const UN = fixture('bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv');
const ABEL = fixture('bilateral/abel_sander_2014_flows.csv');
const UNHCR = fixture('bilateral/unhcr_2020.csv');
const KVDBRACH = fixture('bilateral/wb_remittance_matrix_2012_kvdbrach.csv');
const RPW = fixture('rpw/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv');
const BRA = fixture('bra/API_BRA_DS2_en_csv_v2_2392.csv');

/** What `inspect` reports for a bilateral file, computed the same way from one read. */
function summary(data: Dataset): { origins: number; destinations: number; years: number[]; indicators: string[] } {
  const b = data.bilateral;
  return {
    origins: new Set(b.origin).size,
    destinations: new Set(b.destination).size,
    years: [...new Set(b.year.filter((y) => !Number.isNaN(y)))].sort(),
    indicators: b.indicators(),
  };
}

function sumWhere(data: Dataset, pred: (i: number) => boolean): number {
  const b = data.bilateral;
  let s = 0;
  for (let i = 0; i < b.size; i++) if (pred(i)) s += b.value[i]!;
  return s;
}

function tempFile(name: string, text: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'migdev-bilateral-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function readOne(path: string, opts: Parameters<typeof readFiles>[1] = {}): Promise<{ data: Dataset; info: SourceInfo }> {
  const data = await readFiles([path], opts);
  return { data, info: data.sources[0]! };
}

async function inputErrorOf(promise: Promise<unknown>): Promise<MigdevError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof MigdevError) return e;
    throw e;
  }
  throw new Error('expected an input error');
}

describe('World Bank bilateral remittance matrix (kvdbrach, ≈2012): Sending;<receivers…>;Total', () => {
  let data: Dataset;
  let info: SourceInfo;
  beforeAll(async () => ({ data, info } = await readOne(KVDBRACH)));

  it('is read as a matrix whose rows are origins (header "Sending"), Latin-1, ;-separated', () => {
    expect(info.format).toBe('bilateral');
    expect(info.encoding).toBe('windows-1252');
    expect(info.delimiter).toBe(';');
    expect(info.rows).toBe(217); // 216 sending rows + Total Remittances (SOURCES.md)
    expect(info.values).toBe(33_549); // non-empty cells, zeros included (counted with python3 csv)
    expect(info.notes).toContain("matrix: rows are origins, columns destinations (header 'Sending')");
    const s = summary(data);
    // 213 sending countries + Other North, Other South, Unidentified*; 165 of the 213 receivers have a value.
    expect(s.origins).toBe(216);
    expect(s.destinations).toBe(165);
    expect(s.years).toEqual([]);
    expect(s.indicators).toEqual(['value']);
  });

  it('keeps residual groups as partners flagged as not countries, and totals out of the partners', () => {
    const b = data.bilateral;
    expect([...b.nonCountries].sort()).toEqual(['OTHER_NORTH', 'OTHER_SOUTH', 'UNIDENTIFIED']);
    expect(b.names.get('UNIDENTIFIED')).toBe('Unidentified*');
    expect(b.names.get('CIV')).toBe("Côte d'Ivoire");
    expect(b.origin.includes('WLD') || b.destination.includes('WLD')).toBe(false);
    // Kinds: 216 per-origin (Total column), 212 per-destination (Total Remittances row), 1 grand.
    const kinds = new Map<string, number>();
    for (const t of b.totals) kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ origin: 216, destination: 212, grand: 1 });
  });

  it('SOURCES.md check F: row and column sums reproduce Total and Total Remittances (max 7.7e-5), grand total 463,598.7', () => {
    const checks = checkTotals(data.bilateral);
    expect(checks).toHaveLength(429);
    expect(checks.every((c) => c.ok)).toBe(true);
    const maxDiff = Math.max(...checks.map((c) => Math.abs(c.difference)));
    // python3 over the raw file: rows 4.7e-5, columns 7.66e-5 US$ millions.
    expect(maxDiff).toBeLessThan(1e-4);
    const grand = checks.find((c) => c.kind === 'grand')!;
    expect(grand.declared).toBe(463_598.7077);
    expect(grand.computed).toBeCloseTo(463_598.7, 1);
  });

  it('USA → MEX is the largest corridor of the United States (21,693 US$ millions)', () => {
    const b = data.bilateral;
    const i = b.origin.findIndex((o, k) => o === 'USA' && b.destination[k] === 'MEX');
    expect(b.value[i]).toBeCloseTo(21_693, 0);
  });
});

describe('UN DESA 2019 migrant stock by origin and destination (Year,Dest,<origins…>)', () => {
  let data: Dataset;
  let info: SourceInfo;
  beforeAll(async () => ({ data, info } = await readOne(UN)));

  it('rows are destinations (header "Dest"), 232 × 232 countries, 7 years', () => {
    expect(info.rows).toBe(1_659);
    expect(info.notes).toContain("matrix: rows are destinations, columns origins (header 'Dest')");
    const s = summary(data);
    expect(s.origins).toBe(232);
    expect(s.destinations).toBe(232);
    expect(s.years).toEqual([1990, 1995, 2000, 2005, 2010, 2015, 2019]);
  });

  it('skips the UN sub-region rows (sums of the countries listed) and says so; "-" cells are missing', () => {
    expect(info.notes).toContain('skipped 35 rows of 5 regions that are sums of the countries listed (Caribbean, South America, Melanesia, Micronesia, Polynesia)');
    expect(info.notes).toContain("4 cells holding '-' read as missing");
    expect(data.bilateral.destination.includes('Caribbean')).toBe(false);
  });

  it('emigrant stock per origin reproduces UN DESA 2019: India 17.5 M, Mexico 11.8 M, China 10.7 M', () => {
    // UN DESA, International Migrant Stock 2019 highlights: India 17.5 million, Mexico 11.8, China 10.7.
    // Exact sums of the file's columns (python3): IND 17,513,533; MEX 11,796,491; CHN 10,734,807.
    const stock = emigrantStock(data.bilateral).filter((r) => r.year === 2019);
    const of = (code: string): number => stock.find((r) => r.entity === code)!.value;
    expect(of('IND')).toBe(17_513_533);
    expect(of('MEX')).toBe(11_796_491);
    expect(of('CHN')).toBe(10_734_807);
    expect(Math.round(of('IND') / 1e5) / 10).toBe(17.5);
    expect(Math.round(of('MEX') / 1e5) / 10).toBe(11.8);
    expect(Math.round(of('CHN') / 1e5) / 10).toBe(10.7);
    // The largest origins in order, as in the highlights.
    const ranked = [...stock].sort((a, b) => b.value - a.value).slice(0, 5).map((r) => r.entity);
    expect(ranked).toEqual(['IND', 'MEX', 'CHN', 'RUS', 'SYR']);
  });

  it('South America row equals the sum of its countries, which is why it is skipped', () => {
    const southAmerica = ['ARG', 'BOL', 'BRA', 'CHL', 'COL', 'ECU', 'FLK', 'GUF', 'GUY', 'PRY', 'PER', 'SUR', 'URY', 'VEN'];
    const b = data.bilateral;
    // 8,044,583 in the file's South America row for 2019 (python3).
    expect(sumWhere(data, (i) => b.year[i] === 2019 && southAmerica.includes(b.destination[i]!) && b.origin[i] !== b.destination[i])).toBe(8_044_583);
  });
});

describe('Abel & Sander (2014) flows: country_orig_id, country_dest_id, countryflow_1990…', () => {
  let data: Dataset;
  let info: SourceInfo;
  beforeAll(async () => ({ data, info } = await readOne(ABEL)));

  it('reads countryflow_YYYY as indicator countryflow for year YYYY, 196 × 196 countries', () => {
    expect(info.rows).toBe(38_416);
    expect(info.values).toBe(38_416 * 4);
    const s = summary(data);
    expect(s).toEqual({ origins: 196, destinations: 196, years: [1990, 1995, 2000, 2005], indicators: ['countryflow'] });
    expect(data.bilateral.names.get('CAN')).toBe('Canada');
  });

  it('skips regionflow columns with a note, and notes the 5-year periods', () => {
    expect(info.notes[0]).toMatch(/^skipped 4 region-level columns \(regionflow_1990, regionflow_1995, regionflow_2000, regionflow_2005\): they repeat region totals/);
    expect(info.notes[1]).toMatch(/5 years apart: flow estimates such as Abel & Sander's cover the 5-year period starting that year \(1990 = 1990–1995\)/);
  });

  it('SOURCES.md check H: country flows read by migdev sum exactly to the file\'s region flows (100 region pairs, max 0)', () => {
    const [header, ...body] = csvRows(readFileSync(ABEL, 'utf8'));
    const col = (name: string): number => header!.indexOf(name);
    const regionOf = new Map<string, string>();
    const regionFlow = new Map<string, number>();
    for (const f of body) {
      regionOf.set(f[col('country_orig_id')]!, f[col('region_orig')]!);
      regionOf.set(f[col('country_dest_id')]!, f[col('region_dest')]!);
      for (const y of [1990, 1995, 2000, 2005]) regionFlow.set(`${f[col('region_orig')]}>${f[col('region_dest')]}>${y}`, Number(f[col(`regionflow_${y}`)]));
    }
    const b = data.bilateral;
    const sums = new Map<string, number>();
    for (let i = 0; i < b.size; i++) {
      const key = `${regionOf.get(b.origin[i]!)}>${regionOf.get(b.destination[i]!)}>${b.year[i]}`;
      sums.set(key, (sums.get(key) ?? 0) + b.value[i]!);
    }
    expect(regionFlow.size).toBe(100 * 4);
    let max = 0;
    for (const [key, v] of regionFlow) max = Math.max(max, Math.abs((sums.get(key) ?? 0) - v));
    expect(max).toBe(0);
  });
});

describe('UNHCR refugees and asylum seekers (year,orig,dest,refugees,asylum_seekers)', () => {
  let data: Dataset;
  let info: SourceInfo;
  beforeAll(async () => ({ data, info } = await readOne(UNHCR)));

  it('makes each numeric column an indicator; NA is missing', () => {
    expect(info.rows).toBe(93_936);
    const s = summary(data);
    expect(s.indicators).toEqual(['asylum_seekers', 'refugees']);
    expect(s.years[0]).toBe(1995);
    expect(s.years.at(-1)).toBe(2020);
    expect(info.values).toBe(93_936 * 2 - 12); // 6 rows with NA in both columns (python3)
  });

  it('keeps rows with an empty orig or dest under UNKNOWN, flagged and noted', () => {
    expect(data.bilateral.nonCountries.has('UNKNOWN')).toBe(true);
    expect(info.notes).toContain('1,307 rows with an empty origin or destination: kept under the partner UNKNOWN (not a country)');
  });

  it('SOURCES.md check J: Brazil-origin refugees equal WDI SM.POP.REFG.OR for 2000, 2005, 2010, 2015', async () => {
    const wdi = await readFiles([BRA], { filter: { indicator: (c) => c === 'SM.POP.REFG.OR' } });
    const b = data.bilateral;
    for (const year of [2000, 2005, 2010, 2015]) {
      const sum = sumWhere(data, (i) => b.origin[i] === 'BRA' && b.year[i] === year && b.indicator[i] === 'refugees');
      expect(sum, String(year)).toBe(wdi.panel.get('BRA', 'SM.POP.REFG.OR', year));
    }
    // 220, 370, 991, 893 in both (WDI 2024-11-13 Brazil file).
    expect(wdi.panel.get('BRA', 'SM.POP.REFG.OR', 2010)).toBe(991);
  });
});

describe('RPW corridors DataBank export (two country dimensions, quarterly)', () => {
  let data: Dataset;
  let info: SourceInfo;
  beforeAll(async () => ({ data, info } = await readOne(RPW)));

  it('is bilateral (not databank): origin = sending, destination = receiving, one value per quarter', () => {
    expect(info.format).toBe('bilateral');
    expect(info.rows).toBe(5_328);
    expect(info.blankRows).toBe(3);
    expect(info.footerLines).toBe(2);
    expect(info.values).toBe(10_417);
    const b = data.bilateral;
    expect(b.hasQuarters).toBe(true);
    expect(b.indicators()).toEqual(['ATCR.CORR']);
    expect(b.indicatorNames.get('ATCR.CORR')).toBe('Average Total Cost to remit in corridor');
    const corridors = new Set(b.origin.map((o, i) => `${o}>${b.destination[i]}`));
    expect(corridors.size).toBe(377); // SOURCES.md: 377 corridors carry a value
    expect(new Set(b.origin).size).toBe(48);
    expect(new Set(b.destination).size).toBe(111);
  });

  it('reads Kosovo\'s KSV as XKX, with a note', () => {
    const b = data.bilateral;
    expect(b.destination.includes('KSV')).toBe(false);
    expect(new Set(b.origin.filter((_, i) => b.destination[i] === 'XKX'))).toEqual(new Set(['AUT', 'CHE', 'DEU', 'ITA']));
    expect(info.notes).toContain('the World Bank code KSV (Kosovo) is read as XKX');
  });

  it('convert writes a period column (2011Q1) beside the numeric year', () => {
    const t = bilateralTable(data.bilateral);
    expect(t.columns.map((c) => c.name)).toEqual(['origin', 'destination', 'year', 'period', 'indicator', 'value']);
    const first = [...t.rows].find((r) => r[0] === 'USA' && r[1] === 'MEX');
    expect(first?.slice(0, 5)).toEqual(['USA', 'MEX', 2011, '2011Q1', 'ATCR.CORR']);
  });
});

describe('bilateral layouts on small inputs', () => {
  it('long rows with names resolve them; an unknown name is an error with file, line and column', async () => {
    const ok = tempFile('names.csv', 'origin,destination,year,value\nMexico,United States,2019,5\nmex,Canada,2019,1\n');
    const { data } = await readOne(ok);
    expect(data.bilateral.origin).toEqual(['MEX', 'MEX']);
    expect(data.bilateral.destination).toEqual(['USA', 'CAN']);
    const bad = tempFile('bad.csv', 'origin,destination,year,value\nMexico,United States,2019,5\nMexico,Atlantis,2019,1\n');
    const e = await inputErrorOf(readOne(bad));
    expect(e.code).toBe('unknown-country-name');
    expect(e.where).toMatchObject({ line: 3, column: 8 });
    expect(e.oneLine()).toMatch(/bad\.csv:3:8: 'Atlantis' in column 'destination' is not a country name migdev knows — write ISO3 codes/);
  });

  it('an unknown name in a matrix header or row is an error naming it', async () => {
    const header = tempFile('m1.csv', 'Sending,Mexico,Narnia,Canada\nUnited States,1,2,3\n');
    const e1 = await inputErrorOf(readOne(header, { inputFormat: 'bilateral' }));
    expect(e1.code).toBe('unknown-country-name');
    expect(e1.where).toMatchObject({ line: 1, column: 3 });
    const row = tempFile('m2.csv', 'Sending,Mexico,Guatemala,Canada\nUnited States,1,2,3\nNarnia,1,2,3\n');
    const e2 = await inputErrorOf(readOne(row));
    expect(e2.oneLine()).toMatch(/m2\.csv:3:1: 'Narnia' in column 'Sending'/);
  });

  it('a matrix whose header does not say its direction needs --matrix-rows', async () => {
    const path = tempFile('m3.csv', 'Country,Mexico,Guatemala,Canada\nUnited States,1,2,3\n');
    const e = await inputErrorOf(readOne(path));
    expect(e.code).toBe('matrix-direction');
    expect(e.hint).toMatch(/--matrix-rows origin/);
    const { data } = await readOne(path, { matrixRows: 'destination' });
    expect(data.bilateral.origin).toEqual(['MEX', 'GTM', 'CAN']);
    expect(data.bilateral.destination).toEqual(['USA', 'USA', 'USA']);
  });

  it('--countries keeps corridors with either end in the list, and only totals that stay complete', async () => {
    const { data } = await readOne(KVDBRACH, { filter: { entity: (c) => c === 'NPL' } });
    const b = data.bilateral;
    expect(b.origin.every((o, i) => o === 'NPL' || b.destination[i] === 'NPL')).toBe(true);
    expect(b.totals.map((t) => `${t.kind}:${t.code}`).sort()).toEqual(['destination:NPL', 'origin:NPL']);
    expect(checkTotals(b).every((c) => c.ok)).toBe(true);
  });

  it('a value given twice differently is an error naming both places', async () => {
    const path = tempFile('dup.csv', 'orig,dest,year,refugees\nSYR,TUR,2019,10\nSYR,TUR,2019,11\n');
    const e = await inputErrorOf(readOne(path));
    expect(e.code).toBe('conflicting-duplicate');
    expect(e.message).toMatch(/SYR→TUR 2019 refugees is 11 here but 10 at .*dup\.csv:2/);
  });

  it('is not claimed by long/wide, and a two-country DataBank export is not claimed by databank', async () => {
    const long = tempFile('l.csv', 'origin,destination,year,indicator,value\nMEX,USA,2019,stock,5\n');
    expect((await readOne(long)).info.format).toBe('bilateral');
    expect((await readOne(RPW, { filter: { entity: (c) => c === 'NPL' } })).info.format).toBe('bilateral');
  });
});

describe('BilateralTable keys', () => {
  it('tells apart quarters, whole years and no year; a different value for the same key is an error', async () => {
    const { BilateralTable } = await import('../src/bilateral.js');
    const b = new BilateralTable();
    b.add('USA', 'MEX', 2011, 'ATCR.CORR', 5, 'f', 2, 1);
    b.add('USA', 'MEX', 2011, 'ATCR.CORR', 6, 'f', 2, 3);
    b.add('USA', 'MEX', 2011, 'ATCR.CORR', 7, 'f', 2);
    b.add('USA', 'MEX', undefined, 'ATCR.CORR', 8, 'f', 2);
    b.add('USA', 'MEX', 2011, 'ATCR.CORR', 5, 'f', 3, 1); // same value again: accepted
    expect(b.size).toBe(4);
    expect(() => b.add('USA', 'MEX', 2011, 'ATCR.CORR', 9, 'g', 7, 3)).toThrow(/USA→MEX 2011Q3 ATCR.CORR is 9 here but 6 at f:2/);
    // Outside the packed-key range (a library caller's odd year) the string key still finds duplicates.
    b.add('USA', 'MEX', 5000, 'x', 1, 'f', 2);
    expect(() => b.add('USA', 'MEX', 5000, 'x', 2, 'f', 3)).toThrow(/conflicting|is 2 here but 1/);
  });

  it('perFile: the same corridor in two files is two values; within one file still a conflict', async () => {
    const { BilateralTable } = await import('../src/bilateral.js');
    const b = new BilateralTable({ perFile: true });
    b.add('MEX', 'USA', undefined, 'value', 11489684, 'stock.xlsx', 120);
    b.add('MEX', 'USA', undefined, 'value', 30016, 'remit.xlsx', 120);
    expect(b.size).toBe(2);
    expect(() => b.add('MEX', 'USA', undefined, 'value', 1, 'stock.xlsx', 121)).toThrow(/is 1 here but 11489684 at stock.xlsx:120/);
  });
});

describe('--map emigrant_stock=@bilateral[:INDICATOR]', () => {
  it('is recognised, with or without an indicator; other values are columns', () => {
    expect(bilateralStockRef('@bilateral')).toEqual({ indicator: undefined });
    expect(bilateralStockRef('@BILATERAL:stock')).toEqual({ indicator: 'stock' });
    expect(bilateralStockRef('@bilateral:')).toEqual({ indicator: undefined });
    expect(bilateralStockRef('emigrants')).toBeUndefined();
    expect(bilateralStockRef('@bilaterals')).toBeUndefined();
    expect(bilateralStockRef(undefined)).toBeUndefined();
  });
});

describe('inspect on the small bilateral fixtures (the big ones are summarised above from one read)', () => {
  it('RPW export: bilateral, 48 sending × 111 receiving, 2011–2020, blank and footer rows', async () => {
    const { inspectFile } = await import('../src/inspect.js');
    const rep = await inspectFile(RPW);
    expect(rep).toMatchObject({ format: 'bilateral', rows: 5328, blankRows: 3, footerLines: 2, values: 10417 });
    expect(rep.bilateral).toMatchObject({ origins: 48, destinations: 111, indicators: ['ATCR.CORR'], firstYear: 2011, lastYear: 2020 });
  });
});
