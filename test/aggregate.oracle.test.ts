import { beforeAll, describe, expect, it } from 'vitest';
import { aggregatePanel, groupsFromMeta, type GroupMap, type GroupRow } from '../src/aggregate/index.js';
import { dropAggregates } from '../src/entities/aggregates.js';
import type { EntityMeta } from '../src/entities/meta.js';
import { readFiles } from '../src/ingest/read.js';
import type { Panel } from '../src/panel.js';

// Our group aggregates against the World Bank's published ones (STYLE "Numbers are checked
// against the world"). Members' data and published aggregate rows come from the same files;
// memberships from the World Bank's own Metadata_Country files. Every difference is explained
// where it is asserted; the README's "Group aggregates" section summarises them.

const W = 'fixtures/wdi/';
const D = 'fixtures/ddf/ddf--datapoints--';
const META_2025_07 = `${W}Metadata_Country_API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv`;
/** The groupings before the July 2025 reclassification (the April 2025 GDP download's metadata). */
const META_2025_04 = `fixtures/wdi-meta-2025-04/Metadata_Country_API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv`;

const REMIT = 'BX.TRF.PWKR.CD.DT';
const GDP = 'NY.GDP.MKTP.CD';
const POP = 'SP.POP.TOTL';
const REMIT_GDP = 'BX.TRF.PWKR.DT.GD.ZS';

/** The World Bank code of each group name, in both vintages of the groupings. */
const WB_CODE: Record<string, string> = {
  'East Asia & Pacific': 'EAS',
  'Europe & Central Asia': 'ECS',
  'Latin America & Caribbean': 'LCN',
  'Middle East, North Africa, Afghanistan & Pakistan': 'MEA',
  'Middle East & North Africa': 'MEA',
  'North America': 'NAC',
  'South Asia': 'SAS',
  'Sub-Saharan Africa': 'SSF',
  'Low income': 'LIC',
  'Lower middle income': 'LMC',
  'Upper middle income': 'UMC',
  'High income': 'HIC',
  World: 'WLD',
  'Low & middle income': 'LMY',
  'Middle income': 'MIC',
};

/** Published values of the World Bank aggregates, saved before the aggregate rows are dropped. */
type Published = (code: string, indicator: string, year: number) => number | undefined;

function splitAggregates(panel: Panel, meta: EntityMeta): Published {
  const saved = new Map<string, number>();
  panel.forEach((e, i, y, v) => {
    if (meta.isAggregate(e)) saved.set(`${e}|${i}|${y}`, v);
  });
  dropAggregates(panel, meta, false);
  return (code, indicator, year) => saved.get(`${code}|${indicator}|${year}`);
}

/** Regions, income groups, World (every economy) and, with `composites`, LMY and MIC. */
function wbGroups(meta: EntityMeta, composites = false): Map<string, string[]> {
  const groups = groupsFromMeta(meta, ['region', 'income']);
  groups.set('World', [...groupsFromMeta(meta, ['region']).values()].flat().sort());
  if (composites) {
    const of = (...names: string[]): string[] => names.flatMap((n) => groups.get(n)!).sort();
    groups.set('Low & middle income', of('Low income', 'Lower middle income', 'Upper middle income'));
    groups.set('Middle income', of('Lower middle income', 'Upper middle income'));
  }
  return groups;
}

function byKey(rows: readonly GroupRow[]): Map<string, GroupRow> {
  return new Map(rows.map((r) => [`${r.group}|${r.year}|${r.metric}`, r]));
}

const close = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.abs(b);

describe('remittances received, US$: our sums vs the aggregate rows of the July 2025 WDI download', () => {
  let panel: Panel;
  let published: Published;
  let groupsNew: GroupMap;
  let groupsOld: GroupMap;

  /** Our sums, by the one-third rule and with none (`--min-coverage 0`), per vintage of the groupings. */
  let ours: Map<string, GroupRow>;
  let oursOld: Map<string, GroupRow>;
  let plain: Map<string, GroupRow>;
  let plainOld: Map<string, GroupRow>;

  beforeAll(async () => {
    const data = await readFiles([`${W}API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv`, META_2025_07]);
    panel = data.panel;
    published = splitAggregates(panel, data.meta);
    groupsNew = wbGroups(data.meta);
    groupsOld = wbGroups((await readFiles([META_2025_04])).meta);
    const sums = (groups: GroupMap, minCoverage?: number): Map<string, GroupRow> =>
      byKey(aggregatePanel(panel, { groups, totals: ['remit_in_usd'], ...(minCoverage !== undefined ? { minCoverage } : {}) }).rows);
    ours = sums(groupsNew);
    oursOld = sums(groupsOld);
    plain = sums(groupsNew, 0);
    plainOld = sums(groupsOld, 0);
  });

  it('has the 12 groups, with the July 2025 memberships (ETH in no income group)', () => {
    expect([...groupsNew.keys()].map((g) => WB_CODE[g]).sort()).toEqual(['EAS', 'ECS', 'HIC', 'LCN', 'LIC', 'LMC', 'MEA', 'NAC', 'SAS', 'SSF', 'UMC', 'WLD']);
    expect(groupsNew.get('World')).toHaveLength(217);
    expect(groupsNew.get('South Asia')).toHaveLength(6);
    expect(groupsOld.get('South Asia')).toHaveLength(8); // with AFG and PAK
  });

  it('reproduces every value it computes, and every published value is the plain sum of the members reporting', () => {
    // Measured: 644 published group-years (12 groups, 1970–2024). Memberships: July 2025 from
    // 2005 on; before 2005, the groupings in force before July 2025 (next test: the download's
    // pre-2005 aggregate rows were not recomputed after the reclassification).
    let nPublished = 0;
    let reproduced = 0;
    let partial = 0;
    for (const groups of [groupsNew, groupsOld]) {
      for (const g of groups.keys()) {
        const code = WB_CODE[g]!;
        for (let y = 1970; y <= 2024; y++) {
          if ((y >= 2005) !== (groups === groupsNew)) continue;
          const key = `${g}|${y}|remit_in_usd`;
          const mine = (y >= 2005 ? ours : oursOld).get(key);
          const sum = (y >= 2005 ? plain : plainOld).get(key);
          const pub = published(code, REMIT, y);
          if (pub === undefined) {
            // Nothing published ⇔ no member has data.
            expect(mine?.n ?? 0, `${code} ${y}`).toBe(0);
            continue;
          }
          nPublished++;
          // The World Bank sums whatever members report: no gap-filling, no coverage rule.
          expect(close(sum!.value!, pub, 1e-12), `${code} ${y}: plain sum ${sum!.value} vs ${pub}`).toBe(true);
          if (mine?.value !== undefined) {
            reproduced++;
            expect(close(mine.value, pub, 1e-12), `${code} ${y}`).toBe(true);
          } else {
            // Published although more than a third of the members have no data: a partial sum
            // that migdev's one-third rule declines to report (--min-coverage 0 gives it).
            partial++;
            expect(mine!.coverage, `${code} ${y}`).toBeLessThan(2 / 3);
          }
        }
      }
    }
    expect({ nPublished, reproduced, partial }).toEqual({ nPublished: 644, reproduced: 335, partial: 309 });
  });

  it('partial latest year: Sub-Saharan Africa 2024 is published from 8 of 48 members, migdev says not computed', () => {
    const r = ours.get('Sub-Saharan Africa|2024|remit_in_usd')!;
    expect(r).toMatchObject({ value: undefined, n: 8, coverage: 8 / 48 });
    expect(published('SSF', REMIT, 2024)).toBeCloseTo(23936e6, -7); // 23.94 bn, vs 54.64 bn in 2023
    expect(ours.get('Sub-Saharan Africa|2023|remit_in_usd')).toMatchObject({ n: 48, coverage: 1 });
    expect(ours.get('Sub-Saharan Africa|2023|remit_in_usd')!.value! / published('SSF', REMIT, 2023)!).toBeCloseTo(1, 12);
  });

  it('before 2005 the download\'s aggregates follow the pre-July-2025 groupings (South Asia with AFG and PAK)', () => {
    // SAS 1990, July 2025 members (6): 3,565,081,408.548; published 5,571,348,376.548: the
    // difference is exactly AFG + PAK (2,006,266,968), which moved to MEA in July 2025.
    const r = plain.get('South Asia|1990|remit_in_usd')!;
    const gap = published('SAS', REMIT, 1990)! - r.value!;
    expect(gap).toBeCloseTo((panel.get('AFG', REMIT, 1990) ?? 0) + panel.get('PAK', REMIT, 1990)!, 3);
    // From 2005 the July 2025 members give the published value (DDF, the later 2025 files,
    // recompute every year with them).
    expect(plain.get('South Asia|2005|remit_in_usd')!.value! / published('SAS', REMIT, 2005)!).toBeCloseTo(1, 12);
    // Income groups change too: ETH (blank income group since July 2025) is out of Low income
    // from 2005, and in it before: the old groupings reproduce LIC 1977–2004, the new ones do not.
    const licNew = plain.get('Low income|1990|remit_in_usd')!.value!;
    const licOld = plainOld.get('Low income|1990|remit_in_usd')!.value!;
    expect(close(licOld, published('LIC', REMIT, 1990)!, 1e-12)).toBe(true);
    expect(close(licNew, published('LIC', REMIT, 1990)!, 1e-3)).toBe(false);
  });
});

describe('remittances % of GDP: our weighted ratios vs the published aggregates (WDI 2025, open-numbers DDF)', () => {
  let panel: Panel;
  let published: Published;
  let groups: GroupMap;
  let rows: Map<string, GroupRow>;

  beforeAll(async () => {
    const data = await readFiles([`${D}bx_trf_pwkr_cd_dt--by--economy--year.csv`, `${D}ny_gdp_mktp_cd--by--economy--year.csv`, `${D}bx_trf_pwkr_dt_gd_zs--by--economy--year.csv`]);
    const meta = (await readFiles([META_2025_07])).meta;
    panel = data.panel;
    published = splitAggregates(panel, meta);
    groups = wbGroups(meta, true);
    rows = byKey(aggregatePanel(panel, { groups, metrics: ['remittances_gdp_pct'] }).rows);
  });

  it('gives every published regional and income-group value, and exactly the years published', () => {
    // 14 groups × 1960–2024. The DDF values are rounded to 10 decimals: agreement is to half a
    // unit of the 10th decimal. Measured: 621 published values, 621 reproduced, max diff 5.0e-11;
    // not one year computed that is not published, nor published that is not computed.
    let compared = 0;
    let maxDiff = 0;
    const perGroup: Record<string, number> = {};
    for (const g of groups.keys()) {
      const code = WB_CODE[g]!;
      for (let y = 1960; y <= 2024; y++) {
        const pub = published(code, REMIT_GDP, y);
        const mine = rows.get(`${g}|${y}|remittances_gdp_pct`);
        expect(mine?.value === undefined, `${code} ${y}: ours ${mine?.value} (coverage ${mine?.coverage}), published ${pub}`).toBe(pub === undefined);
        if (pub === undefined) continue;
        compared++;
        perGroup[code] = (perGroup[code] ?? 0) + 1;
        const d = Math.abs(mine!.value! - pub);
        maxDiff = Math.max(maxDiff, d);
        expect(d, `${code} ${y}`).toBeLessThanOrEqual(5e-11 + 1e-15 * Math.abs(pub));
      }
    }
    expect(compared).toBe(621);
    expect(perGroup).toEqual({ EAS: 42, ECS: 50, HIC: 48, LCN: 46, LIC: 43, LMC: 48, LMY: 46, MEA: 15, MIC: 46, NAC: 48, SAS: 50, SSF: 48, UMC: 43, WLD: 48 });
    expect(maxDiff).toBeLessThan(5.1e-11);
  });

  it('draws the line at 2/3 of the GDP weight, not 2/3 of the members', () => {
    // The closest calls: MEA 2005 is published at 67.4 % of the region's known GDP covered,
    // MEA 2010 is not at 66.4 %; LIC 1987 published at 67.6 %, LIC 1982 not at 66.4 %.
    const at = (g: string, y: number): GroupRow => rows.get(`${g}|${y}|remittances_gdp_pct`)!;
    const mea = 'Middle East, North Africa, Afghanistan & Pakistan';
    expect(at(mea, 2005).coverage).toBeCloseTo(0.6741, 4);
    expect(published('MEA', REMIT_GDP, 2005)).toBeDefined();
    expect(at(mea, 2010).coverage).toBeCloseTo(0.6644, 4);
    expect(published('MEA', REMIT_GDP, 2010)).toBeUndefined();
    expect(at('Low income', 1987).coverage).toBeCloseTo(0.6764, 4);
    expect(at('Low income', 1982).coverage).toBeCloseTo(0.6639, 4);
    expect(published('LIC', REMIT_GDP, 1982)).toBeUndefined();
    // Counting members instead would be wrong: in MEA 2010, 18 of 23 members (78 %) report both
    // values, yet the World Bank publishes nothing: they hold only 66.4 % of the GDP known.
    expect(at(mea, 2010).n).toBe(18);
  });

  it('agrees with the published value for a sub-group of one member: SAS 2020 = 3.7896552921', () => {
    expect(rows.get('South Asia|2020|remittances_gdp_pct')!.value).toBeCloseTo(3.7896552921, 10);
    expect(rows.get('World|2024|remittances_gdp_pct')).toMatchObject({ n: 177 });
    expect(rows.get('World|2024|remittances_gdp_pct')!.value).toBeCloseTo(0.8132232254, 10);
  });
});

describe('why published GDP and population totals are not plain sums (2025 DDF files)', () => {
  let panel: Panel;
  let published: Published;
  let groups: GroupMap;
  let rows: Map<string, GroupRow>;

  beforeAll(async () => {
    const data = await readFiles([`${D}ny_gdp_mktp_cd--by--economy--year.csv`, `${D}sp_pop_totl--by--economy--year.csv`]);
    const meta = (await readFiles([META_2025_07])).meta;
    panel = data.panel;
    published = splitAggregates(panel, meta);
    groups = wbGroups(meta);
    rows = byKey(aggregatePanel(panel, { groups, totals: ['gdp_usd', 'population'], minCoverage: 0 }).rows);
  });

  it('population: EAS, HIC and World include Taiwan, China, whose data the World Bank has but does not publish', () => {
    // published − Σ members is the same series in all three groups (Taiwan is in all three):
    // 10,701,713 in 1960, 23,412,899 in 2024. Every other group is the exact sum of its members.
    const gap = (g: string, y: number): number => published(WB_CODE[g]!, POP, y)! - rows.get(`${g}|${y}|population`)!.value!;
    for (let y = 1960; y <= 2024; y++) {
      const twn = gap('East Asia & Pacific', y);
      expect(twn, String(y)).toBeGreaterThan(1e7);
      expect(gap('High income', y), String(y)).toBe(twn);
      if (rows.get(`World|${y}|population`)!.coverage === 1) expect(gap('World', y), String(y)).toBe(twn);
    }
    expect(gap('East Asia & Pacific', 1960)).toBe(10701713);
    expect(gap('East Asia & Pacific', 2024)).toBe(23412899);
    for (const g of ['Sub-Saharan Africa', 'South Asia', 'North America', 'Latin America & Caribbean', 'Europe & Central Asia', 'Low income', 'Upper middle income']) {
      for (let y = 1960; y <= 2024; y++) expect(gap(g, y), `${g} ${y}`).toBe(0);
    }
  });

  it('GDP: where members are missing, the World Bank fills the gap with its own estimates', () => {
    // Groups without Taiwan. Complete years: the sum, to 1e-7 (UMC differs by up to 3.3e-8
    // relative, ±760,000 US$ on 2.3e13, in complete years: rounding inside the World Bank's
    // computation). Years with members missing: the published total is at least the members' sum
    // and larger in 379 of 393 group-years (e.g. UMC 2000–2007, one member missing, +0.0428 %
    // every year: the ratio imputation of WDI's method).
    let complete = 0;
    let filled = 0;
    let partial = 0;
    for (const g of groups.keys()) {
      if (['East Asia & Pacific', 'High income', 'World'].includes(g)) continue;
      for (let y = 1960; y <= 2024; y++) {
        const r = rows.get(`${g}|${y}|gdp_usd`);
        const pub = published(WB_CODE[g]!, GDP, y);
        if (!r || pub === undefined) continue;
        if (r.coverage === 1) {
          complete++;
          expect(close(r.value!, pub, 1e-7), `${g} ${y}`).toBe(true);
        } else {
          partial++;
          expect(pub, `${g} ${y}`).toBeGreaterThanOrEqual(r.value! * (1 - 1e-12));
          if (pub > r.value! * (1 + 1e-9)) filled++;
        }
      }
    }
    expect({ complete, partial, filled }).toEqual({ complete, partial: 393, filled: 379 });
  });
});
