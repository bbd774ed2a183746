export { hhi, effectivePartners, concentration, partnerShares, rankPartners, type Concentration, type PartnerShare, type TopPartner } from './concentration.js';
export { partnerGroups, type PartnerGroup, type GroupOptions, type Side } from './groups.js';
export { EMIGRANT_STOCK, emigrantStock, addEmigrantStock, type EmigrantStock, type EmigrantOptions } from './emigrants.js';
export { checkTotals, TOTALS_TOLERANCE, type TotalCheck } from './totals.js';
export {
  SDG_TARGET_PCT,
  SDG_CORRIDOR_CAP_PCT,
  corridorCosts,
  groupCosts,
  globalCosts,
  flowWeights,
  observationsFromQuotes,
  observationsFromCorridorSeries,
  isCostIndicator,
  regionOf,
  type CostObservation,
  type CorridorCost,
  type GroupCost,
  type GlobalCost,
  type WeightLookup,
} from './costs.js';
export { corridorReport, defaultReport, REPORTS, COST_LEVELS, type Report, type CostReport, type CorridorOptions, type CorridorResult } from './report.js';
