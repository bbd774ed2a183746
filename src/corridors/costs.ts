import type { BilateralTable } from '../bilateral.js';
import { builtinEntity } from '../entities/index.js';
import type { PriceTable } from '../prices.js';

/** SDG 10.c: reduce to less than 3 % the cost of sending remittances. */
export const SDG_TARGET_PCT = 3;
/** SDG 10.c: eliminate corridors costing more than 5 %. */
export const SDG_CORRIDOR_CAP_PCT = 5;

/** One cost figure: a service's quote in a period, or a corridor's yearly mean from RPW corridors. */
export interface CostObservation {
  origin: string;
  destination: string;
  /** `2019Q1`, or `2019` for yearly figures. */
  period: string;
  year: number;
  /** Total cost, % of the amount sent. */
  cost: number;
  /** Quarters averaged into a yearly corridor figure (RPW corridors); absent for a single quote. */
  quarters?: number;
}

/** Every quote of a price survey is one observation (one service in one period). */
export function observationsFromQuotes(p: PriceTable): CostObservation[] {
  return p.quotes.map((q) => ({ origin: q.sending, destination: q.receiving, period: q.period, year: q.year, cost: q.totalCostPct }));
}

/** Bilateral series that are corridor costs: the RPW corridor database's `ATCR.*` series. */
export function isCostIndicator(code: string, name = ''): boolean {
  return /^ATCR\b/i.test(code) || /total cost/i.test(name);
}

/**
 * RPW corridor averages (a DataBank `ATCR.CORR` export) as one observation per corridor and
 * year: the mean of the quarters with a value (2011–2012 have only Q1 and Q3). `quarters` gives
 * how many stood behind each.
 */
export function observationsFromCorridorSeries(b: BilateralTable, indicator: string): Array<CostObservation & { quarters: number }> {
  const acc = new Map<string, CostObservation & { quarters: number }>();
  for (let i = 0; i < b.size; i++) {
    if (b.indicator[i] !== indicator) continue;
    const year = b.year[i]!;
    if (Number.isNaN(year)) continue;
    const key = `${b.origin[i]}\u0000${b.destination[i]}\u0000${year}`;
    let o = acc.get(key);
    if (!o) {
      o = { origin: b.origin[i]!, destination: b.destination[i]!, period: String(year), year, cost: 0, quarters: 0 };
      acc.set(key, o);
    }
    o.cost += b.value[i]!;
    o.quarters++;
  }
  for (const o of acc.values()) o.cost /= o.quarters;
  return [...acc.values()];
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export interface CorridorCost {
  origin: string;
  destination: string;
  period: string;
  year: number;
  /** Observations averaged: services (price quotes) or quarters (corridor series). */
  n: number;
  /** Simple average over services. */
  average: number;
  /** SmaRT: average of the three cheapest services (of all there are when fewer). */
  smart: number;
  /** Services behind `smart`: fewer than 3 flags a corridor SmaRT cannot be computed for properly. */
  smartN: number;
  /** average − 3, percentage points. */
  gap: number;
  atOrBelow5: boolean;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups items by a key (groups in first-seen order; callers sort what they return). */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Per corridor and period: simple average over services, SmaRT, gap to 3 %, ≤ 5 %. */
export function corridorCosts(obs: readonly CostObservation[]): CorridorCost[] {
  const out: CorridorCost[] = [];
  for (const list of groupBy(obs, (o) => `${o.origin}\u0000${o.destination}\u0000${o.period}`).values()) {
    const first = list[0]!;
    const costs = list.map((o) => o.cost);
    const cheapest = [...costs].sort((a, b) => a - b).slice(0, 3);
    const average = mean(costs);
    out.push({
      origin: first.origin,
      destination: first.destination,
      period: first.period,
      year: first.year,
      n: list.reduce((n, o) => n + (o.quarters ?? 1), 0),
      average,
      smart: mean(cheapest),
      smartN: cheapest.length,
      gap: average - SDG_TARGET_PCT,
      atOrBelow5: average <= SDG_CORRIDOR_CAP_PCT,
    });
  }
  return out.sort((a, b) => cmp(a.origin, b.origin) || cmp(a.destination, b.destination) || cmp(a.period, b.period));
}

export type CostLevel = 'sending' | 'receiving' | 'region';

export interface GroupCost {
  /** Country code (sending / receiving) or region name. */
  key: string;
  period: string;
  year: number;
  corridors: number;
  /** Observations averaged (services or corridor-years). */
  n: number;
  /** Simple average over the observations. */
  average: number;
  gap: number;
}

/** The built-in World Bank region of a code; empty when unknown. */
export function regionOf(code: string): string {
  return builtinEntity(code)?.region ?? '';
}

/**
 * Simple averages over observations per sending country, per receiving country, or per region
 * (of the receiving country, as the World Bank reports regions; of the sending country when
 * `regionSide` is `origin`).
 */
export function groupCosts(obs: readonly CostObservation[], level: CostLevel, regionSide: 'origin' | 'destination' = 'destination'): GroupCost[] {
  const keyOf = (o: CostObservation): string =>
    level === 'sending' ? o.origin : level === 'receiving' ? o.destination : regionOf(regionSide === 'origin' ? o.origin : o.destination);
  const out: GroupCost[] = [];
  for (const list of groupBy(obs, (o) => `${keyOf(o)}\u0000${o.period}`).values()) {
    const first = list[0]!;
    const average = mean(list.map((o) => o.cost));
    out.push({
      key: keyOf(first),
      period: first.period,
      year: first.year,
      corridors: new Set(list.map((o) => `${o.origin}\u0000${o.destination}`)).size,
      n: list.length,
      average,
      gap: average - SDG_TARGET_PCT,
    });
  }
  return out.sort((a, b) => cmp(a.key, b.key) || cmp(a.period, b.period));
}

/** Corridor flows used as weights: value and the year it is from (null: the matrix has no year). */
export type WeightLookup = (origin: string, destination: string, year: number) => { value: number; year: number | null } | undefined;

/**
 * Flow weights from a bilateral indicator: for a period of year Y, the corridor's flow in Y, else
 * in the latest year before Y, else a yearless value (a matrix without a year stands for every
 * period). No weight from a later year is ever used.
 */
export function flowWeights(b: BilateralTable, indicator: string): WeightLookup {
  const byCorridor = new Map<string, Array<[number, number]>>();
  for (let i = 0; i < b.size; i++) {
    if (b.indicator[i] !== indicator || b.quarter[i] !== 0) continue;
    const key = `${b.origin[i]}\u0000${b.destination[i]}`;
    const list = byCorridor.get(key) ?? [];
    list.push([b.year[i]!, b.value[i]!]);
    byCorridor.set(key, list);
  }
  return (origin, destination, year) => {
    const list = byCorridor.get(`${origin}\u0000${destination}`);
    if (!list) return undefined;
    let best: [number, number] | undefined;
    let yearless: number | undefined;
    for (const [y, v] of list) {
      if (Number.isNaN(y)) yearless = v;
      else if (y <= year && (!best || y > best[0])) best = [y, v];
    }
    if (best) return { value: best[1], year: best[0] };
    return yearless === undefined ? undefined : { value: yearless, year: null };
  };
}

export interface GlobalCost {
  period: string;
  year: number;
  corridors: number;
  n: number;
  /** Simple average over all observations: the SDG 10.c.1 headline. */
  average: number;
  /** Average of the corridors' SmaRT (price quotes only). */
  smartAverage: number | undefined;
  shareAtOrBelow5: number;
  shareAbove5: number;
  /** Σ flow × corridor average / Σ flow over corridors with a positive flow. */
  weighted: number | undefined;
  weightedCorridors: number;
  /** Years of the flows used, e.g. `2019` or `2018, 2019`; `no year` for a yearless matrix. */
  weightsYears: string;
}

/** Global figures per period from the observations and their corridor averages. */
export function globalCosts(obs: readonly CostObservation[], corridors: readonly CorridorCost[], weights?: WeightLookup, withSmart = true): GlobalCost[] {
  const byPeriod = groupBy(corridors, (c) => c.period);
  const out: GlobalCost[] = [];
  for (const [period, list] of groupBy(obs, (o) => o.period)) {
    const cs = byPeriod.get(period) ?? [];
    let wSum = 0;
    let wxSum = 0;
    let wN = 0;
    const years = new Set<string>();
    if (weights) {
      for (const c of cs) {
        const w = weights(c.origin, c.destination, c.year);
        if (!w || !(w.value > 0)) continue;
        wSum += w.value;
        wxSum += w.value * c.average;
        wN++;
        years.add(w.year === null ? 'no year' : String(w.year));
      }
    }
    const below = cs.filter((c) => c.atOrBelow5).length;
    out.push({
      period,
      year: list[0]!.year,
      corridors: cs.length,
      n: list.length,
      average: mean(list.map((o) => o.cost)),
      smartAverage: withSmart && cs.length > 0 ? mean(cs.map((c) => c.smart)) : undefined,
      shareAtOrBelow5: below / cs.length,
      shareAbove5: (cs.length - below) / cs.length,
      weighted: wSum > 0 ? wxSum / wSum : undefined,
      weightedCorridors: wN,
      weightsYears: [...years].sort().join(', '),
    });
  }
  return out.sort((a, b) => cmp(a.period, b.period));
}
