import { GEOMETRIC_FLOOR, type Aggregation, type MissingRule } from './methods.js';

const SHIFT_SCALE = (100 - GEOMETRIC_FLOOR) / 100;

function clamp100(v: number): number {
  return v < 0 ? 0 : v > 100 ? 100 : v;
}

/**
 * The scores of `n` entities from their normalised components (`norm`, n × k, row-major, NaN
 * missing) and the weights (≥ 0, any sum: they are divided by their sum over the components used).
 *
 * - arithmetic: Σ w·v / Σ w.
 * - geometric: each v is moved onto [1, 100] (v′ = 1 + 0.99·v), G = exp(Σ w·ln v′ / Σ w), and
 *   the score is (G − 1) / 0.99, back on 0–100. Without the shift one component at 0 (the worst
 *   entity on it, under min–max) would make the whole score 0 whatever the others; COINr's
 *   `a_gmean` refuses zeros and its documentation normalises onto [1, 100] instead, which this is.
 *
 * Missing components: `drop` gives no score (NaN) to an entity lacking any; `reweight` uses the
 * components it has, their weights divided by their own sum. No positive weight left: no score.
 */
export function aggregate(norm: Float64Array, n: number, k: number, weights: ArrayLike<number>, method: Aggregation, missing: MissingRule): Float64Array {
  const out = new Float64Array(n);
  const geometric = method === 'geometric';
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let wsum = 0;
    let complete = true;
    for (let c = 0; c < k; c++) {
      const v = norm[i * k + c]!;
      if (Number.isNaN(v)) {
        complete = false;
        continue;
      }
      const w = weights[c]!;
      if (w === 0) continue;
      sum += w * (geometric ? Math.log(GEOMETRIC_FLOOR + SHIFT_SCALE * v) : v);
      wsum += w;
    }
    if ((!complete && missing === 'drop') || !(wsum > 0)) {
      out[i] = Number.NaN;
      continue;
    }
    const mean = sum / wsum;
    out[i] = clamp100(geometric ? (Math.exp(mean) - GEOMETRIC_FLOOR) / SHIFT_SCALE : mean);
  }
  return out;
}
