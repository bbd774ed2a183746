import { latest, type MetricTable } from '../compute/engine.js';

/**
 * The entities scored together: one year of the panel, or everyone's latest values. Entities are
 * sorted by code; `values` is n × k (entities × components, in the index's component order),
 * row-major, NaN where missing. Entities with no component value at all are left out.
 */
export interface CrossSection {
  /** The year of every value; undefined when each value carries its own year (`years`). */
  year: number | undefined;
  entities: readonly string[];
  values: Float64Array;
  /** n × k years of the values, 0 where missing; only when `year` is undefined. */
  years?: Int32Array;
}

function componentIndex(table: MetricTable, ids: readonly string[]): Int32Array {
  const at = new Map(ids.map((id, c) => [id, c]));
  return Int32Array.from(table.metrics, (m) => at.get(m) ?? -1);
}

/** One cross-section per year that has a value of some component, in ascending years. */
export function crossSectionsByYear(table: MetricTable, ids: readonly string[]): CrossSection[] {
  const k = ids.length;
  const col = componentIndex(table, ids);
  // year → entity index → k values. Rows come sorted by entity, so entities arrive in code order.
  const byYear = new Map<number, Map<number, Float64Array>>();
  for (let i = 0; i < table.length; i++) {
    const c = col[table.metricIndex[i]!]!;
    const v = table.values[i]!;
    if (c < 0 || Number.isNaN(v)) continue;
    const year = table.years[i]!;
    let rows = byYear.get(year);
    if (!rows) byYear.set(year, (rows = new Map()));
    const e = table.entityIndex[i]!;
    let row = rows.get(e);
    if (!row) rows.set(e, (row = new Float64Array(k).fill(Number.NaN)));
    row[c] = v;
  }
  return [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const rows = byYear.get(year)!;
      const order = [...rows.keys()].sort((a, b) => a - b);
      const values = new Float64Array(order.length * k);
      order.forEach((e, j) => values.set(rows.get(e)!, j * k));
      return { year, entities: order.map((e) => table.entities[e]!), values };
    });
}

/** Every entity's most recent value of each component (`compute --latest`), each with its year. */
export function latestCrossSection(table: MetricTable, ids: readonly string[]): CrossSection {
  const last = latest(table);
  const k = ids.length;
  const col = componentIndex(last, ids);
  const rows = new Map<number, number>();
  const entities: string[] = [];
  const values: number[] = [];
  const years: number[] = [];
  for (let i = 0; i < last.length; i++) {
    const c = col[last.metricIndex[i]!]!;
    if (c < 0) continue;
    const e = last.entityIndex[i]!;
    let r = rows.get(e);
    if (r === undefined) {
      r = entities.length;
      rows.set(e, r);
      entities.push(last.entities[e]!);
      for (let j = 0; j < k; j++) {
        values.push(Number.NaN);
        years.push(0);
      }
    }
    values[r * k + c] = last.values[i]!;
    years[r * k + c] = last.years[i]!;
  }
  return { year: undefined, entities, values: Float64Array.from(values), years: Int32Array.from(years) };
}
