import type { BilateralTable } from '../bilateral.js';
import { usageError } from '../errors.js';
import type { Panel } from '../panel.js';
import { partnerGroups } from './groups.js';

/** The semantic input emigrant stock feeds (SPEC "Semantic inputs"). */
export const EMIGRANT_STOCK = 'emigrant_stock';

/** One origin's emigrants in one year: a value of the `emigrant_stock` input. */
export interface EmigrantStock {
  entity: string;
  /** null when the matrix has no year; such values cannot enter a panel. */
  year: number | null;
  indicator: typeof EMIGRANT_STOCK;
  value: number;
  /** Destinations with a value (zeros included), for the reader's judgement of coverage. */
  destinations: number;
}

/**
 * A `--map emigrant_stock=…` value that asks for the stock to be summed from the bilateral
 * input: `@bilateral`, or `@bilateral:INDICATOR` for one of several bilateral indicators.
 * Undefined for any other value (a column of the data).
 */
export function bilateralStockRef(value: string | undefined): { indicator: string | undefined } | undefined {
  const m = value === undefined ? null : /^@bilateral(?::(.*))?$/i.exec(value);
  if (!m) return undefined;
  return { indicator: m[1] === undefined || m[1] === '' ? undefined : m[1] };
}

export interface EmigrantOptions {
  /** The bilateral indicator holding stocks; needed only when the data hold several. */
  indicator?: string;
  keep?: (code: string) => boolean;
  /** Sum only the values read from this file. */
  file?: string;
  /** Also sum for origins that are not countries ("Other South", UNKNOWN). Default false. */
  includeNonCountries?: boolean;
}

/** The one indicator to sum, or a usage error naming the choices. */
export function pickIndicator(b: BilateralTable, wanted: string | undefined, purpose: string): string {
  const all = b.indicators();
  if (wanted !== undefined) {
    const hit = all.find((i) => i.toUpperCase() === wanted.toUpperCase());
    if (!hit) throw usageError('unknown-indicator', `the bilateral data have no indicator '${wanted}' (they have ${all.join(', ')})`, `pass one of them with --indicator`);
    return hit;
  }
  if (all.length === 1) return all[0]!;
  throw usageError('ambiguous-indicator', `${purpose} needs one bilateral indicator, and the data hold ${all.length} (${all.join(', ')})`, 'choose one with --indicator');
}

/**
 * Emigrant stock per origin × year: the sum over destinations of a bilateral stock (people born
 * in the origin living in each destination), every destination counted, residual groups such as
 * "Other North" included, the origin itself (natives) excluded. Sorted by entity and year.
 * Quarterly values are not stocks and are left out.
 *
 * ```ts
 * const data = await readFiles(['UN_MigrantStockByOriginAndDestination_2019_clean.csv']);
 * emigrantStock(data.bilateral).find((r) => r.entity === 'IND' && r.year === 2019)?.value; // 17,513,533
 * ```
 */
export function emigrantStock(b: BilateralTable, opts: EmigrantOptions = {}): EmigrantStock[] {
  const indicator = pickIndicator(b, opts.indicator, 'emigrant stock');
  const out: EmigrantStock[] = [];
  for (const g of partnerGroups(b, { by: 'origin', indicator, ...(opts.keep ? { keep: opts.keep } : {}), ...(opts.file !== undefined ? { file: opts.file } : {}) })) {
    if (g.quarter !== 0) continue;
    if (!opts.includeNonCountries && b.nonCountries.has(g.code)) continue;
    let value = 0;
    for (const v of g.partners.values()) value += v;
    out.push({ entity: g.code, year: g.year, indicator: EMIGRANT_STOCK, value, destinations: g.partners.size });
  }
  return out;
}

/**
 * Stores emigrant stocks in a panel as the `emigrant_stock` input, so metrics such as
 * `emigration_rate_pct` can use them. `source` names where they came from (shown by errors and
 * checks). Values without a year are skipped; returns how many were stored.
 */
export function addEmigrantStock(panel: Panel, rows: readonly EmigrantStock[], source: string): number {
  const file = panel.addFile(source);
  let n = 0;
  for (const r of rows) {
    if (r.year === null) continue;
    panel.set(r.entity, EMIGRANT_STOCK, r.year, r.value, file, 0);
    n++;
  }
  return n;
}
