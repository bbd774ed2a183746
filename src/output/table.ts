/** A cell of an output table: text, a finite number, or missing. */
export type Cell = string | number | null;

export interface Column {
  name: string;
  kind: 'text' | 'number';
  /** Shown under the name in the human table (`% of GDP`, `US$`). */
  unit?: string;
  /** An identifying column (code, name, year): repeated when a wide human table is split. */
  key?: boolean;
}

/** What every command hands to the writers: named, typed columns and rows in final order. */
export interface Table {
  columns: Column[];
  /** Rows in final order; an iterable so large conversions can stream without materialising. */
  rows: Iterable<readonly Cell[]>;
  /**
   * The same rows held column-wise, when the producer has them so (`blockTable` sets both):
   * the delimited writers read cells in place instead of building an array per row, which on a
   * whole WDI download is most of the output's cost.
   */
  blocks?: readonly Block[];
}

/**
 * One column of a block: numbers (NaN is a missing cell), text coded into a dictionary of
 * distinct values (codes, names and metric ids repeat on every row), or no cells at all.
 */
export type ColumnData =
  | { kind: 'number'; values: Float64Array | Int32Array }
  | { kind: 'text'; codes: Int32Array | Uint16Array; dictionary: readonly string[] }
  | { kind: 'empty' };

/** Consecutive rows of a table: `length` rows held in columns (one per table column), or rows. */
export type Block = { length: number; columns: readonly ColumnData[] } | { rows: Iterable<readonly Cell[]> };

function cellOf(c: ColumnData, i: number): Cell {
  switch (c.kind) {
    case 'number': {
      const v = c.values[i]!;
      return Number.isNaN(v) ? null : v;
    }
    case 'text':
      return c.dictionary[c.codes[i]!]!;
    case 'empty':
      return null;
  }
}

function* blockRows(blocks: readonly Block[]): Generator<readonly Cell[]> {
  for (const b of blocks) {
    if ('rows' in b) {
      yield* b.rows;
      continue;
    }
    for (let i = 0; i < b.length; i++) yield b.columns.map((c) => cellOf(c, i));
  }
}

/** The table's rows as blocks: its own, or its rows as one block. */
export function blocksOf(t: Table): readonly Block[] {
  return t.blocks ?? [{ rows: t.rows }];
}

/**
 * A block with its columns picked and reordered: column k of the result is column `from[k]`
 * of `b`, or empty where `from[k]` is negative.
 */
export function pickColumns(b: Block, from: readonly number[]): Block {
  if ('rows' in b) {
    const rows = b.rows;
    return {
      rows: {
        *[Symbol.iterator]() {
          for (const row of rows) yield from.map((i) => (i >= 0 ? (row[i] ?? null) : null));
        },
      },
    };
  }
  return { length: b.length, columns: from.map((i): ColumnData => (i >= 0 ? b.columns[i]! : { kind: 'empty' })) };
}

/** A table made of blocks; its `rows` are generated from them, so the two always agree. */
export function blockTable(columns: Column[], blocks: readonly Block[]): Table {
  return { columns, blocks, rows: { [Symbol.iterator]: () => blockRows(blocks) } };
}

export const OUTPUT_FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson', 'md'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A number as text: shortest round-trip form (what `String()` gives), `-0` as `0`, optionally rounded. */
export function formatNumber(v: number, digits?: number): string {
  let x = v;
  if (digits !== undefined) {
    const f = 10 ** digits;
    const r = Math.round(x * f) / f;
    // Past 2^53 / f rounding cannot change anything and can overflow.
    x = Number.isFinite(r) ? r : x;
  }
  if (Object.is(x, -0)) return '0';
  return String(x);
}

/** Code-point order: deterministic on every machine, unlike localeCompare. */
export function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
