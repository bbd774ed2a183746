import type { InputName } from './inputs.js';

export type Family = 'remittances' | 'migration' | 'diaspora' | 'costs' | 'dynamics';

/** Is a higher value better for development, worse, or neither (used by `index` and `profile`). */
export type Direction = 'higher' | 'lower' | 'neutral';

/**
 * How a metric is aggregated over a group the World Bank way (SPEC "Aggregates"):
 * - `sum`: a level; summed, not computed when more than a third of members lack data;
 * - `ratio`: scale · Σ numerator / Σ denominator over members with both (denominator-weighted);
 * - `growth`: computed from group totals of `of`;
 * - `none`: no meaningful group value (use `--stat`).
 */
export type Aggregation =
  | { kind: 'sum' }
  | { kind: 'ratio'; numerator: InputName; denominator: InputName; scale: number; denominatorPlus?: InputName }
  | { kind: 'growth'; of: InputName }
  | { kind: 'none' };

/** Reads an input (or an earlier metric of the same entity) at a year; undefined when missing. */
export type Getter = (name: string, year: number) => number | undefined;

interface MetricBase {
  id: string;
  title: string;
  unit: string;
  /** The formula as text, in the SPEC's notation. */
  formula: string;
  inputs: readonly InputName[];
  /** Other metrics this one is computed from (evaluated first). */
  uses?: readonly string[];
  family: Family;
  /** Citation, with the SDG or WDI code where one exists. */
  source: string;
  sdg?: string;
  wdi?: string;
  direction: Direction;
  aggregation: Aggregation;
  /** How edge cases are treated (zero or negative denominators, gaps, minimum years). */
  notes?: string;
}

/** One entity's values of an input over consecutive years (NaN = missing), aligned with the output. */
export type ColumnGetter = (input: InputName) => Float64Array;

/** A value per entity × year. */
export interface AnnualMetric extends MetricBase {
  kind: 'annual';
  compute(get: Getter, year: number): number | undefined;
  /**
   * Optional columnar form of `compute` for whole databases: writes into `out[i]` the value of
   * the i-th year, NaN where `compute` gives undefined. One call per entity instead of one per
   * value keeps a cold CLI run fast. It must agree with `compute` (the registry tests check).
   */
  computeColumns?(col: ColumnGetter, out: Float64Array): void;
}

/** A value per entity over a window of years, reported at the window's last year. */
export interface WindowMetric extends MetricBase {
  kind: 'window';
  compute(get: Getter, first: number, last: number): number | undefined;
}

export type MetricDef = AnnualMetric | WindowMetric;
