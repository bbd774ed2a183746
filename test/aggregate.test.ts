import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aggregatePanel,
  groupsFromMeta,
  latestGroupRows,
  parseMinCoverage,
  readGroupsFile,
  restrictGroups,
  statistic,
  type AggregatePanelOptions,
  type GroupRow,
} from '../src/aggregate/index.js';
import { EntityMeta } from '../src/entities/meta.js';
import { MigdevError } from '../src/errors.js';
import { panelOf, type PanelSpec } from './helpers.js';

// Every expected value here is worked out by hand in the comment next to it.

const tmp = mkdtempSync(path.join(tmpdir(), 'migdev-aggregate-'));

function run(spec: PanelSpec, groups: Record<string, string[]>, opts: Omit<AggregatePanelOptions, 'groups'>): GroupRow[] {
  return aggregatePanel(panelOf(spec), { groups: new Map(Object.entries(groups)), ...opts }).rows;
}

function row(rows: readonly GroupRow[], metric: string, year: number, group = 'G'): GroupRow {
  const r = rows.find((x) => x.group === group && x.metric === metric && x.year === year);
  if (!r) throw new Error(`no row ${group} ${year} ${metric}`);
  return r;
}

describe('sums: computed when at most a third of the members lack data', () => {
  const spec: PanelSpec = {
    A: { remit_in_usd: { 2020: 10, 2021: 10 } },
    B: { remit_in_usd: { 2020: 20 } },
    C: {},
  };

  it('one member of three missing (exactly a third): Σ of the other two', () => {
    const r = row(run(spec, { G: ['A', 'B', 'C'] }, { totals: ['remit_in_usd'] }), 'remit_in_usd', 2020);
    // 10 + 20 = 30, n = 2, coverage = 2/3.
    expect(r).toEqual({ group: 'G', year: 2020, metric: 'remit_in_usd', value: 30, n: 2, coverage: 2 / 3 });
  });

  it('two of three missing: the row is there, the value is not', () => {
    const r = row(run(spec, { G: ['A', 'B', 'C'] }, { totals: ['remit_in_usd'] }), 'remit_in_usd', 2021);
    expect(r).toEqual({ group: 'G', year: 2021, metric: 'remit_in_usd', value: undefined, n: 1, coverage: 1 / 3 });
  });

  it('counts members absent from the data: 4 of 6 reporting is enough, 3 of 6 is not', () => {
    const six: PanelSpec = {
      A: { remit_in_usd: { 2020: 1, 2021: 1 } },
      B: { remit_in_usd: { 2020: 2, 2021: 2 } },
      C: { remit_in_usd: { 2020: 3, 2021: 3 } },
      D: { remit_in_usd: { 2020: 4 } },
    };
    const rows = run(six, { G: ['A', 'B', 'C', 'D', 'E', 'F'] }, { totals: ['remit_in_usd'] });
    expect(row(rows, 'remit_in_usd', 2020)).toMatchObject({ value: 10, n: 4, coverage: 4 / 6 }); // 1+2+3+4
    expect(row(rows, 'remit_in_usd', 2021)).toMatchObject({ value: undefined, n: 3, coverage: 0.5 });
  });

  it('sums a level metric (net remittances) the same way, from the members\' metric values', () => {
    const rows = run(
      {
        A: { remit_in_usd: { 2020: 10 }, remit_out_usd: { 2020: 4 } },
        B: { remit_in_usd: { 2020: 5 }, remit_out_usd: { 2020: 8 } },
        C: { remit_in_usd: { 2020: 7 } },
      },
      { G: ['A', 'B', 'C'] },
      { metrics: ['net_remittances_usd'] },
    );
    // (10 − 4) + (5 − 8) = 3; C has no outflow, so no net value: n = 2 of 3.
    expect(row(rows, 'net_remittances_usd', 2020)).toMatchObject({ value: 3, n: 2, coverage: 2 / 3 });
  });
});

describe('ratios: Σ numerator / Σ denominator, weighted by the denominator', () => {
  const spec: PanelSpec = {
    A: { remit_in_usd: { 2020: 10 }, gdp_usd: { 2020: 100 } },
    B: { remit_in_usd: { 2020: 30 }, gdp_usd: { 2020: 200 } },
    C: { gdp_usd: { 2020: 100 } },
    D: { remit_in_usd: { 2020: 99 } },
  };

  it('leaves out a member without the numerator and counts its weight as missing', () => {
    const r = row(run(spec, { G: ['A', 'B', 'C', 'D'] }, { metrics: ['remittances_gdp_pct'] }), 'remittances_gdp_pct', 2020);
    // 100 · (10 + 30) / (100 + 200) = 13.333…, not the unweighted mean of 10 % and 15 % (12.5).
    // Coverage: A and B hold 300 of the 400 of GDP known (C's 100 lacks remittances); D's GDP is
    // unknown, so D weighs nothing either way.
    expect(r.value).toBeCloseTo(40 / 3, 12);
    expect(r).toMatchObject({ n: 2, coverage: 0.75 });
  });

  it('is computed at exactly 2/3 of the weight and not a hair below', () => {
    const at = (gdpC: number): GroupRow =>
      row(
        run({ A: { remit_in_usd: { 2020: 10 }, gdp_usd: { 2020: 200 } }, C: { gdp_usd: { 2020: gdpC } } }, { G: ['A', 'C'] }, { metrics: ['remittances_gdp_pct'] }),
        'remittances_gdp_pct',
        2020,
      );
    // A holds 200 of 300: coverage 2/3 → 100 · 10 / 200 = 5.
    expect(at(100)).toMatchObject({ value: 5, n: 1, coverage: 2 / 3 });
    // 200 of 301 = 0.6645 < 2/3: not computed. Only one member of two lacks data, so a rule
    // counting members would have computed it: the weight decides.
    expect(at(101)).toMatchObject({ value: undefined, n: 1 });
    expect(at(101).coverage).toBeCloseTo(200 / 301, 15);
  });

  it('--min-coverage moves the threshold', () => {
    const spec2: PanelSpec = { A: { remit_in_usd: { 2020: 10 }, gdp_usd: { 2020: 200 } }, C: { gdp_usd: { 2020: 101 } } };
    const r = row(run(spec2, { G: ['A', 'C'] }, { metrics: ['remittances_gdp_pct'], minCoverage: 0.6 }), 'remittances_gdp_pct', 2020);
    expect(r.value).toBe(5);
  });

  it('adds denominatorPlus into each member\'s denominator (emigration rate)', () => {
    const rows = run(
      {
        A: { emigrant_stock: { 2020: 10 }, population: { 2020: 90 } },
        B: { emigrant_stock: { 2020: 30 }, population: { 2020: 170 } },
      },
      { G: ['A', 'B'] },
      { metrics: ['emigration_rate_pct'] },
    );
    // 100 · (10 + 30) / ((90 + 10) + (170 + 30)) = 100 · 40 / 300 = 13.333…
    const r = row(rows, 'emigration_rate_pct', 2020);
    expect(r.value).toBeCloseTo(40 / 3, 12);
    expect(r).toMatchObject({ n: 2, coverage: 1 });
  });

  it('treats a zero or negative denominator as unknown, as for one country', () => {
    const rows = run(
      {
        A: { remit_in_usd: { 2020: 10 }, fdi_in_usd: { 2020: 20 } },
        B: { remit_in_usd: { 2020: 5 }, fdi_in_usd: { 2020: -50 } },
      },
      { G: ['A', 'B'] },
      { metrics: ['remittances_to_fdi_ratio'] },
    );
    // B's negative net FDI has no weight: 10 / 20 = 0.5 from A alone, coverage 20 / 20.
    expect(row(rows, 'remittances_to_fdi_ratio', 2020)).toMatchObject({ value: 0.5, n: 1, coverage: 1 });
  });

  it('equals the member\'s own value for a group of one', () => {
    const rows = run({ A: { remit_in_usd: { 2020: 7 }, population: { 2020: 3 } } }, { G: ['A'] }, { metrics: ['remittances_per_capita_usd'] });
    expect(row(rows, 'remittances_per_capita_usd', 2020).value).toBe(7 / 3);
  });
});

describe('growth: from the group totals of the same members in t and t − 1', () => {
  it('leaves out a member that enters the data, so its arrival is not growth', () => {
    const rows = run(
      {
        A: { remit_in_usd: { 2019: 100, 2020: 110 } },
        B: { remit_in_usd: { 2019: 50, 2020: 40 } },
        C: { remit_in_usd: { 2020: 1000 } },
      },
      { G: ['A', 'B', 'C'] },
      { metrics: ['remittance_growth_pct'] },
    );
    // 100 · ((110 + 40) / (100 + 50) − 1) = 0; C (no 2019) is out: n = 2, coverage 2/3.
    expect(row(rows, 'remittance_growth_pct', 2020)).toMatchObject({ value: 0, n: 2, coverage: 2 / 3 });
    // 2019: nobody has 2018, so n = 0 and nothing is computed.
    expect(row(rows, 'remittance_growth_pct', 2019)).toMatchObject({ value: undefined, n: 0, coverage: 0 });
  });

  it('is computed with half the members and not with fewer', () => {
    const spec: PanelSpec = {
      A: { remit_in_usd: { 2019: 100, 2020: 120, 2021: 150 } },
      B: { remit_in_usd: { 2019: 100, 2020: 100 } },
    };
    const rows = run(spec, { G: ['A', 'B', 'C', 'D'] }, { metrics: ['remittance_growth_pct'] });
    // 2020: A and B, 2 of 4 = 1/2 → 100 · (220 / 200 − 1) = 10.
    expect(row(rows, 'remittance_growth_pct', 2020).value).toBeCloseTo(10, 12);
    // 2021: A alone, 1 of 4 → not computed (A alone would say 25 %).
    expect(row(rows, 'remittance_growth_pct', 2021)).toMatchObject({ value: undefined, n: 1, coverage: 0.25 });
    // --min-coverage replaces the growth threshold too.
    const lax = run(spec, { G: ['A', 'B', 'C', 'D'] }, { metrics: ['remittance_growth_pct'], minCoverage: 0.25 });
    expect(row(lax, 'remittance_growth_pct', 2021).value).toBeCloseTo(25, 12);
  });
});

describe('--stat: unweighted statistics of the members\' values', () => {
  // Cost gaps 5, 1, 3 and 7 pp (costs 8, 4, 6, 10 %), E without data: 4 of 5 members.
  const spec: PanelSpec = {
    A: { remit_cost_in_pct: { 2020: 8 } },
    B: { remit_cost_in_pct: { 2020: 4 } },
    C: { remit_cost_in_pct: { 2020: 6 } },
    D: { remit_cost_in_pct: { 2020: 10 } },
  };
  const group = { G: ['A', 'B', 'C', 'D', 'E'] };

  it.each([
    ['median', 4], // (3 + 5) / 2
    ['mean', 4], // (5 + 1 + 3 + 7) / 4
    ['min', 1],
    ['max', 7],
  ] as const)('%s of the cost gaps is %d', (stat, expected) => {
    const r = row(run(spec, group, { metrics: ['remittance_cost_gap_pp'], stat }), 'remittance_cost_gap_pp', 2020);
    expect(r).toEqual({ group: 'G', year: 2020, metric: 'remittance_cost_gap_pp', value: expected, n: 4, coverage: 0.8 });
  });

  it('median of an odd count is the middle value', () => {
    expect(statistic('median', [5, 1, 3])).toBe(3);
    expect(statistic('median', [2])).toBe(2);
  });

  it('applies the one-third rule to members: 3 of 5 is not enough', () => {
    const r = row(run(spec, { G: ['A', 'B', 'C', 'E', 'F'] }, { metrics: ['remittance_cost_gap_pp'], stat: 'max' }), 'remittance_cost_gap_pp', 2020);
    expect(r).toMatchObject({ value: undefined, n: 3, coverage: 0.6 });
  });

  it('skips metrics without a WDI rule when no statistic is given, saying why', () => {
    const res = aggregatePanel(panelOf(spec), { groups: new Map(Object.entries(group)), metrics: ['remittance_cost_gap_pp'] });
    expect(res.rows).toEqual([]);
    expect(res.skipped).toEqual([{ id: 'remittance_cost_gap_pp', reason: 'no group aggregate' }]);
  });

  it('replaces a metric\'s rule when asked for that metric', () => {
    const res = aggregatePanel(
      panelOf({
        A: { remit_in_usd: { 2020: 10 }, gdp_usd: { 2020: 100 } },
        B: { remit_in_usd: { 2020: 30 }, gdp_usd: { 2020: 200 } },
      }),
      { groups: new Map([['G', ['A', 'B']]]), metrics: ['remittances_gdp_pct'], stats: { remittances_gdp_pct: 'mean' } },
    );
    // Unweighted mean of 10 % and 15 % = 12.5 (the weighted ratio would be 13.33).
    expect(row(res.rows, 'remittances_gdp_pct', 2020).value).toBe(12.5);
    expect(res.methods.get('remittances_gdp_pct')).toEqual({ kind: 'stat', stat: 'mean', of: { metric: 'remittances_gdp_pct' } });
  });

  it('aggregates window metrics at the window\'s last year', () => {
    const res = aggregatePanel(
      panelOf({
        A: { remit_in_usd: { 2010: 100, 2012: 121 } }, // CAGR 10 %
        B: { remit_in_usd: { 2010: 100, 2012: 144 } }, // CAGR 20 %
        C: { remit_in_usd: { 2010: 100, 2012: 169 } }, // CAGR 30 %
      }),
      { groups: new Map([['G', ['A', 'B', 'C']]]), metrics: ['remittance_cagr_pct'], stat: 'median', window: [2010, 2012] },
    );
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]!.year).toBe(2012);
    expect(res.rows[0]!.value).toBeCloseTo(20, 10);
  });

  it('aggregates custom formulas only with a statistic', () => {
    const extra = [{ id: 'twice', uses: ['remit_in_usd'], evaluate: (get: (n: string, y: number) => number | undefined, y: number) => 2 * (get('remit_in_usd', y) ?? Number.NaN) }];
    const panel = panelOf({ A: { remit_in_usd: { 2020: 1 } }, B: { remit_in_usd: { 2020: 3 } } });
    const groups = new Map([['G', ['A', 'B']]]);
    const without = aggregatePanel(panel, { groups, extra });
    expect(without.skipped).toEqual([{ id: 'twice', reason: 'custom formula: its numerator and denominator are unknown' }]);
    const withMean = aggregatePanel(panel, { groups, extra, stat: 'mean' });
    expect(row(withMean.rows, 'twice', 2020).value).toBe(4); // (2 + 6) / 2
  });
});

describe('groups', () => {
  it('lets a member belong to several groups', () => {
    const rows = run({ A: { population: { 2020: 1 } }, B: { population: { 2020: 2 } } }, { G: ['A', 'B'], H: ['B'] }, { totals: ['population'] });
    expect(rows.map((r) => [r.group, r.value])).toEqual([
      ['G', 3],
      ['H', 2],
    ]);
  });

  it('takes region and income groups from the metadata, without aggregates or blank values', () => {
    const meta = EntityMeta.builtin();
    const groups = groupsFromMeta(meta, ['income']);
    // July 2025: Ethiopia's income group is blank, so it is in no income group.
    expect([...groups.values()].some((codes) => codes.includes('ETH'))).toBe(false);
    expect(groups.get('Low income')).toHaveLength(25);
    expect([...groups.keys()]).toEqual(['High income', 'Low income', 'Lower middle income', 'Upper middle income']);
    expect(groupsFromMeta(meta, ['region']).get('South Asia')).toEqual(['BGD', 'BTN', 'IND', 'LKA', 'MDV', 'NPL']);
    expect([...groups.values()].flat()).not.toContain('WLD');
  });

  it('refuses a field no entity has, naming the fields there are', () => {
    let e: unknown;
    try {
      groupsFromMeta(EntityMeta.builtin(), ['lending']);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(MigdevError);
    expect((e as MigdevError).oneLine()).toMatch(/no entity of the built-in World Bank table has a lending — group by region, income/);
  });

  it('restricts members (--countries) and drops groups left empty', () => {
    const g = restrictGroups(new Map([['G', ['A', 'B']], ['H', ['C']]]), new Set(['A']));
    expect([...g]).toEqual([['G', ['A']]]);
  });

  it('reads a groups file: code,group rows, a code in two groups, BOM and ; delimiter', async () => {
    const file = path.join(tmp, 'groups.csv');
    writeFileSync(file, '\uFEFFiso3;group\nken;East Africa\nUGA;East Africa\nKEN;Commonwealth\n\nUGA;East Africa\n');
    const g = await readGroupsFile(file);
    expect([...g]).toEqual([
      ['Commonwealth', ['KEN']],
      ['East Africa', ['KEN', 'UGA']],
    ]);
  });

  it('names the line of a groups file row without a group', async () => {
    const file = path.join(tmp, 'bad-groups.csv');
    writeFileSync(file, 'code,group\nKEN,East Africa\nUGA,\n');
    const e = await readGroupsFile(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MigdevError);
    expect((e as MigdevError).code).toBe('bad-group-row');
    expect((e as MigdevError).where).toMatchObject({ file, line: 3 });
  });

  it('refuses a groups file without a group column', async () => {
    const file = path.join(tmp, 'no-group-col.csv');
    writeFileSync(file, 'code,region\nKEN,East Africa\n');
    await expect(readGroupsFile(file)).rejects.toThrow(/no group column/);
  });
});

describe('latest values and thresholds', () => {
  it('keeps the last year with a value per group and output', () => {
    const rows: GroupRow[] = [
      { group: 'G', year: 2020, metric: 'm', value: 1, n: 1, coverage: 1 },
      { group: 'G', year: 2021, metric: 'm', value: undefined, n: 0, coverage: 0 },
      { group: 'G', year: 2019, metric: 'k', value: 5, n: 1, coverage: 1 },
    ];
    expect(latestGroupRows(rows).map((r) => [r.metric, r.year])).toEqual([
      ['k', 2019],
      ['m', 2020],
    ]);
  });

  it('parses --min-coverage as a share or a fraction', () => {
    expect(parseMinCoverage('0.5')).toBe(0.5);
    expect(parseMinCoverage('2/3')).toBe(2 / 3);
    expect(parseMinCoverage('0')).toBe(0);
    expect(() => parseMinCoverage('1.5')).toThrow(/not a share from 0 to 1/);
    expect(() => parseMinCoverage('abc')).toThrow(MigdevError);
  });
});
