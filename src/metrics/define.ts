import { rateOfTotal, ratio } from './math.js';
import type { AnnualMetric, Aggregation, WindowMetric } from './types.js';

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

type RatioSpec = Extract<Aggregation, { kind: 'ratio' }>;

/**
 * A ratio metric, scale · numerator / denominator — or, with `denominatorPlus` (which must be
 * the numerator), scale · part / (base + part). The one spec gives the inputs, the WDI
 * aggregation (Σ numerator / Σ denominator) and both compute forms, so they cannot disagree.
 */
export function ratioMetric<const Id extends string>(
  def: Omit<AnnualMetric, 'kind' | 'id' | 'inputs' | 'aggregation' | 'compute' | 'computeColumns'> & { id: Id; ratio: Omit<RatioSpec, 'kind'> },
): AnnualMetric & { readonly id: Id } {
  const { ratio: spec, ...rest } = def;
  const { numerator, denominator, scale, denominatorPlus } = spec;
  if (denominatorPlus !== undefined && denominatorPlus !== numerator) throw new Error(`${def.id}: denominatorPlus must be the numerator`);
  const plus = denominatorPlus !== undefined;
  return {
    ...rest,
    kind: 'annual',
    inputs: [numerator, denominator],
    aggregation: { kind: 'ratio', ...spec },
    compute: plus ? (get, y) => rateOfTotal(get(numerator, y), get(denominator, y), scale) : (get, y) => ratio(get(numerator, y), get(denominator, y), scale),
    // The same rules as `ratio` and `rateOfTotal`, written out on the arrays: NaN (missing)
    // fails every comparison and propagates through the arithmetic; the engine turns ±Infinity
    // into missing as `finite` does.
    computeColumns: (col, out) => {
      const num = col(numerator);
      const den = col(denominator);
      if (plus) {
        for (let i = 0; i < out.length; i++) {
          const x = num[i]!;
          const d = den[i]!;
          out[i] = d > 0 && x >= 0 ? (scale * x) / (d + x) : Number.NaN;
        }
      } else {
        for (let i = 0; i < out.length; i++) {
          const d = den[i]!;
          out[i] = d > 0 ? (scale * num[i]!) / d : Number.NaN;
        }
      }
    },
  };
}
