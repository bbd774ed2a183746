/**
 * Composite index (SPEC "Composite index"): normalise, weight, aggregate, rank, with a Monte
 * Carlo uncertainty analysis of the ranks. Knows nothing of the command line.
 */
export { aggregate } from './aggregate.js';
export {
  AGGREGATIONS,
  MISSING_RULES,
  NORMALIZATIONS,
  NORMALIZATION_UNIT,
  TIE_TOLERANCE,
  type Aggregation,
  type Component,
  type IndexSpec,
  type MissingRule,
  type Normalization,
  type Sign,
} from './methods.js';
export { NEUTRAL, normalize } from './normalize.js';
export { mulberry32 } from './random.js';
export { minRanks, quantile } from './rank.js';
export { compositeIndex, normalizeSection, scoreSection, type IndexResult, type IndexRow } from './score.js';
export { indexTable, type IndexTableOptions } from './table.js';
export { crossSectionsByYear, latestCrossSection, type CrossSection } from './sections.js';
export { MAX_RUNS, WEIGHT_NOISE, checkSensitivity, drawScenarios, normalizationChoices, type Scenario, type SensitivityOptions } from './sensitivity.js';
export { parseChoice, parseDirections, parsePairs, parseTargets, parseWeights, resolveSpec, type ResolvedSpec, type SpecRequest } from './spec.js';
