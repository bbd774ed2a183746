import { describe, expect, it } from 'vitest';
import { computePanel, latest, resolveInputs, selectMetrics, type CustomMetric, type MetricRow } from '../src/compute/engine.js';
import { MigdevError } from '../src/errors.js';
import { METRICS, getMetric } from '../src/metrics/registry.js';
import { panelOf } from './helpers.js';

function errorOf(fn: () => unknown): MigdevError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MigdevError) return e;
    throw e;
  }
  throw new Error('expected a MigdevError');
}

const rowsOf = (table: Iterable<MetricRow>): MetricRow[] => [...table];

describe('resolveInputs', () => {
  it('finds default WDI codes case-insensitively', () => {
    const panel = panelOf({ KEN: { 'bx.trf.pwkr.cd.dt': { 2020: 1 }, 'NY.GDP.MKTP.CD': { 2020: 2 } } });
    const r = resolveInputs(panel);
    expect(r.codes.remit_in_usd).toBe('bx.trf.pwkr.cd.dt');
    expect(r.codes.gdp_usd).toBe('NY.GDP.MKTP.CD');
    expect(r.missing.population).toEqual(['SP.POP.TOTL', 'population']);
  });

  it('uses a mapped code, and only that one', () => {
    const panel = panelOf({ KEN: { GDP_LCU: { 2020: 1 }, 'NY.GDP.MKTP.CD': { 2020: 2 }, mystock: { 2020: 3 } } });
    const r = resolveInputs(panel, { gdp_usd: 'gdp_lcu', emigrant_stock: 'MyStock' });
    expect(r.codes.gdp_usd).toBe('GDP_LCU');
    expect(r.codes.emigrant_stock).toBe('mystock');
    // A mapping to a column that is not there is missing, not silently replaced by the default.
    const s = resolveInputs(panel, { gdp_usd: 'NOPE' });
    expect(s.codes.gdp_usd).toBeUndefined();
    expect(s.missing.gdp_usd).toEqual(['NOPE']);
  });

  it('falls back to an indicator named like the input', () => {
    const panel = panelOf({ ALB: { Emigrant_Stock: { 2020: 1 }, GDP_USD: { 2020: 2 } } });
    const r = resolveInputs(panel);
    expect(r.codes.emigrant_stock).toBe('Emigrant_Stock');
    expect(r.codes.gdp_usd).toBe('GDP_USD');
    expect(r.missing.tertiary_emigrants).toEqual(['tertiary_emigrants']);
  });

  it('rejects an unknown input name with a suggestion', () => {
    const e = errorOf(() => resolveInputs(panelOf({}), { gdp_usdd: 'X' } as never));
    expect(e.code).toBe('unknown-input');
    expect(e.hint).toContain('gdp_usd');
  });
});

describe('selectMetrics', () => {
  const panel = panelOf({ KEN: { remit_in_usd: { 2020: 1 }, gdp_usd: { 2020: 2 }, population: { 2020: 3 } } });
  const available = resolveInputs(panel);

  it('defaults to every metric computable from the inputs present', () => {
    const s = selectMetrics(undefined, available);
    expect(s.metrics.map((m) => m.id)).toEqual([
      'remittance_cagr_pct',
      'remittance_growth_pct',
      'remittance_volatility_pp',
      'remittances_gdp_pct',
      'remittances_per_capita_usd',
    ]);
    expect(s.skipped.find((k) => k.id === 'migrant_share_pct')).toEqual({ id: 'migrant_share_pct', missing: ['migrant_stock'] });
    expect(s.skipped.find((k) => k.id === 'remittance_countercyclicality')?.missing).toEqual(['gdp_growth_pct']);
    expect(s.metrics.length + s.skipped.length).toBe(METRICS.length);
  });

  it('expands families and all, skipping what cannot be computed', () => {
    expect(selectMetrics(['dynamics.*'], available).metrics.map((m) => m.id)).toEqual(['remittance_cagr_pct', 'remittance_growth_pct', 'remittance_volatility_pp']);
    expect(selectMetrics(['dynamics.*'], available).skipped).toEqual([{ id: 'remittance_countercyclicality', missing: ['gdp_growth_pct'] }]);
    expect(selectMetrics(['costs'], available).metrics).toEqual([]);
    expect(selectMetrics(['all'], available).metrics.length).toBe(5);
  });

  it('accepts comma lists, any case, and ignores duplicates', () => {
    const s = selectMetrics(['Remittances_GDP_pct, remittances_gdp_pct', 'remittance_growth_pct'], available);
    expect(s.metrics.map((m) => m.id)).toEqual(['remittance_growth_pct', 'remittances_gdp_pct']);
  });

  it('refuses a metric named by id whose inputs are absent, saying how to map them', () => {
    const e = errorOf(() => selectMetrics(['remittances_gdp_pct', 'remittances_per_emigrant_usd', 'migrant_share_pct'], available));
    expect(e.code).toBe('missing-inputs');
    expect(e.exit).toBe(2);
    expect(e.message).toContain('remittances_per_emigrant_usd needs emigrant_stock (looked for emigrant_stock)');
    expect(e.message).toContain('migrant_share_pct needs migrant_stock (looked for SM.POP.TOTL, migrant_stock)');
    expect(e.hint).toContain('--map emigrant_stock=CODE');
  });

  it('refuses unknown ids with a suggestion', () => {
    const e = errorOf(() => selectMetrics(['remitances_gdp_pct'], available));
    expect(e.code).toBe('unknown-metric');
    expect(e.message).toContain('"remitances_gdp_pct"');
    expect(e.hint).toContain('did you mean remittances_gdp_pct?');
    expect(errorOf(() => selectMetrics(['dynamic.*'], available)).hint).toContain('dynamics.*');
  });

  it('lets the names of custom metrics through', () => {
    expect(selectMetrics(['mine', 'remittances_gdp_pct'], available, ['mine']).metrics.map((m) => m.id)).toEqual(['remittances_gdp_pct']);
  });
});

describe('computePanel', () => {
  const panel = panelOf({
    PHL: { remit_in_usd: { 2018: 90, 2019: 100, 2020: 110 }, gdp_usd: { 2019: 1000, 2020: 1100 }, population: { 2017: 10 } },
    KEN: { remit_in_usd: { 2019: 5, 2020: 6 }, gdp_usd: { 2019: 100, 2020: 100 } },
    MEX: { population: { 2020: 100 } },
  });

  it('sorts rows by entity, year, metric and reports only years where an input exists', () => {
    const { table } = computePanel(panel, { metrics: ['remittances_gdp_pct', 'remittance_growth_pct'] });
    const rows = rowsOf(table).map((r) => `${r.entity} ${r.year} ${r.metric} ${r.value}`);
    expect(rows).toEqual([
      'KEN 2019 remittance_growth_pct undefined',
      'KEN 2019 remittances_gdp_pct 5',
      'KEN 2020 remittance_growth_pct 19.999999999999996', // 100 · (6/5 − 1), in binary floating point
      'KEN 2020 remittances_gdp_pct 6',
      'PHL 2018 remittance_growth_pct undefined',
      'PHL 2018 remittances_gdp_pct undefined', // remittances without GDP: a row, missing value
      'PHL 2019 remittance_growth_pct 11.111111111111116',
      'PHL 2019 remittances_gdp_pct 10',
      'PHL 2020 remittance_growth_pct 10.000000000000009',
      'PHL 2020 remittances_gdp_pct 10',
    ]);
    // MEX has only population, PHL 2017 only population: no rows for these metrics.
    expect(table.entities).toEqual(['KEN', 'PHL']);
  });

  it('keeps the requested entities and years', () => {
    const { table } = computePanel(panel, { metrics: ['remittances_gdp_pct'], entities: ['phl', 'XXX'], years: [2019, 2019] });
    expect(rowsOf(table)).toEqual([{ entity: 'PHL', year: 2019, metric: 'remittances_gdp_pct', value: 10 }]);
  });

  it('reports window metrics once per entity at the window end', () => {
    // PHL: 100 · ((110/90)^(1/2) − 1) = 10.55415967851332; KEN: 100 · (6/5 − 1) = 20
    const { table, window } = computePanel(panel, { metrics: ['remittance_cagr_pct'] });
    // the years of the inputs used (remittances): PHL's 2017 population does not widen it
    expect(window).toEqual([2018, 2020]);
    const rows = rowsOf(table);
    expect(rows.map((r) => [r.entity, r.year])).toEqual([
      ['KEN', 2020],
      ['PHL', 2020],
    ]);
    expect(rows[0]!.value).toBeCloseTo(20, 10);
    expect(rows[1]!.value).toBeCloseTo(10.55415967851332, 10);
  });

  it('takes the default window within --years and an explicit window beyond them', () => {
    // years 2019-2020 → window 2019-2020: PHL 100 · (110/100 − 1) = 10
    const a = computePanel(panel, { metrics: ['remittance_cagr_pct'], years: [2019, 2020], entities: ['PHL'] });
    expect(a.window).toEqual([2019, 2020]);
    expect(a.table.valueAt(0)).toBeCloseTo(10, 10);
    // An explicit window 2018-2019 is reported at 2019 even with --years 2020:
    // 100 · (100/90 − 1) = 11.11…, next to the annual rows of 2020 only.
    const b = computePanel(panel, { metrics: ['remittance_cagr_pct', 'remittances_gdp_pct'], years: [2020, 2020], window: [2018, 2019], entities: ['PHL'] });
    expect(rowsOf(b.table).map((r) => `${r.year} ${r.metric}`)).toEqual(['2019 remittance_cagr_pct', '2020 remittances_gdp_pct']);
    expect(b.table.valueAt(0)).toBeCloseTo(100 / 9, 10);
  });

  it('takes open ranges, and a window past the data keeps its own end year', () => {
    const open = computePanel(panel, { metrics: ['remittances_gdp_pct'], years: [2020, Infinity] });
    expect(rowsOf(open.table).map((r) => `${r.entity} ${r.year}`)).toEqual(['KEN 2020', 'PHL 2020']);
    const all = computePanel(panel, { metrics: ['remittance_cagr_pct'], years: [-Infinity, Infinity], window: [-Infinity, Infinity] });
    expect(all.window).toEqual([2018, 2020]);
    // 2018-2030: PHL's CAGR still uses 2018 and 2020, the last years with data, and sits at 2030.
    const past = computePanel(panel, { metrics: ['remittance_cagr_pct'], window: [2018, 2030], entities: ['PHL'] });
    expect(rowsOf(past.table).map((r) => r.year)).toEqual([2030]);
    expect(past.table.valueAt(0)).toBeCloseTo(10.55415967851332, 10);
    // a far window end costs nothing: rows are sized by the years with data
    const far = computePanel(panel, { metrics: ['remittance_cagr_pct'], window: [0, 100_000_000] });
    expect(rowsOf(far.table).map((r) => `${r.entity} ${r.year}`)).toEqual(['KEN 100000000', 'PHL 100000000']);
  });

  it('evaluates the metrics a selected one uses without outputting them', () => {
    const { table } = computePanel(panel, { metrics: ['remittance_volatility_pp'] });
    expect(table.metrics).toEqual(['remittance_volatility_pp']);
    expect(rowsOf(table).every((r) => r.metric === 'remittance_volatility_pp')).toBe(true);
  });

  it('refuses bad ranges and unknown metric ids', () => {
    expect(errorOf(() => computePanel(panel, { metrics: ['remittances_gdp_pct'], years: [2020, 2010] })).code).toBe('bad-years');
    expect(errorOf(() => computePanel(panel, { metrics: ['remittance_cagr_pct'], window: [2020.5, 2021] })).code).toBe('bad-window');
    expect(errorOf(() => computePanel(panel, { metrics: ['nope'] })).code).toBe('unknown-metric');
  });

  it('gives no rows for an empty panel', () => {
    expect(computePanel(panelOf({}), { metrics: METRICS }).table.length).toBe(0);
  });

  it('applies --map', () => {
    const p = panelOf({ KEN: { REMIT: { 2020: 5 }, gdp_usd: { 2020: 100 } } });
    expect(computePanel(p, { metrics: ['remittances_gdp_pct'], map: { remit_in_usd: 'remit' } }).table.valueAt(0)).toBe(5);
  });
});

describe('custom metrics', () => {
  const panel = panelOf({
    KEN: { remit_in_usd: { 2019: 5, 2020: 6 }, gdp_usd: { 2019: 100, 2020: 120 }, 'SL.UEM.TOTL.ZS': { 2020: 4 } },
  });
  const custom = (id: string, uses: string[], evaluate: CustomMetric['evaluate']): CustomMetric => ({ id, uses, evaluate });

  it('reads inputs, raw indicator codes and metric ids, in dependency order', () => {
    const extra = [
      // declared before the metric it uses: evaluation follows dependencies, not list order
      custom('double_share', ['share'], (get, y) => 2 * (get('share', y) ?? Number.NaN)),
      custom('share', ['remittances_gdp_pct', 'sl.uem.totl.zs'], (get, y) => {
        const a = get('remittances_gdp_pct', y);
        const b = get('sl.uem.totl.zs', y);
        return a === undefined || b === undefined ? undefined : a / b;
      }),
      custom('remit_k', ['remit_in_usd'], (get, y) => (get('remit_in_usd', y) ?? Number.NaN) / 1000),
    ];
    const { table } = computePanel(panel, { metrics: [], extra });
    // remittances_gdp_pct is pulled in for `share` but not output
    expect(table.metrics).toEqual(['double_share', 'remit_k', 'share']);
    const rows = rowsOf(table).map((r) => `${r.year} ${r.metric} ${r.value}`);
    expect(rows).toEqual([
      // 2019: remit and GDP exist, the unemployment code does not → share missing; NaN becomes missing
      '2019 double_share undefined',
      '2019 remit_k 0.005',
      '2019 share undefined',
      // 2020: 100 · 6 / 120 = 5; 5 / 4 = 1.25; doubled 2.5
      '2020 double_share 2.5',
      '2020 remit_k 0.006',
      '2020 share 1.25',
    ]);
  });

  it('turns NaN and ±Infinity into missing values', () => {
    const extra = [custom('inf', ['remit_in_usd'], () => Infinity), custom('nan', ['remit_in_usd'], () => Number.NaN)];
    const { table } = computePanel(panel, { metrics: [], extra });
    expect(rowsOf(table).every((r) => r.value === undefined)).toBe(true);
  });

  it('detects cycles', () => {
    const extra = [custom('a', ['b'], () => 1), custom('b', ['c'], () => 1), custom('c', ['a'], () => 1)];
    const e = errorOf(() => computePanel(panel, { metrics: [], extra }));
    expect(e.code).toBe('formula-cycle');
    expect(e.message).toContain('a → b → c → a');
    expect(errorOf(() => computePanel(panel, { metrics: [], extra: [custom('self', ['self'], () => 1)] })).message).toContain('self → self');
  });

  it('never shadows a built-in metric or an input', () => {
    expect(errorOf(() => computePanel(panel, { metrics: [], extra: [custom('remittances_gdp_pct', [], () => 1)] })).code).toBe('duplicate-metric');
    expect(errorOf(() => computePanel(panel, { metrics: [], extra: [custom('gdp_usd', [], () => 1)] })).code).toBe('duplicate-metric');
    expect(errorOf(() => computePanel(panel, { metrics: [], extra: [custom('x', [], () => 1), custom('x', [], () => 1)] })).code).toBe('duplicate-metric');
  });

  it('names unknown symbols, missing inputs and window metrics', () => {
    const unknown = errorOf(() => computePanel(panel, { metrics: [], extra: [custom('x', ['remit_in_usdd'], () => 1)] }));
    expect(unknown.code).toBe('unknown-name');
    expect(unknown.hint).toContain('remit_in_usd');
    const missing = errorOf(() => computePanel(panel, { metrics: [], extra: [custom('x', ['population'], () => 1)] }));
    expect(missing.code).toBe('missing-inputs');
    const through = errorOf(() => computePanel(panel, { metrics: [], extra: [custom('x', ['migrant_share_pct'], () => 1)] }));
    expect(through.message).toContain('x (through migrant_share_pct) needs migrant_stock');
    const win = errorOf(() => computePanel(panel, { metrics: [], extra: [custom('x', ['remittance_cagr_pct'], () => 1)] }));
    expect(win.code).toBe('window-metric-in-formula');
  });

  it('reports a failing formula as a usage error naming it', () => {
    const e = errorOf(() =>
      computePanel(panel, {
        metrics: [],
        extra: [
          custom('boom', ['remit_in_usd'], () => {
            throw new TypeError('bad operand');
          }),
        ],
      }),
    );
    expect(e.code).toBe('formula-error');
    expect(e.message).toContain('"boom" failed in 2019: bad operand');
  });
});

describe('latest', () => {
  it('keeps the most recent non-missing value per entity and metric, with its year', () => {
    const panel = panelOf({
      KEN: { remit_in_usd: { 2018: 1, 2019: 2, 2020: 3 }, gdp_usd: { 2018: 10, 2019: 10 } },
      UGA: { remit_in_usd: { 2020: 1 } },
    });
    const { table } = computePanel(panel, { metrics: ['remittances_gdp_pct', 'remittance_growth_pct'] });
    // KEN gdp% is missing in 2020 (no GDP): latest is 2019, 100 · 2/10 = 20; growth 2020: 100 · (3/2 − 1) = 50
    // UGA has one year: growth and gdp% both missing → left out
    expect(rowsOf(latest(table))).toEqual([
      { entity: 'KEN', year: 2019, metric: 'remittances_gdp_pct', value: 20 },
      { entity: 'KEN', year: 2020, metric: 'remittance_growth_pct', value: 50 },
    ]);
  });
});

describe('whole-catalogue runs', () => {
  it('never produce NaN or ±Infinity, with zeros and negatives everywhere', () => {
    const spec: Record<string, Record<number, number>> = {};
    const inputs = new Set(METRICS.flatMap((m) => m.inputs));
    let k = 0;
    for (const input of inputs) {
      spec[input] = {};
      for (let y = 2000; y <= 2010; y++) spec[input]![y] = [0, -1, 1e-300, 5, 1e300, -0][(k++ + y) % 6]!;
    }
    const { table } = computePanel(panelOf({ ZZZ: spec }), { metrics: METRICS });
    expect(table.length).toBeGreaterThan(0);
    for (const r of table) if (r.value !== undefined) expect(Number.isFinite(r.value), `${r.metric} ${r.year}`).toBe(true);
  });

  it('accepts definitions as well as ids', () => {
    const panel = panelOf({ KEN: { remit_in_usd: { 2020: 5 }, gdp_usd: { 2020: 100 } } });
    expect(computePanel(panel, { metrics: [getMetric('remittances_gdp_pct')] }).table.valueAt(0)).toBe(5);
  });
});
