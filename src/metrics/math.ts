/**
 * Arithmetic shared by metric definitions. Every helper returns `undefined` instead of NaN,
 * ±Infinity or a division by zero, so no definition can leak a non-number (SPEC "Output").
 */

/** `x` when it is a finite number, else undefined. */
export function finite(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) ? x : undefined;
}

/**
 * scale · num / den for a denominator that is only meaningful when positive (GDP, population,
 * exports, reserves, and — by our documented choice — FDI and ODA). A zero or negative
 * denominator gives undefined.
 */
export function ratio(num: number | undefined, den: number | undefined, scale = 1): number | undefined {
  if (num === undefined || den === undefined || !(den > 0)) return undefined;
  return finite((scale * num) / den);
}

/**
 * scale · part / (base + part): a rate whose denominator adds the numerator to a base
 * population (emigration rate m′, SDG 10.7.4). The base must be positive and the part, a count
 * of people, must not be negative.
 */
export function rateOfTotal(part: number | undefined, base: number | undefined, scale: number): number | undefined {
  if (part === undefined || base === undefined || !(base > 0) || !(part >= 0)) return undefined;
  return finite((scale * part) / (base + part));
}

/** 100 · (x / prev − 1); undefined unless both exist and the earlier level is positive. */
export function growthPct(x: number | undefined, prev: number | undefined): number | undefined {
  if (x === undefined || prev === undefined || !(prev > 0)) return undefined;
  return finite(100 * (x / prev - 1));
}

/** Sample standard deviation (n − 1 in the denominator); undefined for fewer than `minN` values. */
export function sampleSd(xs: readonly number[], minN = 2): number | undefined {
  const n = xs.length;
  if (n < Math.max(2, minN)) return undefined;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return finite(Math.sqrt(ss / (n - 1)));
}

/**
 * Pearson's r of paired samples; undefined for fewer than `minN` pairs or when either series is
 * constant (r is then 0/0, not a correlation of zero). "Constant" includes series that differ
 * only by rounding — 10 % growth computed from levels comes out as 10.000000000000009,
 * 9.999999999999986… — whose correlation would be noise: a spread below 1e-10 of the
 * series' magnitude counts as none. Centred two-pass sums keep precision on large means.
 */
export function pearson(xs: readonly number[], ys: readonly number[], minN = 2): number | undefined {
  const n = xs.length;
  if (n !== ys.length || n < Math.max(2, minN)) return undefined;
  let mx = 0;
  let my = 0;
  let ax = 0;
  let ay = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
    ax = Math.max(ax, Math.abs(xs[i]!));
    ay = Math.max(ay, Math.abs(ys[i]!));
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > n * (1e-10 * ax) ** 2) || !(syy > n * (1e-10 * ay) ** 2)) return undefined;
  const r = finite(sxy / Math.sqrt(sxx * syy));
  // Rounding can push |r| a hair past 1 for perfectly collinear series.
  return r === undefined ? undefined : Math.max(-1, Math.min(1, r));
}
