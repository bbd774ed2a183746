import { type Cell, type OutputFormat, type Table, formatNumber } from './table.js';
import type { HumanOptions } from './human.js';

export interface WriteOptions {
  format: OutputFormat;
  digits?: number;
  /** CSV for Excel: BOM and CRLF line ends. */
  excel?: boolean;
  human?: HumanOptions;
  /**
   * The terminal-table renderer (`renderHuman` of ./human.js), passed in so that machine formats
   * never load cli-table3; required for format `table`.
   */
  renderHuman?: (table: Table, opts: HumanOptions) => string;
}

/**
 * Text cells that a spreadsheet would run as a formula get a leading `'` (OWASP CSV injection).
 * Only text: numbers are written by the number formatter and never altered.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const NEEDS_QUOTES = { ',': /[",\r\n]|^\s|\s$/, '\t': /["\t\r\n]|^\s|\s$/ } as const;

/**
 * One RFC 4180 record. A cell is quoted when it holds the delimiter, a quote, a line break or a
 * lone CR (Python's csv module and pandas end records at a bare CR), or starts or ends with
 * white space (which readers may trim); numbers never need quotes.
 */
function delimitedLine(row: readonly Cell[], delimiter: ',' | '\t', digits: number | undefined, texts: Map<string, string>): string {
  const quote = NEEDS_QUOTES[delimiter];
  let line = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i] ?? null;
    let text: string;
    if (c === null) text = '';
    else if (typeof c === 'number') text = formatNumber(c, digits);
    else {
      // Codes, names and metric ids repeat on every row: escape each distinct text once.
      let done = texts.get(c);
      if (done === undefined) {
        done = neutraliseFormula(c);
        if (quote.test(done)) done = `"${done.replace(/"/g, '""')}"`;
        if (texts.size < 100000) texts.set(c, done);
      }
      text = done;
    }
    line += i === 0 ? text : delimiter + text;
  }
  return line;
}

const BATCH = 5000;

function* delimited(table: Table, delimiter: ',' | '\t', opts: WriteOptions): Generator<string> {
  const eol = opts.excel ? '\r\n' : '\n';
  if (opts.excel) yield '\uFEFF';
  const texts = new Map<string, string>();
  yield delimitedLine(
    table.columns.map((c) => c.name),
    delimiter,
    undefined,
    texts,
  ) + eol;
  // Written in batches: one string per row would mean one write call per row.
  let batch: string[] = [];
  for (const row of table.rows) {
    batch.push(delimitedLine(row, delimiter, opts.digits, texts));
    if (batch.length === BATCH) {
      yield batch.join(eol) + eol;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join(eol) + eol;
}

function jsonValue(c: Cell, digits: number | undefined): string {
  if (c === null) return 'null';
  if (typeof c === 'number') return Number.isFinite(c) ? formatNumber(c, digits) : 'null';
  return JSON.stringify(c);
}

function jsonObject(table: Table, row: readonly Cell[], digits: number | undefined): string {
  const parts = table.columns.map((col, i) => `${JSON.stringify(col.name)}:${jsonValue(row[i] ?? null, digits)}`);
  return `{${parts.join(',')}}`;
}

function* json(table: Table, opts: WriteOptions): Generator<string> {
  let first = true;
  for (const row of table.rows) {
    yield `${first ? '[\n' : ',\n'}${jsonObject(table, row, opts.digits)}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

function* ndjson(table: Table, opts: WriteOptions): Generator<string> {
  for (const row of table.rows) yield `${jsonObject(table, row, opts.digits)}\n`;
}

function mdEscape(text: string): string {
  // A lone CR ends a line in CommonMark as LF and CRLF do: any of them would split the row.
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
}

function* markdown(table: Table, opts: WriteOptions): Generator<string> {
  const head = table.columns.map((c) => mdEscape(c.unit ? `${c.name} (${c.unit})` : c.name));
  yield `| ${head.join(' | ')} |\n`;
  yield `| ${table.columns.map((c) => (c.kind === 'number' ? '---:' : '---')).join(' | ')} |\n`;
  for (const row of table.rows) {
    const cells = row.map((c) => (c === null ? '' : typeof c === 'number' ? formatNumber(c, opts.digits) : mdEscape(c)));
    yield `| ${cells.join(' | ')} |\n`;
  }
}

/** The table in the requested format, as text chunks (so large outputs stream). */
export function render(table: Table, opts: WriteOptions): Iterable<string> {
  switch (opts.format) {
    case 'csv':
      return delimited(table, ',', opts);
    case 'tsv':
      return delimited(table, '\t', opts);
    case 'json':
      return json(table, opts);
    case 'ndjson':
      return ndjson(table, opts);
    case 'md':
      return markdown(table, opts);
    case 'table':
      if (!opts.renderHuman) throw new Error('render: format table needs opts.renderHuman');
      return [opts.renderHuman(table, { ...(opts.human ?? {}), ...(opts.digits !== undefined ? { digits: opts.digits } : {}) })];
  }
}
