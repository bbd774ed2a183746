import { usageError } from '../errors.js';
import { getMetric } from '../metrics/registry.js';
import type { MetricDef } from '../metrics/types.js';
import type { Panel, Series } from '../panel.js';
import { normCode } from '../values.js';
import { Evaluator, type EntityData } from './evaluate.js';
import { buildPlan, type CustomMetric } from './plan.js';
import { cmp, resolveInputs, unknownMetric, type InputMap, type ResolvedInputs } from './select.js';
import { type MetricTable, TableBuilder } from './table.js';

export { MetricTable, type MetricRow } from './table.js';
export type { CustomMetric } from './plan.js';
export { inputsOf, resolveInputs, selectMetrics, type InputMap, type ResolvedInputs, type Selection } from './select.js';

export interface ComputeOptions {
  /** The metrics to output (definitions or ids), e.g. `selectMetrics(...).metrics`. */
  metrics: readonly (MetricDef | string)[];
  map?: InputMap;
  /** Entity codes to compute (case-insensitive); default: every entity of the panel. */
  entities?: readonly string[];
  /** Years of the annual rows, inclusive, ±Infinity for an open end; default: all. */
  years?: readonly [number, number];
  /**
   * Window of the window metrics, inclusive; default: the years present in the inputs used,
   * within `years`. Open ends (±Infinity) stop at the data. Window rows are reported at the
   * window's last year even when `years` excludes it: the window is their own choice of years.
   */
  window?: readonly [number, number];
  /** User metrics, always output. */
  extra?: readonly CustomMetric[];
}

export interface ComputeResult {
  table: MetricTable;
  inputs: ResolvedInputs;
  /** The window the window metrics used, when any was output. */
  window: readonly [number, number] | undefined;
}

/** Inclusive; an open end is ±Infinity (`--years 2010-`, `--years -1990`). */
function checkRange(name: 'years' | 'window', r: readonly [number, number] | undefined): void {
  if (r === undefined) return;
  const [a, b] = r;
  if (!(Number.isInteger(a) || a === -Infinity) || !(Number.isInteger(b) || b === Infinity) || a > b) {
    throw usageError(`bad-${name}`, `--${name} ${a}-${b} is not a range of years`, `give the first year, then the last: --${name} 2000-2020`);
  }
}

/**
 * Computes metrics for every entity × year. Annual metrics get a row for each year where one of
 * their inputs has a value (the value itself may be missing); window metrics one row per entity,
 * at the window's last year, when one of their inputs has a value inside the window. Rows are
 * sorted by entity code, year, metric id.
 */
export function computePanel(panel: Panel, opts: ComputeOptions): ComputeResult {
  checkRange('years', opts.years);
  checkRange('window', opts.window);
  const inputs = resolveInputs(panel, opts.map ?? {});
  const outputs: MetricDef[] = [];
  for (const m of opts.metrics) {
    const def = typeof m === 'string' ? getMetric(m) : m;
    if (!def) throw unknownMetric([String(m)]);
    if (!outputs.includes(def)) outputs.push(def);
  }
  const plan = buildPlan(panel, inputs, outputs, opts.extra ?? []);
  const nSeries = plan.slotCodes.length;

  const bySlot = plan.slotCodes.map((code) => (code === undefined ? undefined : panel.byEntity(code)));
  const entities = opts.entities ? [...new Set(opts.entities.map(normCode))].sort(cmp) : panel.entities();
  const work: EntityData[] = [];
  let spanLo = Infinity;
  let spanHi = -Infinity;
  for (const code of entities) {
    const series = new Array<Series | undefined>(nSeries).fill(undefined);
    let lo = Infinity;
    let hi = -Infinity;
    for (const slot of plan.usedSlots) {
      const s = bySlot[slot]?.get(code);
      if (!s) continue;
      const span = s.span();
      if (!span) continue;
      series[slot] = s;
      lo = Math.min(lo, span[0]);
      hi = Math.max(hi, span[1]);
    }
    if (lo > hi) continue;
    work.push({ code, series, lo, hi });
    spanLo = Math.min(spanLo, lo);
    spanHi = Math.max(spanHi, hi);
  }

  const years: readonly [number, number] = opts.years ?? [spanLo, spanHi];
  let win: readonly [number, number] | undefined;
  if (plan.window.length > 0 && spanLo <= spanHi) {
    // A given window is kept as given (its rows sit at its last year even past the data); open
    // ends, and the default window, come from the years the data has.
    const [w0, w1] = opts.window ?? [Math.max(spanLo, years[0]), Math.min(spanHi, years[1])];
    const a = Number.isFinite(w0) ? w0 : spanLo;
    const b = Number.isFinite(w1) ? w1 : spanHi;
    if (a <= b) win = [a, b];
  }
  // Annual values are needed over the window too (volatility reads growth), not only in
  // `years`; outside the data's years there is nothing to evaluate.
  const evalLo = Math.max(spanLo, win ? Math.min(years[0], win[0]) : years[0]);
  const evalHi = Math.min(spanHi, win ? Math.max(years[1], win[1]) : years[1]);
  const span = evalHi >= evalLo ? evalHi - evalLo + 1 : 0;

  // What `emit` reserves at most, so the table never grows (and copies) while filling.
  let capacity = 0;
  for (const ent of work) {
    const annualYears = Math.max(0, Math.min(years[1], evalHi, ent.hi) - Math.max(years[0], evalLo, ent.lo) + 1);
    capacity += (annualYears + 1) * plan.outputs.length;
  }

  const evaluator = new Evaluator(plan, evalLo, span, win);
  const builder = new TableBuilder(capacity);
  const rowEntities: string[] = [];
  for (const ent of work) {
    const lo = Math.max(evalLo, ent.lo);
    const hi = Math.min(evalHi, ent.hi);
    evaluator.run(ent, lo, hi);
    if (evaluator.emit(builder, rowEntities.length, Math.max(years[0], lo), Math.min(years[1], hi)) > 0) rowEntities.push(ent.code);
  }

  return { table: builder.build(rowEntities, plan.outputs.map((n) => n.id)), inputs, window: win };
}

/**
 * The most recent non-missing value of each entity × metric, with its year; pairs that never
 * have a value are left out. Sorted by entity, year, metric like every other result.
 */
export function latest(table: MetricTable): MetricTable {
  const builder = new TableBuilder();
  const rowEntities: string[] = [];
  const bestRow = new Int32Array(table.metrics.length);
  const n = table.length;
  let i = 0;
  while (i < n) {
    const e = table.entityIndex[i]!;
    bestRow.fill(-1);
    let j = i;
    // Rows of one entity are contiguous and in ascending years, so the last value seen wins.
    for (; j < n && table.entityIndex[j] === e; j++) {
      if (!Number.isNaN(table.values[j]!)) bestRow[table.metricIndex[j]!] = j;
    }
    const picked = [...bestRow].filter((r) => r >= 0).sort((a, b) => table.years[a]! - table.years[b]! || table.metricIndex[a]! - table.metricIndex[b]!);
    if (picked.length > 0) {
      const entIndex = rowEntities.length;
      rowEntities.push(table.entities[e]!);
      for (const r of picked) builder.push(entIndex, table.years[r]!, table.metricIndex[r]!, table.values[r]!);
    }
    i = j;
  }
  return builder.build(rowEntities, table.metrics);
}
