import CliTable from 'cli-table3';
import type { Cell, Table } from './table.js';

export interface HumanOptions {
  /** Terminal width to fit; undefined: do not fit. */
  width?: number;
  digits?: number;
  /** Styling hooks (chalk functions when colour is on, identity otherwise). */
  bold?: (s: string) => string;
  dim?: (s: string) => string;
}

const groupFmt = new Map<number, Intl.NumberFormat>();
function fmt(decimals: number): Intl.NumberFormat {
  let f = groupFmt.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    groupFmt.set(decimals, f);
  }
  return f;
}

/**
 * A number for people: thousands separators and as many decimals as the magnitude deserves
 * (`1,234,567`, `12.35`, `0.0123`), or exactly `digits` decimals when asked.
 */
export function humanNumber(v: number, digits?: number): string {
  if (digits !== undefined) return fmt(digits).format(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e15 || a < 1e-6) return v.toExponential(3);
  if (a >= 100 || Number.isInteger(v)) return fmt(0).format(v);
  if (a >= 1) return fmt(2).format(v);
  // Three significant digits below 1 so small shares stay readable.
  return fmt(Math.min(8, 2 - Math.floor(Math.log10(a)))).format(v);
}

/**
 * Text from the data as a terminal should see it: a line break stays (the cell grows a line),
 * other control characters are shown as escapes, so a cell cannot move the cursor, clear the
 * screen or recolour the terminal.
 */
function visible(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Breaks a long header at underscores so metric ids do not force wide columns. */
function wrapHeader(name: string, max: number): string[] {
  if (name.length <= max) return [name];
  const parts = name.split('_');
  const lines: string[] = [];
  let cur = '';
  for (const p of parts) {
    const next = cur === '' ? p : `${cur}_${p}`;
    if (next.length > max && cur !== '') {
      lines.push(`${cur}_`);
      cur = p;
    } else cur = next;
  }
  if (cur !== '') lines.push(cur);
  return lines;
}

function textWidth(s: string): number {
  let w = 0;
  for (const line of s.split('\n')) w = Math.max(w, [...line].length);
  return w;
}

/**
 * A boxed table for a terminal: numbers right-aligned with separators, units under the column
 * names, and when it is wider than the terminal the number columns are split over several
 * tables, each repeating the text (key) columns.
 */
export function renderHuman(table: Table, opts: HumanOptions = {}): string {
  const bold = opts.bold ?? ((s: string) => s);
  const dim = opts.dim ?? ((s: string) => s);
  const rows = [...table.rows];
  if (rows.length === 0) return `${dim('(no rows)')}\n`;
  const headers = table.columns.map((c) => {
    const name = visible(c.name);
    const lines = c.kind === 'number' ? wrapHeader(name, 18) : [name];
    if (c.unit) lines.push(`(${c.unit})`);
    return lines.join('\n');
  });
  // Years are labels, not quantities: 2019, never 2,019 or 2,019.00.
  const years = table.columns.map((c) => c.kind === 'number' && /(^|_)year$/i.test(c.name));
  const body = rows.map((row) =>
    row.map((cell: Cell, i) => {
      if (cell === null) return '–';
      if (typeof cell === 'number' && years[i] && Number.isInteger(cell)) return String(cell);
      if (typeof cell === 'number') return humanNumber(cell, opts.digits);
      return visible(cell);
    }),
  );
  const widths = table.columns.map((_, i) => Math.max(textWidth(headers[i]!), ...body.map((r) => textWidth(r[i] ?? ''))) + 3);
  // Key columns are repeated in every part of a split table; without explicit keys, text is key.
  const hasKeys = table.columns.some((c) => c.key);
  const isKey = (c: Table['columns'][number]): boolean => (hasKeys ? c.key === true : c.kind === 'text');
  const keys = table.columns.flatMap((c, i) => (isKey(c) ? [i] : []));
  const values = table.columns.flatMap((c, i) => (isKey(c) ? [] : [i]));
  const keyWidth = keys.reduce((s, i) => s + widths[i]!, 1);
  const groups: number[][] = [];
  if (opts.width === undefined) groups.push(values);
  else {
    let cur: number[] = [];
    let used = keyWidth;
    for (const i of values) {
      if (cur.length > 0 && used + widths[i]! > opts.width) {
        groups.push(cur);
        cur = [];
        used = keyWidth;
      }
      cur.push(i);
      used += widths[i]!;
    }
    groups.push(cur);
  }
  const out: string[] = [];
  for (const group of groups) {
    const cols = [...keys, ...group].sort((a, b) => a - b);
    const t = new CliTable({
      head: cols.map((i) => bold(headers[i]!)),
      style: { head: [], border: [], compact: false },
      colAligns: cols.map((i) => (table.columns[i]!.kind === 'number' ? 'right' : 'left')),
      wordWrap: false,
    });
    for (const row of body) t.push(cols.map((i) => (row[i] === '–' ? dim('–') : row[i]!)));
    out.push(t.toString());
  }
  return `${out.join('\n')}\n`;
}
