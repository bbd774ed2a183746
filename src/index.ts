/**
 * migdev as a library: the same core the CLI uses, without commander, chalk or `process`.
 *
 * ```ts
 * import { readFiles, computePanel, selectMetrics, resolveInputs } from 'migdev';
 * const data = await readFiles(['API_BX.TRF.PWKR.CD.DT.csv', 'API_NY.GDP.MKTP.CD.csv']);
 * const { metrics } = selectMetrics(['remittances_gdp_pct'], resolveInputs(data.panel));
 * const { table } = computePanel(data.panel, { metrics });
 * for (const row of table) console.log(row.entity, row.year, row.value);
 * ```
 */
export { MigdevError, isMigdevError } from './errors.js';
export { readFiles, readInto, emptyDataset, type Dataset } from './ingest/read.js';
export type { ReadOptions, SourceInfo, InputFormat, FilterSpec } from './ingest/types.js';
export { Panel, Series } from './panel.js';
export { BilateralTable } from './bilateral.js';
export { PriceTable, type PriceQuote } from './prices.js';
export { computePanel, latest, resolveInputs, selectMetrics, type MetricTable, type MetricRow, type CustomMetric } from './compute/engine.js';
export { METRICS, getMetric, type MetricId } from './metrics/registry.js';
export { INPUTS, type InputName } from './metrics/inputs.js';
export type { MetricDef } from './metrics/types.js';
export { EntityMeta } from './entities/meta.js';
export { resolveName, builtinEntity } from './entities/index.js';
export { inspectFile, type InspectReport } from './inspect.js';
export { panelTable, bilateralTable, pricesTable } from './convert.js';
export { render } from './output/writers.js';
export type { Table, Column, Cell, OutputFormat } from './output/table.js';
