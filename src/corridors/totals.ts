import type { BilateralTable, MatrixTotalKind } from '../bilateral.js';

/** Relative tolerance of the totals check: published totals carry about 9 significant digits. */
export const TOTALS_TOLERANCE = 1e-6;

export interface TotalCheck {
  kind: MatrixTotalKind;
  /** Empty for the grand total. */
  code: string;
  year: number | null;
  indicator: string;
  declared: number;
  /** Sum of the stored values the total covers (0 when none is stored). */
  computed: number;
  difference: number;
  ok: boolean;
  file: string;
  line: number;
}

/**
 * Compares every total a matrix printed (a `Total` column per origin, a `Total` row per
 * destination, their corner) with the sum of the values read. A difference counts when it is
 * larger than `tolerance` × the larger of the two, so rounding in the file is not a finding.
 */
export function checkTotals(b: BilateralTable, tolerance = TOTALS_TOLERANCE): TotalCheck[] {
  if (b.totals.length === 0) return [];
  const sums = new Map<string, number>();
  const add = (key: string, v: number): void => {
    sums.set(key, (sums.get(key) ?? 0) + v);
  };
  for (let i = 0; i < b.size; i++) {
    if (b.quarter[i] !== 0) continue;
    const tail = `${b.year[i]}\u0000${b.indicator[i]}`;
    const v = b.value[i]!;
    add(`origin\u0000${b.origin[i]}\u0000${tail}`, v);
    add(`destination\u0000${b.destination[i]}\u0000${tail}`, v);
    add(`grand\u0000\u0000${tail}`, v);
  }
  return b.totals.map((t) => {
    const computed = sums.get(`${t.kind}\u0000${t.code}\u0000${t.year ?? Number.NaN}\u0000${t.indicator}`) ?? 0;
    const difference = computed - t.value;
    const scale = Math.max(Math.abs(computed), Math.abs(t.value));
    return {
      kind: t.kind,
      code: t.code,
      year: t.year ?? null,
      indicator: t.indicator,
      declared: t.value,
      computed,
      difference,
      ok: Math.abs(difference) <= tolerance * scale,
      file: t.file,
      line: t.line,
    };
  });
}
