/**
 * The numeric functions a formula may call: the whole allow-list. They are our own JavaScript
 * (Math.*), not mathjs's, so no call ever returns a complex number, a matrix or a unit; a result
 * that is not a finite number (sqrt(-1), log(0), pow(-8, 1/3)) becomes missing in the evaluator.
 */
export interface NumericFunction {
  readonly min: number;
  readonly max: number;
  readonly usage: string;
  readonly call: (...args: number[]) => number;
}

/** mathjs's default tolerances (config relTol, absTol): comparisons and floor/ceil use them. */
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

export function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** x · 10^k computed on the shortest decimal representation, so that round(1.005, 2) is 1.01. */
function shiftDecimal(x: number, k: number): number {
  if (k === 0 || x === 0) return x;
  const [mantissa, exponent] = x.toExponential().split('e');
  return Number(`${mantissa}e${Number(exponent) + k}`);
}

function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** round/floor/ceil to `digits` decimals (0–15, an integer), as mathjs's functions of the same names. */
function toDecimals(x: number, digits: number, mode: 'round' | 'floor' | 'ceil'): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) return Number.NaN;
  const y = shiftDecimal(x, digits);
  if (!Number.isFinite(y) || Math.abs(y) >= 2 ** 53) return x;
  const nearest = roundHalfAwayFromZero(y);
  const r = mode === 'round' || nearlyEqual(y, nearest) ? nearest : mode === 'floor' ? Math.floor(y) : Math.ceil(y);
  return shiftDecimal(r, -digits);
}

const fn = (min: number, max: number, usage: string, call: (...args: number[]) => number): NumericFunction => ({ min, max, usage, call });

export const FUNCTIONS: ReadonlyMap<string, NumericFunction> = new Map([
  ['abs', fn(1, 1, 'abs(x)', (x) => Math.abs(x))],
  ['sign', fn(1, 1, 'sign(x)', (x) => Math.sign(x))],
  ['sqrt', fn(1, 1, 'sqrt(x)', (x) => Math.sqrt(x))],
  ['cbrt', fn(1, 1, 'cbrt(x)', (x) => Math.cbrt(x))],
  ['exp', fn(1, 1, 'exp(x)', (x) => Math.exp(x))],
  ['log', fn(1, 2, 'log(x) or log(x, base)', (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)))],
  ['log10', fn(1, 1, 'log10(x)', (x) => Math.log10(x))],
  ['log2', fn(1, 1, 'log2(x)', (x) => Math.log2(x))],
  ['pow', fn(2, 2, 'pow(x, y)', (x, y) => (x as number) ** (y as number))],
  ['min', fn(1, Number.POSITIVE_INFINITY, 'min(a, b, …)', (...xs) => Math.min(...xs))],
  ['max', fn(1, Number.POSITIVE_INFINITY, 'max(a, b, …)', (...xs) => Math.max(...xs))],
  ['round', fn(1, 2, 'round(x) or round(x, decimals)', (x, d) => toDecimals(x, d ?? 0, 'round'))],
  ['floor', fn(1, 2, 'floor(x) or floor(x, decimals)', (x, d) => toDecimals(x, d ?? 0, 'floor'))],
  ['ceil', fn(1, 2, 'ceil(x) or ceil(x, decimals)', (x, d) => toDecimals(x, d ?? 0, 'ceil'))],
]);

export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];
