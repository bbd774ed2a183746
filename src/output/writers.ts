import { type Block, type Cell, type ColumnData, type OutputFormat, type Table, blocksOf, formatNumber } from './table.js';
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
 * A text cell as written: formula-neutralised, and quoted (RFC 4180) when it holds the delimiter,
 * a quote, a line break or a lone CR (Python's csv module and pandas end records at a bare CR),
 * or starts or ends with white space (which readers may trim); numbers never need quotes.
 */
function escapeText(c: string, quote: RegExp): string {
  const done = neutraliseFormula(c);
  return quote.test(done) ? `"${done.replace(/"/g, '""')}"` : done;
}

const CHUNK = 1 << 20;
/** Of the same class as the chunks (a Buffer), so the writing loops only ever see one kind. */
const EMPTY_CHUNK = Buffer.alloc(0);

/**
 * Writes delimited records straight into UTF-8 byte chunks. Building a string per record, then
 * joining and encoding them, made every output row several short-lived strings: on 140,000 rows
 * that cost more than formatting the numbers. Codes, names and metric ids repeat on every row,
 * so each distinct text is escaped and encoded once.
 */
class DelimitedBytes {
  // Not zeroed: every byte handed on is written first.
  private buf: Uint8Array = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  private readonly full: Uint8Array[] = [];
  private readonly texts = new Map<string, Uint8Array>();
  private readonly encoder = new TextEncoder();
  private readonly quote: RegExp;
  private readonly sep: number;

  constructor(delimiter: ',' | '\t') {
    this.quote = NEEDS_QUOTES[delimiter];
    this.sep = delimiter.charCodeAt(0);
  }

  /** Chunks filled since the last call. */
  take(): Uint8Array[] {
    return this.full.splice(0);
  }

  /** What is left in the current chunk. */
  rest(): Uint8Array {
    const out = this.buf.subarray(0, this.at);
    this.buf = EMPTY_CHUNK;
    this.at = 0;
    return out;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.at > 0) this.full.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.at = 0;
  }

  private textBytes(c: string): Uint8Array {
    let b = this.texts.get(c);
    if (b === undefined) {
      b = this.encoder.encode(escapeText(c, this.quote));
      if (this.texts.size < 100000) this.texts.set(c, b);
    }
    return b;
  }

  /** Numbers print in ASCII, so their characters are their bytes. */
  private ascii(s: string): void {
    const { buf } = this;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  private bytes(b: Uint8Array): void {
    const { buf } = this;
    let at = this.at;
    // Most cells are a few bytes, where a loop beats `set`'s call overhead.
    if (b.length > 32) buf.set(b, at);
    else for (let i = 0; i < b.length; i++) buf[at + i] = b[i]!;
    this.at = at + b.length;
  }

  record(row: readonly Cell[], digits: number | undefined, eol: Uint8Array): void {
    for (let i = 0; i < row.length; i++) {
      const c = row[i] ?? null;
      if (typeof c === 'number') {
        const s = formatNumber(c, digits);
        this.room(s.length + 1);
        if (i > 0) this.buf[this.at++] = this.sep;
        this.ascii(s);
      } else if (c === null) {
        this.room(1);
        if (i > 0) this.buf[this.at++] = this.sep;
      } else {
        const b = this.textBytes(c);
        this.room(b.length + 1);
        if (i > 0) this.buf[this.at++] = this.sep;
        this.bytes(b);
      }
    }
    this.room(eol.length);
    this.bytes(eol);
  }

  /** Each distinct text of a block's columns escaped and encoded once, before its rows. */
  prepare(cols: readonly ColumnData[], digits: number | undefined): PreparedColumns {
    const n = cols.length;
    const kinds = new Uint8Array(n);
    const numbers: Array<Float64Array | Int32Array> = [];
    const codes: Array<Int32Array | Uint16Array> = [];
    const encoded: Uint8Array[][] = [];
    const none = new Int32Array(0);
    // Numbers take at most 25 characters (`-0.0000012345678901234567`).
    let widest = 32 * n + MAX_EOL;
    for (let k = 0; k < n; k++) {
      const c = cols[k]!;
      numbers.push(c.kind === 'number' ? c.values : none);
      codes.push(c.kind === 'text' ? c.codes : none);
      const e = c.kind === 'text' ? c.dictionary.map((t) => this.textBytes(t)) : [];
      encoded.push(e);
      widest += e.reduce((w, b) => Math.max(w, b.length), 0);
      // Whole numbers print as their digits whatever the rounding, unless --digits rounds them.
      kinds[k] = c.kind === 'text' ? TEXT : c.kind === 'empty' ? EMPTY : c.values instanceof Int32Array && digits === undefined ? INT : NUMBER;
    }
    return { kinds, numbers, codes, encoded, widest };
  }

  /** Rows `from` to `to` (exclusive) of a block held in columns. */
  columns(p: PreparedColumns, from: number, to: number, digits: number | undefined, eol: Uint8Array): void {
    const { kinds, numbers, codes, encoded, widest } = p;
    for (let i = from; i < to; i++) {
      this.room(widest);
      this.at = this.row(kinds, numbers, codes, encoded, i, digits, eol);
    }
  }

  /**
   * One row of a column block. A function per row rather than a loop nest: a CLI run is a cold
   * start, and V8 optimises a short function called often long before it would a long loop.
   */
  private row(
    kinds: Uint8Array,
    numbers: ReadonlyArray<Float64Array | Int32Array>,
    codes: ReadonlyArray<Int32Array | Uint16Array>,
    encoded: readonly Uint8Array[][],
    i: number,
    digits: number | undefined,
    eol: Uint8Array,
  ): number {
    const buf = this.buf;
    let at = this.at;
    for (let k = 0; k < kinds.length; k++) {
      if (k > 0) buf[at++] = this.sep;
      const kind = kinds[k];
      if (kind === TEXT) at = copyBytes(buf, at, encoded[k]![codes[k]![i]!]!);
      else if (kind === INT) at = writeInt(buf, at, numbers[k]![i]!);
      else if (kind === NUMBER) {
        const v = numbers[k]![i]!;
        if (!Number.isNaN(v)) at = writeAscii(buf, at, formatNumber(v, digits));
      }
    }
    return copyBytes(buf, at, eol);
  }
}

function copyBytes(buf: Uint8Array, at: number, b: Uint8Array): number {
  for (let j = 0; j < b.length; j++) buf[at + j] = b[j]!;
  return at + b.length;
}

/** Numbers print in ASCII, so their characters are their bytes. */
function writeAscii(buf: Uint8Array, at: number, s: string): number {
  for (let j = 0; j < s.length; j++) buf[at + j] = s.charCodeAt(j);
  return at + s.length;
}

const EMPTY = 0;
const TEXT = 1;
const NUMBER = 2;
/** An Int32Array column without --digits: written digit by digit, as `String` would. */
const INT = 3;

/** The decimal digits of a 32-bit integer at `at`; returns the position after them. */
function writeInt(buf: Uint8Array, at: number, v: number): number {
  let x = v;
  if (x < 0) {
    buf[at++] = 45;
    x = -x;
  }
  let len = 1;
  for (let t = x; t >= 10; t = Math.floor(t / 10)) len++;
  for (let j = at + len - 1; j >= at; j--) {
    buf[j] = 48 + (x % 10);
    x = Math.floor(x / 10);
  }
  return at + len;
}

const MAX_EOL = 2;

interface PreparedColumns {
  kinds: Uint8Array;
  numbers: Array<Float64Array | Int32Array>;
  codes: Array<Int32Array | Uint16Array>;
  encoded: Uint8Array[][];
  /** Bytes a row can take at most. */
  widest: number;
}

/** Rows of a column block per call: chunks are handed on between calls. */
const SLICE = 4096;

/** The table as delimited records, in UTF-8 byte chunks of about 1 MiB. */
function* delimitedBytes(table: Table, delimiter: ',' | '\t', opts: WriteOptions): Generator<Uint8Array> {
  const eol = new TextEncoder().encode(opts.excel ? '\r\n' : '\n');
  const out = new DelimitedBytes(delimiter);
  if (opts.excel) yield new TextEncoder().encode('\uFEFF');
  out.record(
    table.columns.map((c) => c.name),
    undefined,
    eol,
  );
  for (const block of blocksOf(table)) yield* blockBytes(out, block, opts.digits, eol);
  yield out.rest();
}

function* blockBytes(out: DelimitedBytes, block: Block, digits: number | undefined, eol: Uint8Array): Generator<Uint8Array> {
  if ('rows' in block) {
    for (const row of block.rows) {
      out.record(row, digits, eol);
      // Checked per row, but a chunk fills only every few thousand rows.
      yield* out.take();
    }
    return;
  }
  const prepared = out.prepare(block.columns, digits);
  for (let i = 0; i < block.length; i += SLICE) {
    out.columns(prepared, i, Math.min(block.length, i + SLICE), digits, eol);
    yield* out.take();
  }
}

/** The same records as text, for `render`'s callers (library users, tests). */
function* delimited(table: Table, delimiter: ',' | '\t', opts: WriteOptions): Generator<string> {
  // ignoreBOM: the BOM of --excel output is part of the text, not a mark for the decoder to drop.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const chunk of delimitedBytes(table, delimiter, opts)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
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

/**
 * What the CLI writes: delimited formats as UTF-8 bytes (no string is built for them), the
 * others as `render` gives them.
 */
export function renderChunks(table: Table, opts: WriteOptions): Iterable<string | Uint8Array> {
  if (opts.format === 'csv') return delimitedBytes(table, ',', opts);
  if (opts.format === 'tsv') return delimitedBytes(table, '\t', opts);
  return render(table, opts);
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
