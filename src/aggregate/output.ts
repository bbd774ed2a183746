import { usageError } from '../errors.js';
import { blockTable, blocksOf, pickColumns, type Cell, type Column, type Table } from '../output/table.js';
import type { GroupRow } from './aggregate.js';

// Output shapes of group rows (SPEC "Output": aggregates add `n` and `coverage`). A group's
// code and name are both the group's name: groups have no code of their own.

const KEYS: Column[] = [
  { name: 'code', kind: 'text', key: true },
  { name: 'name', kind: 'text', key: true },
];

export interface ShapeOptions {
  /** Units under the value columns' names (the human table). */
  unitOf?: (id: string) => string | undefined;
  /**
   * For people: `n` as a whole number and `coverage` as a percentage, written as text so the
   * table writer prints them as they are.
   */
  human?: boolean;
  /** Leave out the name column: for group rows alone, where a group's name is its code. */
  noName?: boolean;
}

/** A coverage for people: one decimal, never rounded up to 100 % nor down to 0 %. */
export function percent(coverage: number): string {
  if (coverage === 1 || coverage === 0) return `${coverage * 100}%`;
  const p = Math.min(99.9, Math.max(0.1, Math.round(coverage * 1000) / 10));
  return `${p.toFixed(1)}%`;
}

function counts(r: GroupRow, human: boolean | undefined): [Cell, Cell] {
  return human ? [String(r.n), percent(r.coverage)] : [r.n, r.coverage];
}

/** Drops the name column (index 1) of a human table of group rows alone. */
function withoutName(t: Table): Table {
  return { columns: t.columns.filter((_, i) => i !== 1), rows: [...t.rows].map((r) => r.filter((_, i) => i !== 1)) };
}

/** Long: `code,name,year,metric,value,n,coverage`, one row per group × year × output. */
export function groupLongTable(rows: readonly GroupRow[], opts: ShapeOptions = {}): Table {
  const t: Table = {
    columns: [
      ...KEYS.map((c) => ({ name: c.name, kind: c.kind })),
      { name: 'year', kind: 'number' },
      { name: 'metric', kind: 'text' },
      { name: 'value', kind: 'number' },
      { name: 'n', kind: 'number' },
      { name: 'coverage', kind: 'number' },
    ],
    rows: rows.map((r): Cell[] => [r.group, r.group, r.year, r.metric, r.value ?? null, ...counts(r, opts.human)]),
  };
  return opts.noName ? withoutName(t) : t;
}

/**
 * Wide column names: each aggregated output's value column is followed by `<id>_n` and
 * `<id>_coverage` (and `<id>_year` for latest values), since every output of a row has its own
 * members with data. A name that is also an output id would make the shape ambiguous: refused.
 */
function wideNames(metrics: readonly string[], aggregated: ReadonlySet<string>, suffixes: readonly string[]): void {
  const ids = new Set(metrics);
  for (const m of metrics) {
    for (const s of suffixes) {
      if (s === '_year' || aggregated.has(m)) {
        if (ids.has(`${m}${s}`)) {
          throw usageError('ambiguous-column', `the wide shape would give ${m}${s} two meanings: a metric and the ${s.slice(1)} of ${m}`, 'use --shape long, or rename the custom metric');
        }
      }
    }
  }
}

/**
 * Wide: `code,name,year`, then per output `<id>` and, for outputs with a group rule,
 * `<id>_n,<id>_coverage`. `metrics` gives the columns (the entity table's, when group rows are
 * appended to entity rows); outputs not in `aggregated` get a value column only.
 */
export function groupWideTable(rows: readonly GroupRow[], metrics: readonly string[], aggregated: ReadonlySet<string>, opts: ShapeOptions = {}): Table {
  wideNames(metrics, aggregated, ['_n', '_coverage']);
  const columns: Column[] = [...KEYS, { name: 'year', kind: 'number', key: true }];
  const at = new Map<string, number>();
  for (const m of metrics) {
    at.set(m, columns.length);
    const unit = opts.unitOf?.(m);
    columns.push(unit ? { name: m, kind: 'number', unit } : { name: m, kind: 'number' });
    if (aggregated.has(m)) columns.push({ name: `${m}_n`, kind: 'number' }, { name: `${m}_coverage`, kind: 'number' });
  }
  const out: Cell[][] = [];
  let cur: Cell[] | undefined;
  for (const r of rows) {
    const k = at.get(r.metric);
    if (k === undefined) continue;
    if (!cur || cur[0] !== r.group || cur[2] !== r.year) {
      cur = [r.group, r.group, r.year, ...columns.slice(3).map((): Cell => null)];
      out.push(cur);
    }
    cur[k] = r.value ?? null;
    [cur[k + 1], cur[k + 2]] = counts(r, opts.human);
  }
  const t: Table = { columns, rows: out };
  return opts.noName ? withoutName(t) : t;
}

/**
 * Latest values, wide: one row per group; per output `<id>`, `<id>_year`, `<id>_n`,
 * `<id>_coverage`. With `text` (the human table), one text cell per output instead, which
 * `text` writes from the value, year, n and coverage.
 */
export function groupLatestWideTable(latest: readonly GroupRow[], metrics: readonly string[], aggregated: ReadonlySet<string>, text?: (r: GroupRow) => string, opts: ShapeOptions = {}): Table {
  const columns: Column[] = [...KEYS];
  const at = new Map<string, number>();
  if (!text) wideNames(metrics, aggregated, ['_year', '_n', '_coverage']);
  for (const m of metrics) {
    at.set(m, columns.length);
    const unit = opts.unitOf?.(m);
    if (text) {
      columns.push(unit ? { name: m, kind: 'text', unit } : { name: m, kind: 'text' });
      continue;
    }
    columns.push({ name: m, kind: 'number' }, { name: `${m}_year`, kind: 'number' });
    if (aggregated.has(m)) columns.push({ name: `${m}_n`, kind: 'number' }, { name: `${m}_coverage`, kind: 'number' });
  }
  const byGroup = new Map<string, Cell[]>();
  for (const r of latest) {
    const k = at.get(r.metric);
    if (k === undefined || r.value === undefined) continue;
    let row = byGroup.get(r.group);
    if (!row) byGroup.set(r.group, (row = [r.group, r.group, ...columns.slice(2).map((): Cell => null)]));
    if (text) row[k] = text(r);
    else {
      row[k] = r.value;
      row[k + 1] = r.year;
      [row[k + 2], row[k + 3]] = counts(r, opts.human);
    }
  }
  const t: Table = { columns, rows: [...byGroup.values()] };
  return opts.noName ? withoutName(t) : t;
}

/**
 * Entity rows, then group rows, under one header: the group table's columns (entity columns it
 * lacks go last); entity rows get nothing in the group-only columns (`n`, `coverage`).
 */
export function appendGroupRows(entities: Table, groups: Table): Table {
  const names = groups.columns.map((c) => c.name);
  const columns = [...groups.columns, ...entities.columns.filter((c) => !names.includes(c.name))];
  const fromEntity = columns.map((c) => entities.columns.findIndex((e) => e.name === c.name));
  const fromGroup = columns.map((c) => groups.columns.findIndex((g) => g.name === c.name));
  // The entity table's kinds win for shared columns (a latest human table has text metric cells).
  for (let i = 0; i < columns.length; i++) {
    const e = fromEntity[i]!;
    if (e >= 0) columns[i] = { ...columns[i]!, kind: entities.columns[e]!.kind };
  }
  // Block by block: entity rows held in columns stay in columns, the empty `n` and `coverage`
  // cells included, so the writers never build a row array for them.
  return blockTable(columns, [...blocksOf(entities).map((b) => pickColumns(b, fromEntity)), ...blocksOf(groups).map((b) => pickColumns(b, fromGroup))]);
}
