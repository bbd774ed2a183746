export { aggregateGroups, aggregatePanel, latestGroupRows, type AggregateOptions, type AggregatePanelOptions, type AggregateResult, type GroupRow } from './aggregate.js';
export { groupsFromMeta, parseGroupBy, readGroupsFile, restrictGroups, type GroupMap } from './groups.js';
export { appendGroupRows, groupLatestWideTable, groupLongTable, groupWideTable, percent, type ShapeOptions } from './output.js';
export {
  ADDITIVE_INPUTS,
  DEFAULT_MIN_COVERAGE,
  GROWTH_MIN_COVERAGE,
  STATS,
  isAdditive,
  methodFor,
  parseMinCoverage,
  parseStat,
  statistic,
  type AggregateItem,
  type Method,
  type Stat,
} from './rules.js';
