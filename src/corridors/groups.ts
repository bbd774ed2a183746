import type { BilateralTable } from '../bilateral.js';

export type Side = 'origin' | 'destination';

/** One origin's (or destination's) partners for one period and indicator. */
export interface PartnerGroup {
  code: string;
  /** null when the data have no year (a matrix without a year column). */
  year: number | null;
  /** 0 for a whole year, 1–4 for a quarter. */
  quarter: number;
  indicator: string;
  /** partner code → value, in the order read. */
  partners: Map<string, number>;
}

export interface GroupOptions {
  by: Side;
  /** Keep only this indicator. */
  indicator?: string;
  /** Keep only these codes on the `by` side. */
  keep?: (code: string) => boolean;
  /** Keep only the values read from this file. */
  file?: string;
}

/**
 * Bilateral values grouped by the `by` side × period × indicator, the partner on the other side.
 * A country's value with itself (origin = destination: natives in a stock matrix, zeros on the
 * diagonal of flow tables) is not a partner and is left out.
 */
export function partnerGroups(b: BilateralTable, opts: GroupOptions): PartnerGroup[] {
  const groups = new Map<string, PartnerGroup>();
  const self = opts.by === 'origin' ? b.origin : b.destination;
  const other = opts.by === 'origin' ? b.destination : b.origin;
  for (let i = 0; i < b.size; i++) {
    const code = self[i]!;
    const partner = other[i]!;
    if (code === partner) continue;
    const indicator = b.indicator[i]!;
    if (opts.indicator !== undefined && indicator !== opts.indicator) continue;
    if (opts.keep && !opts.keep(code)) continue;
    if (opts.file !== undefined && b.file[i] !== opts.file) continue;
    const y = b.year[i]!;
    const q = b.quarter[i]!;
    const key = `${code}\u0000${y}\u0000${q}\u0000${indicator}`;
    let g = groups.get(key);
    if (!g) {
      g = { code, year: Number.isNaN(y) ? null : y, quarter: q, indicator, partners: new Map() };
      groups.set(key, g);
    }
    g.partners.set(partner, b.value[i]!);
  }
  return [...groups.values()].sort(compareGroups);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of output rows: code, year (no year first), quarter, indicator. */
export function compareGroups(a: { code: string; year: number | null; quarter: number; indicator: string }, b: typeof a): number {
  return (
    cmp(a.code, b.code) ||
    (a.year === b.year ? 0 : a.year === null ? -1 : b.year === null ? 1 : a.year - b.year) ||
    a.quarter - b.quarter ||
    cmp(a.indicator, b.indicator)
  );
}
