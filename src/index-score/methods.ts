/**
 * The choices a composite index is built from. Each normalisation puts a component on a 0–100
 * scale where 100 is best, so both aggregations work on the same scale and the score needs no
 * second rescaling. The definitions (and their sources) are in `describeMethods` and the README.
 */
export const NORMALIZATIONS = ['minmax', 'zscore', 'rank', 'target'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export const AGGREGATIONS = ['arithmetic', 'geometric'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** drop: an entity lacking any component gets no score; reweight: weights renormalised over what it has. */
export const MISSING_RULES = ['drop', 'reweight'] as const;
export type MissingRule = (typeof MISSING_RULES)[number];

/** +1: higher is better; −1: lower is better (the value is reversed before normalising). */
export type Sign = 1 | -1;

/** One component of the index, with its weight already normalised (the weights sum to 1). */
export interface Component {
  id: string;
  direction: Sign;
  weight: number;
  /** Required by `target` normalisation. */
  target?: number;
}

export interface IndexSpec {
  components: readonly Component[];
  normalize: Normalization;
  aggregate: Aggregation;
  missing: MissingRule;
}

/** Short label of a normalisation, shown under component columns in the terminal table. */
export const NORMALIZATION_UNIT: Readonly<Record<Normalization, string>> = {
  minmax: 'min–max 0–100',
  zscore: 'z-score 0–100',
  rank: 'rank 0–100',
  target: 'to target 0–100',
};

/** Scores closer than this (on the 0–100 scale) are a tie: floating-point noise is not a rank. */
export const TIE_TOLERANCE = 1e-9;

/**
 * Geometric aggregation runs on values moved from [0, 100] onto [1, 100] (v′ = 1 + 0.99·v), as
 * COINr's documentation advises for its a_gmean (which refuses zeros), and maps the mean back.
 */
export const GEOMETRIC_FLOOR = 1;
