import { describe, expect, it } from 'vitest';
import { valueAt } from './helpers.js';

// Expected values are hand calculations, shown beside each assertion.
const Y = 2020;
const home = { emigrant_stock: { [Y]: 1e6 }, population: { [Y]: 9e6 } };

describe('emigration_rate_pct', () => {
  it('is 100 · emigrants / (population + emigrants) (DIOC m′)', () => {
    // 100 · 1e6 / (9e6 + 1e6) = 10
    expect(valueAt({ ALB: home }, 'emigration_rate_pct', 'ALB', Y)).toBeCloseTo(10, 12);
  });
  it('is missing for a zero population or a negative emigrant stock', () => {
    expect(valueAt({ ALB: { emigrant_stock: { [Y]: 1e6 }, population: { [Y]: 0 } } }, 'emigration_rate_pct', 'ALB', Y)).toBeUndefined();
    expect(valueAt({ ALB: { emigrant_stock: { [Y]: -1 }, population: { [Y]: 9e6 } } }, 'emigration_rate_pct', 'ALB', Y)).toBeUndefined();
  });
});

describe('diaspora_population_pct', () => {
  it('is 100 · emigrants / population', () => {
    // 100 · 1e6 / 9e6 = 11.111…
    expect(valueAt({ ALB: home }, 'diaspora_population_pct', 'ALB', Y)).toBeCloseTo(100 / 9, 12);
  });
  it('can exceed 100 for a small state with a large diaspora', () => {
    // 100 · 150,000 / 100,000 = 150
    expect(valueAt({ TON: { emigrant_stock: { [Y]: 150000 }, population: { [Y]: 100000 } } }, 'diaspora_population_pct', 'TON', Y)).toBeCloseTo(150, 12);
  });
  it('is missing for a zero population', () => {
    expect(valueAt({ ALB: { emigrant_stock: { [Y]: 1 }, population: { [Y]: 0 } } }, 'diaspora_population_pct', 'ALB', Y)).toBeUndefined();
  });
});

describe('skilled_emigration_rate_pct', () => {
  it('is 100 · tertiary emigrants / (tertiary residents + tertiary emigrants)', () => {
    // 100 · 2e5 / (6e5 + 2e5) = 25
    const spec = { GHA: { tertiary_emigrants: { 2010: 2e5 }, tertiary_residents: { 2010: 6e5 } } };
    expect(valueAt(spec, 'skilled_emigration_rate_pct', 'GHA', 2010)).toBeCloseTo(25, 12);
  });
  it('is missing without tertiary residents', () => {
    const spec = { GHA: { tertiary_emigrants: { 2010: 2e5 }, tertiary_residents: { 2010: 0 } } };
    expect(valueAt(spec, 'skilled_emigration_rate_pct', 'GHA', 2010)).toBeUndefined();
  });
});
