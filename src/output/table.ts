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
