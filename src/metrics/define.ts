import type { AnnualMetric, WindowMetric } from './types.js';

/**
 * Builders that keep each id as a literal type, so the registry can derive `MetricId` from the
 * catalogue itself instead of a hand-kept union that could drift.
 */
export function annual<const Id extends string>(def: Omit<AnnualMetric, 'kind' | 'id'> & { id: Id }): AnnualMetric & { readonly id: Id } {
  return { ...def, kind: 'annual' };
}

export function windowed<const Id extends string>(def: Omit<WindowMetric, 'kind' | 'id'> & { id: Id }): WindowMetric & { readonly id: Id } {
  return { ...def, kind: 'window' };
}
