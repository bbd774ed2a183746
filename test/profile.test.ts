import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropAggregates } from '../src/entities/aggregates.js';
import { EntityMeta } from '../src/entities/meta.js';
import { computePanel, selectMetrics, resolveInputs } from '../src/compute/engine.js';
import { emptyDataset, readInto, type Dataset } from '../src/ingest/read.js';
import { buildProfile, guessBilateralKind } from '../src/profile/build.js';
import { ordinal } from '../src/profile/format.js';
import { readVintage } from '../src/profile/vintage.js';
import { renderMarkdown, mdCell } from '../src/profile/render-md.js';
import { renderText } from '../src/profile/render-text.js';
import type { Profile, ProfileMetric } from '../src/profile/types.js';
import { MigdevError } from '../src/errors.js';
import { panelOf } from './helpers.js';

const WDI = readdirSync('fixtures/wdi')
  .filter((f) => f.startsWith('API_'))
  .map((f) => `fixtures/wdi/${f}`);
const STOCK = 'fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv';
const REMIT_MATRIX = 'fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv';

let data: Dataset;
const meta = EntityMeta.builtin();
const metric = (p: Profile, id: string): ProfileMetric => {
  const m = p.sections.flatMap((s) => s.metrics).find((x) => x.id === id);
  if (!m) throw new Error(`no ${id}`);
  return m;
};

beforeAll(async () => {
  data = emptyDataset();
  for (const f of [...WDI, STOCK, REMIT_MATRIX]) await readInto(f, data);
  dropAggregates(data.panel, meta, false);
});

describe('profile on the bundled World Bank and UN data', () => {
  it('KEN: values are those computePanel gives over the same panel, latest and ten years earlier', () => {
    const p = buildProfile({ code: 'ken', panel: data.panel, meta, bilateral: data.bilateral });
    expect(p.code).toBe('KEN');
    expect(p.name).toBe('Kenya');
    expect(p.region).toBe('Sub-Saharan Africa');
    const sel = selectMetrics(undefined, resolveInputs(data.panel));
    const { table } = computePanel(data.panel, { metrics: sel.metrics });
    const own = new Map<string, number>();
    for (const r of table) if (r.entity === 'KEN' && r.value !== undefined) own.set(`${r.metric}@${r.year}`, r.value);
    let checked = 0;
    for (const s of p.sections) {
      for (const m of s.metrics) {
        if (m.kind === 'input' || !m.latest) continue;
        expect(m.latest.value).toBe(own.get(`${m.id}@${m.latest.year}`));
        if (m.earlier) expect(m.earlier.value).toBe(own.get(`${m.id}@${m.earlier.year}`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
    // Kenya 2023: 100 × 4,227,611,606.30686 / 108,038,588,970.595 (the two fixtures' cells, by hand).
    const gdp = metric(p, 'remittances_gdp_pct');
    expect(gdp.latest).toEqual({ year: 2023, value: (100 * 4227611606.30686) / 108038588970.595 });
    expect(gdp.trend).toHaveLength(11);
    expect(gdp.change).toBeCloseTo(gdp.latest!.value - gdp.earlier!.value, 12);
  });

  it('ranks among the countries with a value that year, by direction', () => {
    const p = buildProfile({ code: 'NPL', panel: data.panel, meta });
    const m = metric(p, 'remittances_gdp_pct');
    const { table } = computePanel(data.panel, { metrics: ['remittances_gdp_pct'], years: [m.latest!.year, m.latest!.year] });
    const values = new Map<string, number>();
    for (const r of table) if (r.value !== undefined) values.set(r.entity, r.value);
    const mine = values.get('NPL')!;
    expect(m.world!.of).toBe(values.size);
    expect(m.world!.rank).toBe(1 + [...values.values()].filter((v) => v > mine).length);
    const south = meta.members('region').get('South Asia')!.filter((c) => values.has(c));
    expect(m.region).toMatchObject({ among: 'South Asia', of: south.length, order: 'higher-is-better' });
    // Nepal's remittances are the highest share of GDP in South Asia (WDI 2023).
    expect(m.region!.rank).toBe(1);
  });

  it('adds top destinations (UN DESA stock) and top remittance sources (World Bank matrix) via src/corridors', () => {
    const p = buildProfile({ code: 'MEX', panel: data.panel, meta, bilateral: data.bilateral });
    expect(p.destinations).toMatchObject({ year: 2019, file: STOCK });
    expect(p.destinations!.top[0]).toMatchObject({ code: 'USA', name: 'United States' });
    expect(p.destinations!.top[0]!.share).toBeGreaterThan(0.9);
    expect(p.destinations!.hhi).toBeGreaterThan(0.8);
    expect(p.remittanceSources!.file).toBe(REMIT_MATRIX);
    expect(p.remittanceSources!.top[0]!.code).toBe('USA');
    const shares = p.destinations!.top.map((t) => t.share);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
  });

  it('unknown codes are usage errors with a suggestion', () => {
    const err = (code: string): MigdevError => {
      try {
        buildProfile({ code, panel: data.panel, meta });
      } catch (e) {
        return e as MigdevError;
      }
      throw new Error('no error');
    };
    expect(err('KNE')).toMatchObject({ code: 'unknown-entity', exit: 2 });
    expect(err('KNE').hint).toMatch(/did you mean KEN \(Kenya\)/);
    expect(err('Nepal').hint).toMatch(/did you mean NPL/);
    expect(err('WLD')).toMatchObject({ code: 'no-data-for-entity' });
  });

  it('renders md and a fitted terminal table', () => {
    const p = buildProfile({ code: 'KEN', panel: data.panel, meta, bilateral: data.bilateral, vintages: [...WDI, STOCK].map(readVintage) });
    const md = renderMarkdown(p);
    expect(md).toMatch(/^# Kenya \(KEN\)\n/);
    expect(md).toContain('| Remittances received, % of GDP | 3.91% | 2023 |');
    expect(md).toContain('## Top destinations of emigrants (2019)');
    expect(md).toContain('last updated 2025-07-01');
    const narrow = renderText(p, { width: 80 });
    for (const line of narrow.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(narrow).toContain('16th of 46');
    const wide = renderText(p, { width: 200 });
    expect(wide).toContain('2.11% (2013)');
  });
});

describe('profile rules on hand-made panels', () => {
  // Five countries of one region; B is lower middle income.
  const small = (): { panel: ReturnType<typeof panelOf>; meta: EntityMeta } => {
    const spec: Parameters<typeof panelOf>[0] = {};
    const remit = [10, 20, 30, 40, 50];
    ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'].forEach((c, i) => {
      spec[c] = { remit_in_usd: { 2000: 5, 2010: remit[i]!, 2011: remit[i]! }, gdp_usd: { 2000: 100, 2010: 100, 2011: 100 } };
    });
    // Only two countries report 2012: a partial year.
    spec.AAA!.remit_in_usd![2012] = 12;
    spec.AAA!.gdp_usd![2012] = 100;
    spec.BBB!.remit_in_usd![2012] = 30;
    spec.BBB!.gdp_usd![2012] = 100;
    const m = new EntityMeta(true);
    for (const c of Object.keys(spec)) m.records.set(c, { code: c, name: `Land ${c}`, region: c === 'EEE' ? 'Other' : 'Test region', income: 'Lower middle income', aggregate: false, extra: {} });
    return { panel: panelOf(spec), meta: m };
  };

  it('ranks higher-is-better metrics with competition ranks, region and world separately', () => {
    const { panel, meta: m } = small();
    const p = buildProfile({ code: 'CCC', panel, meta: m });
    const r = metric(p, 'remittances_gdp_pct');
    expect(r.latest).toEqual({ year: 2011, value: 30 });
    expect(r.world).toMatchObject({ rank: 3, of: 5, among: 'the world', year: 2011 });
    expect(r.region).toMatchObject({ rank: 2, of: 4, among: 'Test region' });
  });

  it('notes a partial latest year and the BPM5 → BPM6 break', () => {
    const { panel, meta: m } = small();
    const p = buildProfile({ code: 'AAA', panel, meta: m });
    const r = metric(p, 'remittances_gdp_pct');
    expect(r.latest).toEqual({ year: 2012, value: 12 });
    expect(r.world).toMatchObject({ rank: 2, of: 2 });
    expect(r.notes.join(' ')).toMatch(/partial year: only 2 countries have a value for 2012 \(5 for 2011\)/);
    const q = buildProfile({ code: 'BBB', panel, meta: m, years: [2000, 2010] });
    const r2 = metric(q, 'remittances_gdp_pct');
    expect(r2.earlier).toEqual({ year: 2000, value: 5 });
    expect(r2.notes.join(' ')).toMatch(/series break: .*BPM5.*BPM6/);
  });

  it('orders lower-is-better ascending and neutral metrics by value, descending', () => {
    const spec: Parameters<typeof panelOf>[0] = {
      AAA: { remit_cost_in_pct: { 2020: 4 }, remit_in_usd: { 2020: 10 } },
      BBB: { remit_cost_in_pct: { 2020: 8 }, remit_in_usd: { 2020: 50 } },
      CCC: { remit_cost_in_pct: { 2020: 6 }, remit_in_usd: { 2020: 30 } },
    };
    const m = EntityMeta.builtin();
    const p = buildProfile({ code: 'AAA', panel: panelOf(spec), meta: m });
    // Gap to 3 %: 1, 5, 3 → AAA is the lowest gap: best.
    expect(metric(p, 'remittance_cost_gap_pp').world).toMatchObject({ rank: 1, of: 3, order: 'lower-is-better' });
    // Savings are neutral: by value, highest first: BBB 50×5% = 2.5, CCC 0.9, AAA 0.1.
    expect(metric(p, 'remittance_cost_savings_usd').world).toMatchObject({ rank: 3, of: 3, order: 'by-value-descending' });
  });

  it('guesses bilateral file kinds from names', () => {
    expect(guessBilateralKind('wb_remittance_matrix_2012.csv')).toBe('remittances');
    expect(guessBilateralKind('UN_MigrantStock.csv')).toBe('stock');
  });

  it('formats ordinals and escapes Markdown cells', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
  });
});
