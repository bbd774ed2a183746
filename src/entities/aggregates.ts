import { isUnArea } from './index.js';
import type { Panel } from '../panel.js';
import type { EntityMeta } from './meta.js';

/**
 * Removes World Bank aggregate rows (WLD, SSF, LMY…) unless asked to keep them; returns the
 * codes dropped so the caller can say so (SPEC: dropped by default, never silently).
 */
export function dropAggregates(panel: Panel, meta: EntityMeta, keep: boolean): string[] {
  if (keep) return [];
  const dropped = panel.entities().filter((e) => meta.isAggregate(e));
  if (dropped.length > 0) {
    const gone = new Set(dropped);
    panel.dropEntities((e) => !gone.has(e));
  }
  return dropped;
}

/**
 * Aggregate codes in words, World Bank ones and UN DESA regions (`M49.<code>`) apart:
 * `48 World Bank aggregates (AFE, …) and 47 UN DESA regions and groups (M49.1500, …)`.
 */
export function describeAggregates(codes: readonly string[], list: (codes: string[]) => string): string {
  const un = codes.filter(isUnArea);
  const wb = codes.filter((c) => !isUnArea(c));
  const parts: string[] = [];
  if (wb.length > 0) parts.push(`${wb.length} World Bank aggregate${wb.length > 1 ? 's' : ''} (${list(wb)})`);
  if (un.length > 0) parts.push(`${un.length} UN DESA region${un.length > 1 ? 's and groups' : ' or group'} (${list(un)})`);
  return parts.join(' and ');
}
