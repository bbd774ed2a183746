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
