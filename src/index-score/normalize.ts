import type { Normalization, Sign } from './methods.js';

/** The value every entity gets on a component that does not tell entities apart. */
export const NEUTRAL = 50;

/** z-scores are put on 0–100 as 50 + z · 50/3: the mean at 50, ±3 standard deviations at 0 and 100. */
const Z_SPAN = 3;

function clamp100(v: number): number {
  return v < 0 ? 0 : v > 100 ? 100 : v;
}

interface Stats {
  count: number;
  min: number;
  max: number;
}

function stats(x: Float64Array): Stats {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (Number.isNaN(v)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { count, min, max };
}

/**
 * Normalises one component over the entities of a cross-section onto 0–100, 100 best. `x` holds
 * one value per entity, NaN where missing (missing stays missing). Each entity present counts,
 * whatever it lacks elsewhere. With `direction` −1 lower raw values score higher.
 *
 * - minmax: 100 · (x − min) / (max − min); reversed 100 · (max − x) / (max − min)
 *   (COINr `n_minmax`, l_u = c(0, 100)).
 * - zscore: z = ±(x − mean) / sd with the sample standard deviation (n − 1), as COINr `n_zscore`
 *   and R's `scale()`; then 50 + 50·z/3 capped to [0, 100] (the mean scores 50; values beyond
 *   ±3 sd are capped, a winsorisation at 3 sd).
 * - rank: percentile rank 100 · (r − 1) / (n − 1), r the ascending rank of ±x with ties sharing
 *   the lowest rank (COINr `n_prank`, ties.method = "min").
 * - target: distance to target, COINr `n_dist2targ` with cap_max = TRUE: 100 · (x − min) / (t − min)
 *   for higher-is-better, 100 · (max − x) / (max − t) for lower-is-better, 100 once the target is
 *   met (x ≥ t, or x ≤ t when lower is better). The worst entity scores 0 unless it meets the target.
 *
 * minmax, zscore and rank give every entity 50 when the component has a single distinct value
 * (or a single entity): it cannot tell them apart. target needs no such rule: its scale is fixed.
 */
export function normalize(x: Float64Array, method: Normalization, direction: Sign, target?: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  const { count, min, max } = stats(x);
  if (count === 0) return out;
  if (method === 'target') {
    if (target === undefined || !Number.isFinite(target)) throw new RangeError('target normalisation needs a finite target');
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) continue;
      // A value that misses the target lies strictly between the worst value and the target, so
      // the denominator is positive wherever it is used.
      if (direction > 0) out[i] = v >= target ? 100 : clamp100((100 * (v - min)) / (target - min));
      else out[i] = v <= target ? 100 : clamp100((100 * (max - v)) / (max - target));
    }
    return out;
  }
  if (min === max) {
    for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) out[i] = NEUTRAL;
    return out;
  }
  switch (method) {
    case 'minmax': {
      const range = max - min;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        if (Number.isNaN(v)) continue;
        out[i] = clamp100(direction > 0 ? (100 * (v - min)) / range : (100 * (max - v)) / range);
      }
      return out;
    }
    case 'zscore': {
      let sum = 0;
      for (const v of x) if (!Number.isNaN(v)) sum += v;
      const mean = sum / count;
      // Deviations are scaled by the largest before squaring, so tiny or huge values neither
      // underflow to a zero sd nor overflow to an infinite one.
      let scale = 0;
      for (const v of x) if (!Number.isNaN(v)) scale = Math.max(scale, Math.abs(v - mean));
      let ss = 0;
      for (const v of x) if (!Number.isNaN(v)) ss += ((v - mean) / scale) ** 2;
      const sd = scale * Math.sqrt(ss / (count - 1));
      if (!(sd > 0 && Number.isFinite(sd))) {
        for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) out[i] = NEUTRAL;
        return out;
      }
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        if (Number.isNaN(v)) continue;
        const z = (direction * (v - mean)) / sd;
        out[i] = clamp100(NEUTRAL + (z * NEUTRAL) / Z_SPAN);
      }
      return out;
    }
    case 'rank': {
      const idx: number[] = [];
      for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) idx.push(i);
      idx.sort((a, b) => direction * (x[a]! - x[b]!));
      let r = 1;
      for (let j = 0; j < idx.length; j++) {
        if (j > 0 && x[idx[j]!] !== x[idx[j - 1]!]) r = j + 1;
        out[idx[j]!] = (100 * (r - 1)) / (count - 1);
      }
      return out;
    }
  }
}
