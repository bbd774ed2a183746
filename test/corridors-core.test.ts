import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BilateralTable } from '../src/bilateral.js';
import {
  addEmigrantStock,
  concentration,
  corridorCosts,
  corridorReport,
  effectivePartners,
  emigrantStock,
  flowWeights,
  globalCosts,
  groupCosts,
  hhi,
  observationsFromCorridorSeries,
  observationsFromQuotes,
  partnerShares,
} from '../src/corridors/index.js';
import { MigdevError } from '../src/errors.js';
import { type Dataset, readFiles } from '../src/ingest/read.js';
import type { Cell } from '../src/output/table.js';
import { Panel } from '../src/panel.js';
import { PriceTable } from '../src/prices.js';

const SERVICES = new URL('./fixtures-prices/synthetic_rpw_services.csv', import.meta.url).pathname;
const FLOWS = new URL('./fixtures-prices/synthetic_flows.csv', import.meta.url).pathname;
const RPW = new URL('../fixtures/rpw/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv', import.meta.url).pathname;

function table(rows: Array<[string, string, number | undefined, string, number]>): BilateralTable {
  const b = new BilateralTable();
  rows.forEach(([o, d, y, ind, v], i) => b.add(o, d, y, ind, v, 'test.csv', i + 2));
  return b;
}

function rowsOf(t: { columns: Array<{ name: string }>; rows: Iterable<readonly Cell[]> }): Array<Record<string, Cell>> {
  return [...t.rows].map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i] ?? null])));
}

describe('HHI and effective number of partners (hand-worked)', () => {
  it('shares .5, .3, .2 → HHI .38, effective partners 1/.38 = 2.6316', () => {
    expect(hhi([50, 30, 20])).toBeCloseTo(0.38, 15);
    expect(effectivePartners(hhi([50, 30, 20]))).toBeCloseTo(2.631578947368421, 12);
  });
  it('n equal partners → 1/n and n; one partner → 1 and 1', () => {
    expect(hhi([7, 7, 7, 7])).toBeCloseTo(0.25, 15);
    expect(effectivePartners(0.25)).toBe(4);
    expect(hhi([3])).toBe(1);
  });
  it('only positive values are partners; none → undefined, never NaN', () => {
    expect(hhi([5, 0, -2])).toBe(1);
    expect(hhi([0, 0])).toBeUndefined();
    expect(hhi([])).toBeUndefined();
    expect(effectivePartners(undefined)).toBeUndefined();
  });
});

describe('concentration and partner shares', () => {
  const b = table([
    ['AAA', 'BBB', 2019, 'stock', 50],
    ['AAA', 'CCC', 2019, 'stock', 30],
    ['AAA', 'OTHER_SOUTH', 2019, 'stock', 20],
    ['AAA', 'AAA', 2019, 'stock', 1000], // natives: not a partner
    ['AAA', 'DDD', 2019, 'stock', 0], // zero: not a partner
    ['BBB', 'CCC', 2019, 'stock', 10],
  ]);
  b.nonCountries.add('OTHER_SOUTH');

  it('per origin: total over positive partners, HHI, top-k with shares; residual groups count as partners', () => {
    const [a, bb] = concentration(b, { by: 'origin', top: 2 });
    expect(a).toMatchObject({ code: 'AAA', year: 2019, indicator: 'stock', total: 100, partners: 3 });
    expect(a!.hhi).toBeCloseTo(0.38, 15);
    expect(a!.top).toEqual([
      { code: 'BBB', value: 50, share: 0.5 },
      { code: 'CCC', value: 30, share: 0.3 },
    ]);
    expect(bb).toMatchObject({ code: 'BBB', total: 10, partners: 1, hhi: 1, effectivePartners: 1 });
  });

  it('per destination: CCC receives from AAA (30) and BBB (10) → HHI .75² + .25² = .625', () => {
    const ccc = concentration(b, { by: 'destination', top: 3 }).find((r) => r.code === 'CCC')!;
    expect(ccc.hhi).toBeCloseTo(0.625, 15);
    expect(ccc.effectivePartners).toBeCloseTo(1.6, 15);
  });

  it('partner rows: share and rank within the origin; top 0 keeps all', () => {
    expect(partnerShares(b, { by: 'origin', top: 0 }).map((r) => [r.origin, r.destination, r.share, r.rank])).toEqual([
      ['AAA', 'BBB', 0.5, 1],
      ['AAA', 'CCC', 0.3, 2],
      ['AAA', 'OTHER_SOUTH', 0.2, 3],
      ['BBB', 'CCC', 1, 1],
    ]);
  });
});

describe('emigrant stock (library function for compute)', () => {
  const b = table([
    ['AAA', 'BBB', 2015, 'stock', 10],
    ['AAA', 'CCC', 2015, 'stock', 5],
    ['AAA', 'AAA', 2015, 'stock', 999],
    ['AAA', 'BBB', 2019, 'stock', 12],
    ['OTHER_SOUTH', 'BBB', 2019, 'stock', 4],
  ]);
  b.nonCountries.add('OTHER_SOUTH');

  it('sums over destinations, natives excluded, non-country origins left out', () => {
    expect(emigrantStock(b).map((r) => [r.entity, r.year, r.indicator, r.value, r.destinations])).toEqual([
      ['AAA', 2015, 'emigrant_stock', 15, 2],
      ['AAA', 2019, 'emigrant_stock', 12, 1],
    ]);
  });

  it('feeds a panel as emigrant_stock', () => {
    const panel = new Panel();
    expect(addEmigrantStock(panel, emigrantStock(b), 'stock.csv (summed over destinations)')).toBe(2);
    expect(panel.get('AAA', 'emigrant_stock', 2015)).toBe(15);
    expect(panel.origin('AAA', 'emigrant_stock', 2019)?.file).toBe('stock.csv (summed over destinations)');
  });

  it('needs --indicator when the data hold several', () => {
    const two = table([
      ['AAA', 'BBB', 2019, 'refugees', 1],
      ['AAA', 'BBB', 2019, 'asylum_seekers', 2],
    ]);
    expect(() => emigrantStock(two)).toThrow(MigdevError);
    expect(() => emigrantStock(two)).toThrow(/2 \(asylum_seekers, refugees\)/);
    expect(emigrantStock(two, { indicator: 'REFUGEES' })[0]!.value).toBe(1);
  });
});

describe('remittance costs from price quotes (synthetic RPW services, hand-worked)', () => {
  let data: Dataset;
  beforeAll(async () => {
    data = await readFiles([SERVICES, FLOWS]);
  });

  it('per corridor: simple average, SmaRT of the three cheapest, flag below three, gap to 3 %', () => {
    const c = corridorCosts(observationsFromQuotes(data.prices));
    const mex = c.find((x) => x.destination === 'MEX' && x.period === '2019Q1')!;
    // services 2.0, 3.5, 4.0, 6.5, 9.0 → mean 25/5 = 5; SmaRT (2 + 3.5 + 4) / 3 = 3.1667
    expect(mex.n).toBe(5);
    expect(mex.average).toBe(5);
    expect(mex.smart).toBeCloseTo(9.5 / 3, 14);
    expect(mex.smartN).toBe(3);
    expect(mex.gap).toBe(2);
    expect(mex.atOrBelow5).toBe(true); // 5 is at the cap
    const ind = c.find((x) => x.destination === 'IND')!;
    expect([ind.average, ind.smart, ind.smartN]).toEqual([3, 3, 2]); // fewer than three: flagged by smartN
    expect(c.find((x) => x.destination === 'PHL')!.atOrBelow5).toBe(false); // 3, 5, 6, 10 → 6
  });

  it('per sending, receiving and region: simple averages over services', () => {
    const obs = observationsFromQuotes(data.prices);
    const sending = groupCosts(obs, 'sending').filter((g) => g.period === '2019Q1');
    expect(sending.map((g) => [g.key, g.corridors, g.n])).toEqual([
      ['ESP', 1, 1],
      ['GBR', 2, 5],
      ['USA', 2, 9],
    ]);
    expect(sending.find((g) => g.key === 'USA')!.average).toBeCloseTo(49 / 9, 14); // 25 + 24 over 9 services
    expect(sending.find((g) => g.key === 'GBR')!.average).toBeCloseTo(33 / 5, 14); // 27 + 6 over 5
    const region = groupCosts(obs, 'region').find((g) => g.key === 'Sub-Saharan Africa')!;
    expect(region.average).toBe(9);
  });

  it('global: simple average over services, share ≤ 5 %, SmaRT average, flow-weighted average', () => {
    const obs = observationsFromQuotes(data.prices);
    const corridors = corridorCosts(obs);
    const weights = flowWeights(data.bilateral, 'value');
    const [q1, q3] = globalCosts(obs, corridors, weights);
    // 2019Q1: 15 services summing to 86.5; corridors MEX 5, PHL 6, NGA 9, IND 3, MAR 4.5
    expect(q1!.n).toBe(15);
    expect(q1!.average).toBeCloseTo(86.5 / 15, 14);
    expect(q1!.shareAtOrBelow5).toBe(0.6);
    expect(q1!.smartAverage).toBeCloseTo((9.5 / 3 + 14 / 3 + 9 + 3 + 4.5) / 5, 14);
    // flows 2019: MEX 100, PHL 50, NGA 20, IND 30 (ESP→MAR has none): (500 + 300 + 180 + 90) / 200
    expect(q1!.weighted).toBeCloseTo(5.35, 14);
    expect(q1!.weightedCorridors).toBe(4);
    expect(q1!.weightsYears).toBe('2019');
    // 2019Q3: MEX 3 with its 2019 flow (100, not 2018's 90), DEU→XKX 6 with its 2018 flow (40)
    expect(q3!.weighted).toBeCloseTo((300 + 240) / 140, 14);
    expect(q3!.weightsYears).toBe('2018, 2019');
  });

  it('flow weights: same year, else latest earlier year, else yearless; never a later year', () => {
    const b = table([
      ['AAA', 'BBB', 2010, 'f', 1],
      ['AAA', 'BBB', 2015, 'f', 2],
      ['CCC', 'DDD', undefined, 'f', 7],
    ]);
    const w = flowWeights(b, 'f');
    expect(w('AAA', 'BBB', 2015)).toEqual({ value: 2, year: 2015 });
    expect(w('AAA', 'BBB', 2014)).toEqual({ value: 1, year: 2010 });
    expect(w('AAA', 'BBB', 2009)).toBeUndefined();
    expect(w('CCC', 'DDD', 2020)).toEqual({ value: 7, year: null });
  });
});

describe('remittance costs from the RPW corridors export (ATCR.CORR)', () => {
  let data: Dataset;
  beforeAll(async () => {
    data = await readFiles([RPW]);
  });

  it('per-year mean of the quarters per corridor (values confirmed in python3)', () => {
    const obs = observationsFromCorridorSeries(data.bilateral, 'ATCR.CORR');
    const usaMex = (y: number) => obs.find((o) => o.origin === 'USA' && o.destination === 'MEX' && o.year === y)!;
    expect(usaMex(2011).cost).toBeCloseTo(5.486655473709105, 12); // Q1 and Q3 only
    expect(usaMex(2011).quarters).toBe(2);
    expect(usaMex(2020).cost).toBeCloseTo(4.14512332280477, 12); // Q1–Q3
    expect(new Set(obs.map((o) => `${o.origin}>${o.destination}`)).size).toBe(377);
  });

  it('receiving-country means and global share at or below 5 %', () => {
    const obs = observationsFromCorridorSeries(data.bilateral, 'ATCR.CORR');
    // Brazil 2016: mean of its 6 corridors' yearly means. SOURCES.md check I's 7.02 is the mean over
    // all 23 quarterly values (PRT has 3 quarters that year), a different weighting.
    const bra = groupCosts(obs, 'receiving').find((g) => g.key === 'BRA' && g.year === 2016)!;
    expect(bra.corridors).toBe(6);
    expect(bra.average).toBeCloseTo(6.941623237397933, 12);
    const g2020 = globalCosts(obs, corridorCosts(obs), undefined, false).find((g) => g.year === 2020)!;
    expect(g2020.corridors).toBe(367);
    expect(g2020.average).toBeCloseTo(6.980090173687124, 12);
    expect(g2020.shareAtOrBelow5).toBeCloseTo(126 / 367, 14);
    expect(g2020.shareAbove5).toBeCloseTo(241 / 367, 14);
  });
});

describe('corridorReport', () => {
  it('chooses costs for price data and concentration for other bilateral data', () => {
    const prices = new PriceTable();
    prices.add({ sending: 'USA', receiving: 'MEX', period: '2019', year: 2019, service: 'a', firmType: undefined, totalCostPct: 4, feePct: undefined, fxMarginPct: undefined, file: 'p', line: 2 });
    expect(corridorReport({ bilateral: new BilateralTable(), prices }).report).toBe('costs');
    const b = table([['AAA', 'BBB', 2019, 'stock', 1]]);
    expect(corridorReport({ bilateral: b, prices: new PriceTable() }).report).toBe('concentration');
  });

  it('concentration table: code,name,year,indicator,total,partners,hhi,effective_partners,top1,top1_share…', () => {
    const b = table([
      ['MEX', 'USA', 2019, 'stock', 50],
      ['MEX', 'CAN', 2019, 'stock', 30],
      ['MEX', 'ESP', 2019, 'stock', 20],
    ]);
    const r = corridorReport({ bilateral: b, prices: new PriceTable() }, { top: 2 });
    expect(r.table.columns.map((c) => c.name)).toEqual(['code', 'name', 'year', 'indicator', 'total', 'partners', 'hhi', 'effective_partners', 'top1', 'top1_share', 'top2', 'top2_share']);
    expect(rowsOf(r.table)[0]).toMatchObject({ code: 'MEX', name: 'Mexico', year: 2019, total: 100, partners: 3, top1: 'USA', top1_share: 0.5, top2: 'CAN', top2_share: 0.3 });
  });

  it('warns when a published total does not match the sum of its values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migdev-corridors-'));
    const path = join(dir, 'm.csv');
    writeFileSync(path, 'Sending,Mexico,Guatemala,Total\nUnited States,10,5,15\nCanada,1,2,3.5\nTotal,11,7,19\n');
    const data = await readFiles([path]);
    const r = corridorReport(data);
    expect(r.checks.filter((c) => !c.ok).map((c) => [c.kind, c.code, c.declared, c.computed])).toEqual([
      ['origin', 'CAN', 3.5, 3],
      ['grand', '', 19, 18],
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^2 of 5 published totals differ from the sum of the values by more than 1e-6 relative; largest: the grand total is 19 at .*m\.csv:4 but the values sum to 18 \(--report totals lists them all\)$/);
    expect(rowsOf(corridorReport(data, { report: 'totals' }).table).map((x) => x.status)).toEqual(['ok', 'mismatch', 'ok', 'ok', 'mismatch']);
  });

  it('reports on bilateral data without any is a usage error', () => {
    expect(() => corridorReport({ bilateral: new BilateralTable(), prices: new PriceTable() }, { report: 'partners' })).toThrow(/the partners report needs bilateral data/);
  });

  it('the cost report without cost data is a usage error', () => {
    const b = table([['AAA', 'BBB', 2019, 'stock', 1]]);
    expect(() => corridorReport({ bilateral: b, prices: new PriceTable() }, { report: 'costs' })).toThrow(/needs remittance prices/);
  });
});
