import { describe, expect, it } from 'vitest';
import { pearson, sampleSd } from '../src/metrics/math.js';
import { seriesOf, valueAt } from './helpers.js';

// Expected values are hand calculations, shown beside each assertion.

describe('remittance_growth_pct', () => {
  it('is 100 · (x[t] / x[t−1] − 1)', () => {
    // 100 · (110 / 100 − 1) = 10
    expect(valueAt({ PHL: { remit_in_usd: { 2019: 100, 2020: 110 } } }, 'remittance_growth_pct', 'PHL', 2020)).toBeCloseTo(10, 12);
  });
  it('is missing after a gap year, never bridged over it', () => {
    // 2021 is absent: 2022 over 2020 would be 100 · (121/110 − 1) = 10, but that spans two years.
    const s = seriesOf({ PHL: { remit_in_usd: { 2019: 100, 2020: 110, 2022: 121 } } }, 'remittance_growth_pct', 'PHL');
    expect(s.get(2022)).toBeUndefined();
    expect(s.has(2021)).toBe(false);
    expect(s.get(2019)).toBeUndefined(); // first year: no t − 1
  });
  it('is missing when the earlier value is zero or negative', () => {
    expect(valueAt({ PHL: { remit_in_usd: { 2019: 0, 2020: 110 } } }, 'remittance_growth_pct', 'PHL', 2020)).toBeUndefined();
    expect(valueAt({ PHL: { remit_in_usd: { 2019: -5, 2020: 110 } } }, 'remittance_growth_pct', 'PHL', 2020)).toBeUndefined();
  });
  it('reads t − 1 even when it lies before the requested years', () => {
    // 100 · (110 / 100 − 1) = 10, with 2019 outside --years 2020-2020
    expect(valueAt({ PHL: { remit_in_usd: { 2019: 100, 2020: 110 } } }, 'remittance_growth_pct', 'PHL', 2020, { years: [2020, 2020] })).toBeCloseTo(10, 12);
  });
});

describe('remittance_cagr_pct', () => {
  it('is 100 · ((x_end / x_start)^(1/(end − start)) − 1), reported at the window end', () => {
    // 100 · (2^(1/10) − 1) = 100 · (1.0717734625362931 − 1) = 7.177346253629313
    const spec = { NPL: { remit_in_usd: { 2000: 100, 2005: 150, 2010: 200 } } };
    expect(valueAt(spec, 'remittance_cagr_pct', 'NPL', 2010)).toBeCloseTo(7.177346253629313, 10);
  });
  it('uses the first and last years with data inside the window', () => {
    // Window 1998-2012, data 2000 and 2010 only: same 7.1773… as above, still reported at 2012.
    const spec = { NPL: { remit_in_usd: { 1995: 1, 2000: 100, 2010: 200, 2014: 1e6 } } };
    expect(valueAt(spec, 'remittance_cagr_pct', 'NPL', 2012, { window: [1998, 2012] })).toBeCloseTo(7.177346253629313, 10);
  });
  it('is missing with a single year of data in the window', () => {
    const spec = { NPL: { remit_in_usd: { 1995: 1, 2005: 100, 2015: 1 } } };
    expect(valueAt(spec, 'remittance_cagr_pct', 'NPL', 2010, { window: [2000, 2010] })).toBeUndefined();
  });
  it('is missing when the start or end value is not positive', () => {
    expect(valueAt({ NPL: { remit_in_usd: { 2000: 0, 2010: 200 } } }, 'remittance_cagr_pct', 'NPL', 2010)).toBeUndefined();
    expect(valueAt({ NPL: { remit_in_usd: { 2000: 100, 2010: -1 } } }, 'remittance_cagr_pct', 'NPL', 2010)).toBeUndefined();
  });
});

// Levels 100, 110, 99, 118.8, 95.04, 99.792 give growth rates 10, −10, 20, −20, 5.
const levels = { 2000: 100, 2001: 110, 2002: 99, 2003: 118.8, 2004: 95.04, 2005: 99.792 };

describe('remittance_volatility_pp', () => {
  it('is the sample standard deviation of the growth rates', () => {
    // growth 10, −10, 20, −20 (2001–2004): mean 0, Σd² = 100 + 100 + 400 + 400 = 1000,
    // sd = √(1000 / 3) = 18.257418583505537
    const spec = { TJK: { remit_in_usd: { 2000: 100, 2001: 110, 2002: 99, 2003: 118.8, 2004: 95.04 } } };
    expect(valueAt(spec, 'remittance_volatility_pp', 'TJK', 2004)).toBeCloseTo(18.257418583505537, 9);
  });
  it('needs three growth rates', () => {
    // 2000–2002: two growth rates (10, −10) only
    const spec = { TJK: { remit_in_usd: { 2000: 100, 2001: 110, 2002: 99 } } };
    expect(valueAt(spec, 'remittance_volatility_pp', 'TJK', 2002)).toBeUndefined();
  });
  it('skips growth across a gap instead of bridging it', () => {
    // 2002 missing: rates exist for 2001 (10) and 2004 (−20) only, so fewer than three.
    const spec = { TJK: { remit_in_usd: { 2000: 100, 2001: 110, 2003: 118.8, 2004: 95.04 } } };
    expect(valueAt(spec, 'remittance_volatility_pp', 'TJK', 2004)).toBeUndefined();
  });
  it('only counts growth rates whose two levels lie inside the window', () => {
    // Window 2001-2004: rates for 2002–2004 (−10, 20, −20), not 2001 (its base 2000 is outside).
    // mean −10/3; deviations −20/3, 70/3, −50/3; Σd² = (400 + 4900 + 2500)/9 = 7800/9;
    // sd = √(7800 / 9 / 2) = √433.33… = 20.816659994661325
    expect(valueAt({ TJK: { remit_in_usd: levels } }, 'remittance_volatility_pp', 'TJK', 2004, { window: [2001, 2004] })).toBeCloseTo(20.816659994661325, 9);
  });
  it('does not output the growth metric it is computed from', () => {
    const rows = seriesOf({ TJK: { remit_in_usd: levels } }, 'remittance_growth_pct', 'TJK', {});
    expect(rows.size).toBe(6);
    const only = seriesOf({ TJK: { remit_in_usd: levels } }, 'remittance_volatility_pp', 'TJK');
    expect([...only.keys()]).toEqual([2005]);
  });
});

describe('remittance_countercyclicality', () => {
  // growth x = 10, −10, 20, −20, 5 and GDP growth y = 2, 4, 1, 5, 3 (2001–2005):
  // mean x = 1, mean y = 3; dx = 9, −11, 19, −21, 4; dy = −1, 1, −2, 2, 0;
  // Sxy = −9 − 11 − 38 − 42 + 0 = −100; Sxx = 81 + 121 + 361 + 441 + 16 = 1020; Syy = 10;
  // r = −100 / √(1020 · 10) = −100 / 100.99504938362078 = −0.9901475429766743
  const gdp = { 2000: 100, 2001: 2, 2002: 4, 2003: 1, 2004: 5, 2005: 3 };
  it('is the Pearson correlation of remittance growth with GDP growth', () => {
    // GDP growth of 2000 (100) is outside the pairs: 2000 has no remittance growth in the window.
    expect(valueAt({ MEX: { remit_in_usd: levels, gdp_growth_pct: gdp } }, 'remittance_countercyclicality', 'MEX', 2005)).toBeCloseTo(-0.9901475429766743, 9);
  });
  it('needs five paired years', () => {
    const four = { 2000: 100, 2001: 2, 2002: 4, 2003: 1, 2004: 5 };
    expect(valueAt({ MEX: { remit_in_usd: levels, gdp_growth_pct: four } }, 'remittance_countercyclicality', 'MEX', 2005)).toBeUndefined();
  });
  it('is missing when either series is constant', () => {
    const flat = { 2001: 3, 2002: 3, 2003: 3, 2004: 3, 2005: 3 };
    expect(valueAt({ MEX: { remit_in_usd: levels, gdp_growth_pct: flat } }, 'remittance_countercyclicality', 'MEX', 2005)).toBeUndefined();
    // 10 % growth every year: computed from the levels the rates are 10.000000000000009,
    // 9.999999999999986…, constant up to rounding, so still no correlation.
    const steady = { 2000: 100, 2001: 110, 2002: 121, 2003: 133.1, 2004: 146.41, 2005: 161.051 };
    expect(valueAt({ MEX: { remit_in_usd: steady, gdp_growth_pct: gdp } }, 'remittance_countercyclicality', 'MEX', 2005)).toBeUndefined();
  });
});

describe('statistics helpers', () => {
  it('sampleSd matches a hand calculation and refuses too few values', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σd² = 32, sd = √(32/7) = 2.138089935299395
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12);
    expect(sampleSd([1])).toBeUndefined();
    expect(sampleSd([1, 2], 3)).toBeUndefined();
  });
  it('pearson is ±1 on exact lines and missing on constant series', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeUndefined();
    // 0.1 + 0.2 = 0.30000000000000004: a rounding difference, not a spread
    expect(pearson([0.1 + 0.2, 0.3, 0.3], [1, 2, 3])).toBeUndefined();
    // a real spread of one millionth still counts: r of (0, 1e-6, 2e-6) with (1, 2, 3) is 1
    expect(pearson([0, 1e-6, 2e-6], [1, 2, 3])).toBeCloseTo(1, 12);
  });
});
