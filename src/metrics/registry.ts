import { COST_METRICS } from './catalogue/costs.js';
import { DIASPORA_METRICS } from './catalogue/diaspora.js';
import { DYNAMICS_METRICS } from './catalogue/dynamics.js';
import { MIGRATION_METRICS } from './catalogue/migration.js';
import { REMITTANCE_METRICS } from './catalogue/remittances.js';
import type { Family, MetricDef } from './types.js';

/** The catalogue, in the order `migdev metrics` lists it. */
const CATALOGUE = [...REMITTANCE_METRICS, ...MIGRATION_METRICS, ...DIASPORA_METRICS, ...COST_METRICS, ...DYNAMICS_METRICS] as const;

/** Stable public ids (SPEC "Metric catalogue"). */
export type MetricId = (typeof CATALOGUE)[number]['id'];

export const METRICS: readonly MetricDef[] = CATALOGUE;

export const FAMILIES: readonly Family[] = ['remittances', 'migration', 'diaspora', 'costs', 'dynamics'];

const BY_ID = new Map<string, MetricDef>();
for (const m of CATALOGUE) {
  // A second definition under one id would make results depend on list order.
  if (BY_ID.has(m.id)) throw new Error(`metric ${m.id} is defined twice`);
  BY_ID.set(m.id, m);
}
for (const m of CATALOGUE) {
  for (const u of m.uses ?? []) {
    const dep = BY_ID.get(u);
    // The engine evaluates window metrics after all annual ones, so they may only use annual metrics.
    if (!dep || dep.kind !== 'annual') throw new Error(`metric ${m.id} uses ${u}, which is not an annual metric`);
  }
}

export const METRIC_IDS: readonly MetricId[] = CATALOGUE.map((m) => m.id);

export function isMetricId(id: string): id is MetricId {
  return BY_ID.has(id);
}

export function getMetric(id: MetricId): MetricDef;
export function getMetric(id: string): MetricDef | undefined;
export function getMetric(id: string): MetricDef | undefined {
  return BY_ID.get(id);
}

export function metricsOfFamily(family: Family): MetricDef[] {
  return METRICS.filter((m) => m.family === family);
}
