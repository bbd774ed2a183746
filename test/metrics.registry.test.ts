import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT_NAMES, isInputName } from '../src/metrics/inputs.js';
import { FAMILIES, METRICS, METRIC_IDS, getMetric, isMetricId, type MetricId } from '../src/metrics/registry.js';
import type { Getter, MetricDef } from '../src/metrics/types.js';

/** SPEC "Metric catalogue": the ids are stable API. */
const SPEC_IDS = [
  'remittances_gdp_pct',
  'remittances_outflow_gdp_pct',
  'net_remittances_usd',
  'remittances_per_capita_usd',
  'remittances_per_emigrant_usd',
  'remittances_to_oda_ratio',
  'remittances_to_fdi_ratio',
  'remittances_exports_pct',
  'remittances_imports_pct',
  'remittances_reserves_pct',
  'remittance_growth_pct',
  'migrant_share_pct',
  'emigration_rate_pct',
  'diaspora_population_pct',
  'net_migration_rate_per_1000',
  'refugees_origin_per_100k',
  'skilled_emigration_rate_pct',
  'remittance_cost_gap_pp',
  'remittance_cost_savings_usd',
  'remittance_cagr_pct',
  'remittance_volatility_pp',
  'remittance_countercyclicality',
] as const satisfies readonly MetricId[];

const WINDOW_IDS = ['remittance_cagr_pct', 'remittance_volatility_pp', 'remittance_countercyclicality'];

/** Runs a definition once with a getter that answers every name and records what was asked. */
function namesRead(m: MetricDef): Set<string> {
  const asked = new Set<string>();
  const get: Getter = (name) => {
    asked.add(name);
    return 1000;
  };
  if (m.kind === 'annual') m.compute(get, 2000);
  else m.compute(get, 2000, 2010);
  return asked;
}

describe('the catalogue', () => {
  it('has exactly the SPEC ids, each once', () => {
    expect([...METRIC_IDS].sort()).toEqual([...SPEC_IDS].sort());
    expect(new Set(METRIC_IDS).size).toBe(METRIC_IDS.length);
  });

  it('marks the window metrics as such and everything else as annual', () => {
    for (const m of METRICS) expect(m.kind, m.id).toBe(WINDOW_IDS.includes(m.id) ? 'window' : 'annual');
  });

  it.each(METRICS.map((m) => [m.id, m] as const))('%s is fully described', (_id, m) => {
    expect(m.title.length).toBeGreaterThan(10);
    expect(m.unit).not.toBe('');
    expect(m.formula).not.toBe('');
    expect(m.source).not.toBe('');
    expect(FAMILIES).toContain(m.family);
    expect(['higher', 'lower', 'neutral']).toContain(m.direction);
    expect(m.inputs.length).toBeGreaterThan(0);
    for (const i of m.inputs) expect(isInputName(i), i).toBe(true);
    for (const u of m.uses ?? []) expect(isMetricId(u), u).toBe(true);
    // Every input named in the formula text is declared, and the other way round.
    for (const i of INPUT_NAMES) {
      const inFormula = new RegExp(`\\b${i}\\b`).test(m.formula);
      if (inFormula) expect(m.inputs, `${i} in formula`).toContain(i);
    }
    const agg = m.aggregation;
    if (agg.kind === 'ratio') {
      expect(m.inputs).toContain(agg.numerator);
      expect(m.inputs).toContain(agg.denominator);
      if (agg.denominatorPlus) expect(m.inputs).toContain(agg.denominatorPlus);
    }
    if (agg.kind === 'growth') expect(m.inputs).toContain(agg.of);
    if (m.kind === 'window') expect(agg.kind).toBe('none');
  });

  it.each(METRICS.map((m) => [m.id, m] as const))('%s reads only what it declares', (_id, m) => {
    const declared = new Set<string>([...m.inputs, ...(m.uses ?? [])]);
    for (const name of namesRead(m)) expect(declared, name).toContain(name);
  });

  it.each(METRICS.map((m) => [m.id, m] as const))('%s is missing when nothing is known', (_id, m) => {
    const get: Getter = () => undefined;
    expect(m.kind === 'annual' ? m.compute(get, 2000) : m.compute(get, 2000, 2010)).toBeUndefined();
  });

  it('cites the SDG and WDI codes where they exist', () => {
    expect(getMetric('remittances_gdp_pct').sdg).toBe('17.3.2');
    expect(getMetric('remittances_gdp_pct').wdi).toBe('BX.TRF.PWKR.DT.GD.ZS');
    expect(getMetric('refugees_origin_per_100k').sdg).toBe('10.7.4');
    expect(getMetric('remittance_cost_gap_pp').sdg).toBe('10.c.1');
    expect(getMetric('remittance_cost_gap_pp').source).toContain('3%');
    expect(getMetric('emigration_rate_pct').source).toContain('DIOC');
  });

  it('states how zero and negative denominators are treated', () => {
    expect(getMetric('remittances_to_fdi_ratio').notes).toMatch(/negative/);
    expect(getMetric('remittances_to_oda_ratio').notes).toMatch(/negative/);
    expect(getMetric('remittance_growth_pct').notes).toMatch(/gap/);
    expect(getMetric('remittance_volatility_pp').notes).toMatch(/at least 3/);
    expect(getMetric('remittance_countercyclicality').notes).toMatch(/at least 5/);
  });

  it('answers undefined for an unknown id', () => {
    expect(getMetric('remittances_gdp')).toBeUndefined();
    expect(isMetricId('all')).toBe(false);
  });

  // The columnar fast path must give what the per-value definition gives, missing included.
  it.each(METRICS.filter((m) => m.kind === 'annual' && m.computeColumns).map((m) => [m.id, m] as const))('%s: computeColumns agrees with compute', (_id, m) => {
    if (m.kind !== 'annual' || !m.computeColumns) throw new Error('not columnar');
    const cell = fc.oneof(fc.constantFrom(Number.NaN, 0, -0, -1, 1, 1e-300, 1e300), fc.double({ noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }), (pairs) => {
        const [a, b] = m.inputs as readonly [string, string];
        const cols = new Map([
          [a, Float64Array.from(pairs, (p) => p[0])],
          [b, Float64Array.from(pairs, (p) => p[1])],
        ]);
        const out = new Float64Array(pairs.length);
        m.computeColumns!((input) => cols.get(input)!, out);
        const get: Getter = (name, year) => {
          const v = cols.get(name)?.[year];
          return v === undefined || Number.isNaN(v) ? undefined : v;
        };
        return pairs.every((_, i) => {
          const want = m.compute(get, i);
          // the engine stores ±Infinity from the columnar path as missing, like `finite` does
          const got = Number.isFinite(out[i]!) ? out[i] : undefined;
          return Object.is(want, got) || (want === 0 && got === 0);
        });
      }),
      { numRuns: 200 },
    );
  });

  // Inputs in a panel are finite numbers (the readers refuse NaN and Infinity); whatever they
  // are — zero, negative, huge, tiny — a definition gives a finite number or undefined.
  it('never returns NaN or ±Infinity', () => {
    const value = fc.option(
      fc.oneof(fc.constantFrom(0, -0, 1, -1, 3, 1e-300, -1e-300, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE), fc.double({ noNaN: true, noDefaultInfinity: true })),
      { nil: undefined },
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 64, maxLength: 64 }), (vals) => {
        for (const m of METRICS) {
          let k = 0;
          const cache = new Map<string, number | undefined>();
          const get: Getter = (name, year) => {
            const key = `${name}@${year}`;
            if (!cache.has(key)) cache.set(key, vals[k++ % vals.length]);
            return cache.get(key);
          };
          const v = m.kind === 'annual' ? m.compute(get, 2000) : m.compute(get, 2000, 2010);
          if (v !== undefined && !Number.isFinite(v)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
