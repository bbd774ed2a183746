import { describe, expect, it } from 'vitest';
import { valueAt } from './helpers.js';

// Expected values are hand calculations, shown beside each assertion.
const Y = 2022;

describe('remittance_cost_gap_pp', () => {
  it('is cost − 3 (SDG 10.c target)', () => {
    // 6.5 − 3 = 3.5
    expect(valueAt({ NGA: { remit_cost_in_pct: { [Y]: 6.5 } } }, 'remittance_cost_gap_pp', 'NGA', Y)).toBeCloseTo(3.5, 12);
  });
  it('is negative below the target', () => {
    // 2.5 − 3 = −0.5
    expect(valueAt({ NGA: { remit_cost_in_pct: { [Y]: 2.5 } } }, 'remittance_cost_gap_pp', 'NGA', Y)).toBeCloseTo(-0.5, 12);
  });
});

describe('remittance_cost_savings_usd', () => {
  it('is remittances · (cost − 3) / 100', () => {
    // 2e9 · (6.5 − 3) / 100 = 2e9 · 0.035 = 7e7
    const spec = { NGA: { remit_in_usd: { [Y]: 2e9 }, remit_cost_in_pct: { [Y]: 6.5 } } };
    expect(valueAt(spec, 'remittance_cost_savings_usd', 'NGA', Y)).toBeCloseTo(7e7, 3);
  });
  it('is zero at or below the target, never negative', () => {
    // max(0, 2.5 − 3) = 0
    const spec = { NGA: { remit_in_usd: { [Y]: 2e9 }, remit_cost_in_pct: { [Y]: 2.5 } } };
    expect(valueAt(spec, 'remittance_cost_savings_usd', 'NGA', Y)).toBe(0);
  });
  it('is missing without a cost', () => {
    const spec = { NGA: { remit_in_usd: { [Y]: 2e9 }, remit_cost_in_pct: { [Y - 1]: 6.5 } } };
    expect(valueAt(spec, 'remittance_cost_savings_usd', 'NGA', Y)).toBeUndefined();
  });
});
