import { describe, expect, it } from 'vitest';
import { valueAt } from './helpers.js';

// Expected values are hand calculations, shown beside each assertion.
const Y = 2019;

describe('migrant_share_pct', () => {
  it('is 100 · migrant stock / population', () => {
    // 100 · 2e6 / 50e6 = 4
    expect(valueAt({ DEU: { migrant_stock: { [Y]: 2e6 }, population: { [Y]: 50e6 } } }, 'migrant_share_pct', 'DEU', Y)).toBeCloseTo(4, 12);
  });
  it('is missing for a zero population and in years without a migrant stock', () => {
    expect(valueAt({ DEU: { migrant_stock: { [Y]: 2e6 }, population: { [Y]: 0 } } }, 'migrant_share_pct', 'DEU', Y)).toBeUndefined();
    // UN DESA stocks come every five years; the years between are missing, not interpolated.
    const spec = { DEU: { migrant_stock: { 2015: 2e6, 2020: 3e6 }, population: { 2015: 50e6, 2016: 50e6, 2020: 50e6 } } };
    expect(valueAt(spec, 'migrant_share_pct', 'DEU', 2016)).toBeUndefined();
    expect(valueAt(spec, 'migrant_share_pct', 'DEU', 2020)).toBeCloseTo(6, 12); // 100 · 3e6 / 50e6
  });
});

describe('net_migration_rate_per_1000', () => {
  it('is 1000 · net migration / population, negative for net emigration', () => {
    // 1000 · (−150,000) / 50e6 = −3
    expect(valueAt({ MEX: { net_migration: { [Y]: -150000 }, population: { [Y]: 50e6 } } }, 'net_migration_rate_per_1000', 'MEX', Y)).toBeCloseTo(-3, 12);
  });
  it('is missing for a negative population', () => {
    expect(valueAt({ MEX: { net_migration: { [Y]: 10 }, population: { [Y]: -1 } } }, 'net_migration_rate_per_1000', 'MEX', Y)).toBeUndefined();
  });
});

describe('refugees_origin_per_100k', () => {
  it('divides by population plus refugees (UNHCR, SDG 10.7.4)', () => {
    // 100000 · 25,000 / (4,975,000 + 25,000) = 100000 · 25,000 / 5,000,000 = 500
    // (dividing by population alone would give 502.51…, the variant SDG 10.7.4 does not use)
    expect(valueAt({ SYR: { refugees_origin: { [Y]: 25000 }, population: { [Y]: 4975000 } } }, 'refugees_origin_per_100k', 'SYR', Y)).toBeCloseTo(500, 10);
  });
  it('is zero with no refugees, missing for a zero population or a negative count', () => {
    expect(valueAt({ SYR: { refugees_origin: { [Y]: 0 }, population: { [Y]: 1e6 } } }, 'refugees_origin_per_100k', 'SYR', Y)).toBe(0);
    expect(valueAt({ SYR: { refugees_origin: { [Y]: 10 }, population: { [Y]: 0 } } }, 'refugees_origin_per_100k', 'SYR', Y)).toBeUndefined();
    expect(valueAt({ SYR: { refugees_origin: { [Y]: -10 }, population: { [Y]: 1e6 } } }, 'refugees_origin_per_100k', 'SYR', Y)).toBeUndefined();
  });
});
