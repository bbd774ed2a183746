import { usageError } from '../errors.js';
import { AGGREGATIONS, NORMALIZATIONS, type Aggregation, type IndexSpec, type Normalization } from './methods.js';
import { mulberry32 } from './random.js';

/** Monte Carlo uncertainty analysis of the ranks (COINr's get_sensitivity, SA_type = "UA"). */
export interface SensitivityOptions {
  /** Number of runs, 1 to MAX_RUNS. */
  runs: number;
  /** Seed of the generator, an integer 0 to 2³² − 1: the same seed gives the same output. */
  seed: number;
  /** Also draw the normalisation method in each run. */
  normalization?: boolean;
  /** Also draw the aggregation in each run. */
  aggregation?: boolean;
}

export const MAX_RUNS = 100_000;

/** Each weight is multiplied by U(1 − WEIGHT_NOISE, 1 + WEIGHT_NOISE): COINr's noise_factor 0.5. */
export const WEIGHT_NOISE = 0.5;

/** One run's choices. */
export interface Scenario {
  normalize: Normalization;
  aggregate: Aggregation;
  /** Normalised to sum 1. */
  weights: Float64Array;
}

export function checkSensitivity(opts: SensitivityOptions): void {
  if (!Number.isInteger(opts.runs) || opts.runs < 1 || opts.runs > MAX_RUNS) {
    throw usageError('bad-runs', `--sensitivity ${opts.runs}: the number of runs must be a whole number from 1 to ${MAX_RUNS}`, 'write --sensitivity 1000');
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) {
    throw usageError('bad-seed', `--seed ${opts.seed}: a seed is a whole number from 0 to 4294967295`, 'write --seed 42');
  }
}

/** The normalisations a run may draw: target only when every component has a target. */
export function normalizationChoices(spec: IndexSpec): Normalization[] {
  const withTargets = spec.components.every((c) => c.target !== undefined);
  return NORMALIZATIONS.filter((m) => m !== 'target' || withTargets);
}

/**
 * The runs, drawn from one mulberry32 stream seeded with `seed`, run after run, in this order:
 * the normalisation (when perturbed: uniformly among `normalizationChoices`), the aggregation
 * (when perturbed: arithmetic or geometric, equally likely), then for each component in order
 * its weight × U(0.5, 1.5); the weights are then divided by their sum. What is not perturbed
 * keeps its nominal value. A uniform draw u picks item ⌊u · count⌋ of a list.
 */
export function drawScenarios(spec: IndexSpec, opts: SensitivityOptions): Scenario[] {
  checkSensitivity(opts);
  const next = mulberry32(opts.seed);
  const norms = normalizationChoices(spec);
  const k = spec.components.length;
  const out: Scenario[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const normalize = opts.normalization ? norms[Math.floor(next() * norms.length)]! : spec.normalize;
    const aggregate = opts.aggregation ? AGGREGATIONS[Math.floor(next() * AGGREGATIONS.length)]! : spec.aggregate;
    const weights = new Float64Array(k);
    let total = 0;
    for (let c = 0; c < k; c++) {
      const w = spec.components[c]!.weight * (1 - WEIGHT_NOISE + 2 * WEIGHT_NOISE * next());
      weights[c] = w;
      total += w;
    }
    for (let c = 0; c < k; c++) weights[c] = weights[c]! / total;
    out.push({ normalize, aggregate, weights });
  }
  return out;
}
