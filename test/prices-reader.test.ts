import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pricesTable } from '../src/convert.js';
import { MigdevError } from '../src/errors.js';
import { parsePeriod } from '../src/ingest/layouts/bilateral-common.js';
import { readFiles } from '../src/ingest/read.js';

// A synthetic survey in the Remittance Prices Worldwide layout (not real prices): 19 services,
// 6 corridors, two quarters written RPW-style as 2019_1Q / 2019_3Q.
const SERVICES = new URL('./fixtures-prices/synthetic_rpw_services.csv', import.meta.url).pathname;

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'migdev-prices-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('prices layout', () => {
  it('reads the RPW-style columns: source/destination codes, firm, product, cc1 fee, cc1 fx margin, cc1 total cost %', async () => {
    const data = await readFiles([SERVICES]);
    const info = data.sources[0]!;
    expect(info.format).toBe('prices');
    expect(data.prices.size).toBe(19);
    expect(data.bilateral.size).toBe(0);
    const q = data.prices.quotes[0]!;
    expect(q).toMatchObject({
      sending: 'USA',
      receiving: 'MEX',
      period: '2019Q1',
      year: 2019,
      service: 'Alpha Transfer · Cash to cash',
      firmType: 'Money Transfer Operator',
      totalCostPct: 2,
      feePct: 1, // 2.00 on 200
      fxMarginPct: 1,
    });
    expect(data.prices.names.get('MEX')).toBe('Mexico');
  });

  it('computes a missing total as fee % + FX margin, and says so', async () => {
    const data = await readFiles([SERVICES]);
    const epsilon = data.prices.quotes.find((q) => q.service.startsWith('Epsilon') && q.receiving === 'MEX')!;
    expect(epsilon.totalCostPct).toBe(9); // 10.00 on 200 = 5 %, + 4 %
    expect(data.sources[0]!.notes).toContain('1 total cost computed as fee % + FX margin %');
  });

  it('reads KSV as XKX and filters corridors with either end in --countries', async () => {
    const all = await readFiles([SERVICES]);
    expect(all.prices.quotes.filter((q) => q.receiving === 'XKX')).toHaveLength(1);
    const some = await readFiles([SERVICES], { filter: { entity: (c) => c === 'GBR' || c === 'MAR' } });
    expect(new Set(some.prices.quotes.map((q) => `${q.sending}>${q.receiving}`))).toEqual(new Set(['GBR>NGA', 'GBR>IND', 'ESP>MAR']));
    expect(some.sources[0]!.rowsFiltered).toBe(13);
  });

  it('accepts names instead of codes, fees in % and a fee in money with an amount column', async () => {
    const path = tempFile(
      'p.csv',
      'Quarter,Sending country,Receiving country,Provider,Fee %,FX margin,Fee,Amount\nQ2 2020,Spain,Morocco,A,1.5,2,,\n2020-Q2,Spain,Morocco,B,,1,6,300\n',
    );
    const data = await readFiles([path]);
    expect(data.prices.quotes.map((q) => [q.sending, q.receiving, q.period, q.totalCostPct, q.feePct])).toEqual([
      ['ESP', 'MAR', '2020Q2', 3.5, 1.5],
      ['ESP', 'MAR', '2020Q2', 3, 2],
    ]);
  });

  it('a bad period is an input error at its line and column', async () => {
    const path = tempFile('p.csv', 'period,source_code,destination_code,cc1 total cost %\n2019_1Q,USA,MEX,5\nspring,USA,MEX,5\n');
    const e = await readFiles([path]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MigdevError);
    expect((e as MigdevError).code).toBe('bad-period');
    expect((e as MigdevError).oneLine()).toMatch(/p\.csv:3:1: 'spring' in column 'period' is not a year or quarter/);
  });

  it('convert lists quotes with firm type', async () => {
    const data = await readFiles([SERVICES]);
    const t = pricesTable(data.prices);
    expect(t.columns.map((c) => c.name)).toEqual(['sending', 'receiving', 'period', 'service', 'firm_type', 'total_cost_pct', 'fee_pct', 'fx_margin_pct']);
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2019', [2019, 0]],
    ['2019Q3', [2019, 3]],
    ['2019 Q3', [2019, 3]],
    ['2019-q3', [2019, 3]],
    ['2019_3Q', [2019, 3]],
    ['Q3 2019', [2019, 3]],
    ['2019.0', [2019, 0]],
  ])('%s', (text, want) => {
    expect(parsePeriod(text)).toEqual(want);
  });
  it.each(['2019Q5', '19Q1', 'spring', ''])('%j is not a period', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
});
