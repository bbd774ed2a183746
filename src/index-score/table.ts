import type { Cell, Column, Table } from '../output/table.js';
import { NORMALIZATION_UNIT, type IndexSpec } from './methods.js';
import type { IndexResult, IndexRow } from './score.js';

export interface IndexTableOptions {
  /** Entity name for a code. */
  name: (code: string) => string;
  /**
   * For people (the terminal table): rows by year, then rank (best first; entities without a
   * score last), and ranks written as text so they show as `3`, not `3.00`. Otherwise rows stay
   * sorted by code then year like every other machine output, so files diff and join cleanly.
   */
  human: boolean;
  /** Add a `<component>_year` column per component (latest values carry their own years). */
  componentYears: boolean;
  /** Add rank_median, rank_p05, rank_p95. */
  sensitivity: boolean;
}

function rankText(v: number | undefined): Cell {
  if (v === undefined) return null;
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}

/** `code,name,year,score,rank[,rank_median,rank_p05,rank_p95],<components…>[,<component>_year…]`. */
export function indexTable(result: IndexResult, spec: IndexSpec, opts: IndexTableOptions): Table {
  const ids = spec.components.map((c) => c.id);
  const columns: Column[] = [
    { name: 'code', kind: 'text', key: true },
    { name: 'name', kind: 'text', key: true },
    { name: 'year', kind: 'number', key: true },
    { name: 'score', kind: 'number', unit: '0–100' },
    { name: 'rank', kind: 'number' },
  ];
  if (opts.sensitivity) columns.push({ name: 'rank_median', kind: 'number' }, { name: 'rank_p05', kind: 'number' }, { name: 'rank_p95', kind: 'number' });
  for (const id of ids) columns.push({ name: id, kind: 'number', unit: NORMALIZATION_UNIT[spec.normalize] });
  if (opts.componentYears) for (const id of ids) columns.push({ name: `${id}_year`, kind: 'number' });

  const rank = opts.human ? rankText : (v: number | undefined): Cell => v ?? null;
  const cells = (r: IndexRow): Cell[] => {
    const row: Cell[] = [r.code, opts.name(r.code), r.year, r.score ?? null, rank(r.rank)];
    if (opts.sensitivity) row.push(rank(r.rankMedian), rank(r.rankP05), rank(r.rankP95));
    for (const v of r.normalized) row.push(v ?? null);
    if (opts.componentYears) for (let c = 0; c < ids.length; c++) row.push(r.years?.[c] ?? null);
    return row;
  };
  let rows = result.rows;
  if (opts.human) {
    rows = [...rows].sort((a, b) => a.year - b.year || (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
  return { columns, rows: rows.map(cells) };
}
