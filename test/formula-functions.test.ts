import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, FUNCTIONS, nearlyEqual } from '../src/formula/functions.js';
import { didYouMean, editDistance } from '../src/formula/suggest.js';

const call = (name: string, ...args: number[]): number => {
  const f = FUNCTIONS.get(name);
  if (!f) throw new Error(`no function ${name}`);
  return f.call(...args);
};

describe('the numeric allow-list', () => {
  it('is exactly these functions', () => {
    expect(FUNCTION_NAMES).toEqual(['abs', 'sign', 'sqrt', 'cbrt', 'exp', 'log', 'log10', 'log2', 'pow', 'min', 'max', 'round', 'floor', 'ceil']);
  });

  it('returns plain numbers, NaN where mathjs would go complex (the evaluator makes those missing)', () => {
    expect(call('sqrt', -1)).toBeNaN();
    expect(call('log', -1)).toBeNaN();
    expect(call('pow', -8, 1 / 3)).toBeNaN();
    expect(call('log', 0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('log takes an optional base', () => {
    expect(call('log', 100, 10)).toBeCloseTo(2, 15);
    expect(call('log', Math.E)).toBe(1);
  });

  // Expected values: mathjs 15.2 round/floor/ceil on the same inputs (rounding of the decimal
  // representation, half away from zero), checked by hand.
  it.each([
    ['round', 2.5, 0, 3],
    ['round', -2.5, 0, -3],
    ['round', 0.5, 0, 1],
    ['round', 1.005, 2, 1.01],
    ['round', -1.005, 2, -1.01],
    ['round', 1.2345e-7, 9, 1.23e-7],
    ['round', 123.456, 15, 123.456],
    ['floor', 2.789, 2, 2.78],
    ['floor', -2.781, 2, -2.79],
    ['ceil', 2.781, 2, 2.79],
    ['floor', 0.1 * 3 * 10, 0, 3],
    ['ceil', 0.1 * 3 * 10, 0, 3],
    ['ceil', 0.7 + 0.1, 1, 0.8], // 0.7999999999999999
  ])('%s(%s, %s) = %s', (name, x, digits, expected) => {
    expect(call(name, x, digits)).toBe(expected);
  });

  it('round leaves numbers too large to have decimals alone', () => {
    expect(call('round', 1e300, 2)).toBe(1e300);
    expect(call('round', 2 ** 60, 0)).toBe(2 ** 60);
  });

  it('decimals outside 0–15 or not integers give NaN', () => {
    expect(call('round', 1, -1)).toBeNaN();
    expect(call('round', 1, 16)).toBeNaN();
    expect(call('floor', 1, 0.5)).toBeNaN();
  });

  it('nearlyEqual uses mathjs’s default tolerances (relTol 1e-12, absTol 1e-15)', () => {
    expect(nearlyEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(nearlyEqual(1, 1 + 1e-11)).toBe(false);
    expect(nearlyEqual(0, 1e-16)).toBe(true);
    expect(nearlyEqual(0, 1e-14)).toBe(false);
  });
});

describe('did you mean', () => {
  it('edit distance counts a transposition as one edit, ignoring case', () => {
    expect(editDistance('remit_in_usd', 'remit_in_uds')).toBe(1);
    expect(editDistance('GDP_USD', 'gdp_usd')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest name within a third of its length', () => {
    const names = ['remit_in_usd', 'remit_out_usd', 'gdp_usd', 'population'];
    expect(didYouMean('remit_in_uds', names)).toBe('remit_in_usd');
    expect(didYouMean('populaton', names)).toBe('population');
    expect(didYouMean('GDP_USD', names)).toBe('gdp_usd');
    expect(didYouMean('cm', names)).toBeUndefined();
    expect(didYouMean('sqr', FUNCTION_NAMES)).toBe('sqrt');
  });
});
