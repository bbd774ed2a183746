import { usageError } from '../errors.js';
import { INPUT_NAMES, type InputName } from '../metrics/inputs.js';
import type { MetricDef } from '../metrics/types.js';

export const STATS = ['median', 'mean', 'min', 'max'] as const;
/** An unweighted statistic of the members' values (`--stat`). */
export type Stat = (typeof STATS)[number];

/** Least coverage for sums, ratios and statistics: at most a third of the group may be missing. */
export const DEFAULT_MIN_COVERAGE = 2 / 3;
/** Least coverage for growth rates: at most half the members may be missing. */
export const GROWTH_MIN_COVERAGE = 1 / 2;

/**
 * Inputs that add up over a group (flows, stocks, people). Growth rates and prices (costs in %)
 * do not: a group total of them means nothing, so they are aggregated only with `--stat`.
 */
const NOT_ADDITIVE: ReadonlySet<InputName> = new Set<InputName>(['gdp_growth_pct', 'remit_cost_in_pct', 'remit_cost_out_pct']);
export const ADDITIVE_INPUTS: readonly InputName[] = INPUT_NAMES.filter((i) => !NOT_ADDITIVE.has(i));

export function isAdditive(input: InputName): boolean {
  return !NOT_ADDITIVE.has(input);
}

/** What a group row is computed from: a metric's per-member values, or an input's. */
export type Source = { metric: string } | { input: InputName };

/** How one output is aggregated over a group. */
export type Method =
  | { kind: 'sum'; of: Source }
  | { kind: 'ratio'; numerator: InputName; denominator: InputName; scale: number; denominatorPlus?: InputName }
  | { kind: 'growth'; of: InputName }
  | { kind: 'stat'; stat: Stat; of: Source };

/**
 * One output of an aggregation: a metric of the entity table (a catalogue definition, or a
 * custom `-e` metric given by id alone), or an input whose group value is wanted (`remit_in_usd`
 * totals).
 */
export type AggregateItem = { kind: 'metric'; id: string; def: MetricDef | undefined } | { kind: 'input'; id: InputName };

/**
 * The method for an item, or why it has none. `stat` is the statistic for items without a WDI
 * rule; `override` (a `--stat ID=STAT`) replaces the item's rule.
 */
export function methodFor(item: AggregateItem, stat: Stat | undefined, override: Stat | undefined): Method | { skip: string } {
  const source: Source = item.kind === 'input' ? { input: item.id } : { metric: item.id };
  if (override) return { kind: 'stat', stat: override, of: source };
  const byStat = (why: string): Method | { skip: string } => (stat ? { kind: 'stat', stat, of: source } : { skip: why });
  if (item.kind === 'input') return isAdditive(item.id) ? { kind: 'sum', of: source } : byStat('not additive');
  const def = item.def;
  if (!def) return byStat('custom formula: its numerator and denominator are unknown');
  if (def.kind === 'window') return byStat('window metric');
  const a = def.aggregation;
  switch (a.kind) {
    case 'sum':
      return { kind: 'sum', of: source };
    case 'ratio':
      return {
        kind: 'ratio',
        numerator: a.numerator,
        denominator: a.denominator,
        scale: a.scale,
        ...(a.denominatorPlus !== undefined ? { denominatorPlus: a.denominatorPlus } : {}),
      };
    case 'growth':
      return { kind: 'growth', of: a.of };
    case 'none':
      return byStat('no group aggregate');
  }
}

/** Median, mean, minimum or maximum of a non-empty list (the list is not modified). */
export function statistic(stat: Stat, xs: readonly number[]): number {
  switch (stat) {
    case 'mean': {
      let s = 0;
      for (const x of xs) s += x;
      return s / xs.length;
    }
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    case 'median': {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    }
  }
}

export function parseStat(text: string, flag = '--stat'): Stat {
  const s = text.trim().toLowerCase();
  if ((STATS as readonly string[]).includes(s)) return s as Stat;
  throw usageError('bad-stat', `${flag} '${text}' is not a statistic`, `give one of ${STATS.join(', ')}`);
}

/**
 * A coverage threshold: a share from 0 to 1, as a decimal (`0.5`) or a fraction (`2/3`).
 */
export function parseMinCoverage(text: string): number {
  const t = text.trim();
  const frac = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  const v = frac ? Number(frac[1]) / Number(frac[2]) : /^\d*\.?\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw usageError('bad-min-coverage', `--min-coverage '${text}' is not a share from 0 to 1`, 'write --min-coverage 0.5 or --min-coverage 2/3');
  }
  return v;
}

/**
 * `coverage ≥ threshold`, allowing for the rounding of summed weights: a coverage that is 2/3
 * in exact arithmetic must pass a 2/3 threshold even when the float sums land a hair below.
 */
export function enough(coverage: number, threshold: number): boolean {
  return coverage >= threshold * (1 - 1e-12);
}
