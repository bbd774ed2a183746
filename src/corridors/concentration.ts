import type { BilateralTable } from '../bilateral.js';
import { type GroupOptions, partnerGroups } from './groups.js';

/**
 * Herfindahl–Hirschman index of partner shares, on the 0–1 scale: Σ sᵢ² with sᵢ = vᵢ / Σ v over
 * the partners with a positive value. 1 = a single partner, 1/n = n equal partners. Undefined when
 * no partner has a positive value. Example: values 50, 30, 20 → .5² + .3² + .2² = 0.38.
 */
export function hhi(values: Iterable<number>): number | undefined {
  let total = 0;
  let squares = 0;
  for (const v of values) {
    if (v > 0) {
      total += v;
      squares += v * v;
    }
  }
  return total > 0 ? squares / (total * total) : undefined;
}

/** Effective number of partners, 1 / HHI: as many equal partners as give the same HHI (0.38 → 2.6316). */
export function effectivePartners(h: number | undefined): number | undefined {
  return h === undefined || h <= 0 ? undefined : 1 / h;
}

export interface TopPartner {
  code: string;
  value: number;
  /** Share of the total over partners with positive values (0–1). */
  share: number;
}

export interface Concentration {
  code: string;
  year: number | null;
  quarter: number;
  indicator: string;
  /** Σ of the partners' positive values. */
  total: number;
  /** Partners with a positive value (non-countries such as "Other South" count). */
  partners: number;
  hhi: number | undefined;
  effectivePartners: number | undefined;
  /** The `top` largest partners, largest first (ties by code). */
  top: TopPartner[];
}

/** Positive partners, largest first, ties by code: the ranking both reports use. */
export function rankPartners(partners: ReadonlyMap<string, number>): Array<[string, number]> {
  return [...partners].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Concentration of each origin's (or destination's) partners per period and indicator: total,
 * number of partners, HHI, effective number of partners and the top-k partners with shares.
 */
export function concentration(b: BilateralTable, opts: GroupOptions & { top: number }): Concentration[] {
  return partnerGroups(b, opts).map((g) => {
    const ranked = rankPartners(g.partners);
    const total = ranked.reduce((s, [, v]) => s + v, 0);
    const h = hhi(ranked.map(([, v]) => v));
    return {
      code: g.code,
      year: g.year,
      quarter: g.quarter,
      indicator: g.indicator,
      total,
      partners: ranked.length,
      hhi: h,
      effectivePartners: effectivePartners(h),
      top: ranked.slice(0, opts.top).map(([code, value]) => ({ code, value, share: value / total })),
    };
  });
}

export interface PartnerShare {
  origin: string;
  destination: string;
  year: number | null;
  quarter: number;
  indicator: string;
  value: number;
  /** Share of the `by` side's total (0–1). */
  share: number;
  /** 1 = largest partner of the `by` side. */
  rank: number;
}

/** Corridor-level rows: each partner's value, share and rank within its origin (or destination); `top` 0 keeps all. */
export function partnerShares(b: BilateralTable, opts: GroupOptions & { top: number }): PartnerShare[] {
  const out: PartnerShare[] = [];
  for (const g of partnerGroups(b, opts)) {
    const ranked = rankPartners(g.partners);
    const total = ranked.reduce((s, [, v]) => s + v, 0);
    const shown = opts.top > 0 ? ranked.slice(0, opts.top) : ranked;
    shown.forEach(([partner, value], i) => {
      const [origin, destination] = opts.by === 'origin' ? [g.code, partner] : [partner, g.code];
      out.push({ origin, destination, year: g.year, quarter: g.quarter, indicator: g.indicator, value, share: value / total, rank: i + 1 });
    });
  }
  return out;
}
