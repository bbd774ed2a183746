import { TIE_TOLERANCE } from './methods.js';

/**
 * Ranks, 1 = highest score; NaN scores get 0 (no rank). Ties share the lowest rank of their group
 * ("1, 2, 2, 4", R's rank(-x, ties.method = "min"), as COINr ranks): scores within TIE_TOLERANCE
 * of the first score of a group belong to it.
 */
export function minRanks(scores: Float64Array): Int32Array {
  const ranks = new Int32Array(scores.length);
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  let lead = Number.NaN;
  let rank = 0;
  for (let j = 0; j < idx.length; j++) {
    const s = scores[idx[j]!]!;
    if (j === 0 || lead - s > TIE_TOLERANCE) {
      lead = s;
      rank = j + 1;
    }
    ranks[idx[j]!] = rank;
  }
  return ranks;
}

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between order statistics,
 * h = (n − 1)·p: R's default quantile(type = 7), which COINr's rank statistics use.
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
