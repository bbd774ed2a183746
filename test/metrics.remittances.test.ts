import { describe, expect, it } from 'vitest';
import { valueAt } from './helpers.js';

// Expected values are hand calculations, shown beside each assertion.
const Y = 2020;
const base = {
  remit_in_usd: { [Y]: 2.5e9 },
  remit_out_usd: { [Y]: 1.2e9 },
  gdp_usd: { [Y]: 50e9 },
  population: { [Y]: 50e6 },
  emigrant_stock: { [Y]: 1e6 },
  oda_usd: { [Y]: 0.5e9 },
  fdi_in_usd: { [Y]: 10e9 },
  exports_usd: { [Y]: 20e9 },
  imports_usd: { [Y]: 40e9 },
  reserves_usd: { [Y]: 10e9 },
};
const at = (metric: string, overrides: Record<string, Record<number, number>> = {}): number | undefined =>
  valueAt({ KEN: { ...base, ...overrides } }, metric, 'KEN', Y);

describe('remittances_gdp_pct', () => {
  it('is 100 · remittances / GDP', () => {
    // 100 · 2.5e9 / 50e9 = 5
    expect(at('remittances_gdp_pct')).toBeCloseTo(5, 12);
  });
  it('is missing for a zero or negative GDP, or a missing one', () => {
    expect(at('remittances_gdp_pct', { gdp_usd: { [Y]: 0 } })).toBeUndefined();
    expect(at('remittances_gdp_pct', { gdp_usd: { [Y]: -1e9 } })).toBeUndefined();
    expect(at('remittances_gdp_pct', { gdp_usd: { [Y - 1]: 50e9 } })).toBeUndefined();
  });
  it('is missing when remittances are missing but GDP is there', () => {
    expect(at('remittances_gdp_pct', { remit_in_usd: { [Y - 1]: 1 } })).toBeUndefined();
  });
});

describe('remittances_outflow_gdp_pct', () => {
  it('is 100 · remittances paid / GDP', () => {
    // 100 · 1.2e9 / 50e9 = 2.4
    expect(at('remittances_outflow_gdp_pct')).toBeCloseTo(2.4, 12);
  });
  it('is missing for a zero GDP', () => {
    expect(at('remittances_outflow_gdp_pct', { gdp_usd: { [Y]: 0 } })).toBeUndefined();
  });
});

describe('net_remittances_usd', () => {
  it('is received − paid', () => {
    // 2.5e9 − 1.2e9 = 1.3e9
    expect(at('net_remittances_usd')).toBeCloseTo(1.3e9, 0);
  });
  it('is negative for a net sender', () => {
    // 1e9 − 3e9 = −2e9
    expect(at('net_remittances_usd', { remit_in_usd: { [Y]: 1e9 }, remit_out_usd: { [Y]: 3e9 } })).toBe(-2e9);
  });
  it('is missing when one flow is missing (never treated as zero)', () => {
    expect(at('net_remittances_usd', { remit_out_usd: { [Y - 1]: 1 } })).toBeUndefined();
  });
});

describe('remittances_per_capita_usd', () => {
  it('is remittances / population', () => {
    // 2.5e9 / 50e6 = 50
    expect(at('remittances_per_capita_usd')).toBeCloseTo(50, 12);
  });
  it('is missing for a zero or negative population', () => {
    expect(at('remittances_per_capita_usd', { population: { [Y]: 0 } })).toBeUndefined();
    expect(at('remittances_per_capita_usd', { population: { [Y]: -5 } })).toBeUndefined();
  });
});

describe('remittances_per_emigrant_usd', () => {
  it('is remittances / emigrant stock', () => {
    // 2.5e9 / 1e6 = 2500
    expect(at('remittances_per_emigrant_usd')).toBeCloseTo(2500, 9);
  });
  it('is missing for a zero emigrant stock', () => {
    expect(at('remittances_per_emigrant_usd', { emigrant_stock: { [Y]: 0 } })).toBeUndefined();
  });
});

describe('remittances_to_oda_ratio', () => {
  it('is remittances / net ODA', () => {
    // 2.5e9 / 0.5e9 = 5
    expect(at('remittances_to_oda_ratio')).toBeCloseTo(5, 12);
  });
  it('is missing when net ODA is zero or negative (net repayments)', () => {
    expect(at('remittances_to_oda_ratio', { oda_usd: { [Y]: 0 } })).toBeUndefined();
    expect(at('remittances_to_oda_ratio', { oda_usd: { [Y]: -1e8 } })).toBeUndefined();
  });
});

describe('remittances_to_fdi_ratio', () => {
  it('is remittances / FDI net inflows', () => {
    // 2.5e9 / 10e9 = 0.25
    expect(at('remittances_to_fdi_ratio')).toBeCloseTo(0.25, 12);
  });
  it('is missing when FDI net inflows are zero or negative (disinvestment)', () => {
    expect(at('remittances_to_fdi_ratio', { fdi_in_usd: { [Y]: 0 } })).toBeUndefined();
    expect(at('remittances_to_fdi_ratio', { fdi_in_usd: { [Y]: -3e9 } })).toBeUndefined();
  });
});

describe('remittances_exports_pct', () => {
  it('is 100 · remittances / exports', () => {
    // 100 · 2.5e9 / 20e9 = 12.5
    expect(at('remittances_exports_pct')).toBeCloseTo(12.5, 12);
  });
  it('is missing for zero exports', () => {
    expect(at('remittances_exports_pct', { exports_usd: { [Y]: 0 } })).toBeUndefined();
  });
});

describe('remittances_imports_pct', () => {
  it('is 100 · remittances / imports', () => {
    // 100 · 2.5e9 / 40e9 = 6.25
    expect(at('remittances_imports_pct')).toBeCloseTo(6.25, 12);
  });
  it('is missing for negative imports', () => {
    expect(at('remittances_imports_pct', { imports_usd: { [Y]: -1 } })).toBeUndefined();
  });
});

describe('remittances_reserves_pct', () => {
  it('is 100 · remittances / total reserves', () => {
    // 100 · 2.5e9 / 10e9 = 25
    expect(at('remittances_reserves_pct')).toBeCloseTo(25, 12);
  });
  it('is missing for zero reserves', () => {
    expect(at('remittances_reserves_pct', { reserves_usd: { [Y]: 0 } })).toBeUndefined();
  });
});
