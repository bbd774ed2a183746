import { inputError } from '../errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface ScannerOptions {
  /** Byte of the field delimiter (`,` `;` or tab). */
  delimiter: number;
  /** File name for error messages. */
  file: string;
  /** Record terminator: LF (also ends CRLF records) or CR for old Mac files. */
  eol?: typeof LF | typeof CR;
  /** Physical line number of the first byte given to the scanner (after a skipped preamble). */
  firstLine?: number;
}

/**
 * One CSV record as a view into the scanner's buffer. Fields are located only when asked for,
 * so a reader can look at two key fields of a row and drop it without splitting the rest.
 * The object is reused for every record: copy what you keep.
 */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  /** Physical line (1-based) where the record starts. */
  line = 0;
  private parsed = 0;
  private done = false;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** 0: plain, 1: quoted, 2: quoted with doubled quotes to undo. */
  private kinds = new Uint8Array(16);
  private readonly delimiter: number;
  /** The byte that ends lines (LF, or CR in old Mac files): lines and columns count from it. */
  private readonly eol: number;

  constructor(delimiter: number, eol: number = LF) {
    this.delimiter = delimiter;
    this.eol = eol;
  }

  reset(buf: Buffer, start: number, end: number, line: number): void {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.line = line;
    this.parsed = 0;
    this.done = false;
  }

  /** Number of fields of the record (an empty line has one empty field). */
  get length(): number {
    this.locate(Number.MAX_SAFE_INTEGER);
    return this.parsed;
  }

  /** Field `i` as text, or undefined past the last field. */
  field(i: number): string | undefined {
    if (i >= this.parsed) this.locate(i);
    if (i >= this.parsed) return undefined;
    const a = this.starts[i]!;
    const b = this.ends[i]!;
    const kind = this.kinds[i]!;
    if (a === b) return '';
    const text = this.buf.toString('utf8', a, b);
    return kind === 2 ? text.replaceAll('""', '"') : text;
  }

  /** True when field `i` is empty (cheaper than `field(i) === ''`). */
  isEmpty(i: number): boolean {
    if (i >= this.parsed) this.locate(i);
    return i >= this.parsed || this.starts[i] === this.ends[i];
  }

  fields(): string[] {
    const n = this.length;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.field(i) ?? '';
    return out;
  }

  /** True when every field is empty (`,,,,` rows that DataBank writes before its footer). */
  isBlank(): boolean {
    if (this.start === this.end) return true;
    const first = this.buf[this.start];
    // Most records start with data: decide without locating fields.
    if (first !== this.delimiter && first !== QUOTE) return false;
    const n = this.length;
    for (let i = 0; i < n; i++) if (this.starts[i] !== this.ends[i]) return false;
    return true;
  }

  /** 1-based character column where field `i` starts, for error messages. */
  columnOf(i: number): number {
    this.locate(i);
    const at = i < this.parsed ? this.starts[i]! - (this.kinds[i]! > 0 ? 1 : 0) : this.end;
    let lineStart = at;
    while (lineStart > this.start && this.buf[lineStart - 1] !== this.eol) lineStart--;
    return this.buf.toString('utf8', lineStart, at).length + 1;
  }

  /** Physical line of field `i` (differs from `line` after a quoted field with a line break). */
  lineOf(i: number): number {
    this.locate(i);
    const at = i < this.parsed ? this.starts[i]! : this.end;
    let line = this.line;
    for (let p = this.start; p < at; p++) if (this.buf[p] === this.eol) line++;
    return line;
  }

  /** Locates fields up to index `upTo`. The scanner has already checked the quoting grammar. */
  private locate(upTo: number): void {
    if (this.done) return;
    const buf = this.buf;
    const end = this.end;
    const delim = this.delimiter;
    let p = this.parsed === 0 ? this.start : this.ends[this.parsed - 1]! + (this.kinds[this.parsed - 1]! > 0 ? 2 : 1);
    while (this.parsed <= upTo) {
      if (this.parsed === this.starts.length) this.grow();
      const i = this.parsed;
      if (p < end && buf[p] === QUOTE) {
        let q = p + 1;
        let kind = 1;
        for (;;) {
          const k = buf.indexOf(QUOTE, q);
          // The scanner guarantees a closing quote inside the record.
          if (k < 0 || k >= end) {
            q = end;
            break;
          }
          if (k + 1 < end && buf[k + 1] === QUOTE) {
            kind = 2;
            q = k + 2;
            continue;
          }
          q = k;
          break;
        }
        this.starts[i] = p + 1;
        this.ends[i] = q;
        this.kinds[i] = kind;
        this.parsed++;
        p = q + 1;
        // After the closing quote comes a delimiter or the end of the record.
        if (p >= end) {
          this.done = true;
          return;
        }
        p++;
      } else {
        let q = p;
        while (q < end && buf[q] !== delim) q++;
        this.starts[i] = p;
        this.ends[i] = q;
        this.kinds[i] = 0;
        this.parsed++;
        if (q >= end) {
          this.done = true;
          return;
        }
        p = q + 1;
      }
    }
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const k = new Uint8Array(n);
    k.set(this.kinds);
    this.starts = s;
    this.ends = e;
    this.kinds = k;
  }
}

export type RecordVisitor = (record: CsvRecord) => void;

/**
 * An exact RFC 4180 record scanner over UTF-8 bytes, fed chunk by chunk.
 *
 * It finds where each record ends with one tight pass over the bytes (tracking quotes so that
 * delimiters and line breaks inside quoted fields are data), checks the quoting grammar on the
 * way, and hands each record to the visitor as a lazy view. Rows a reader does not want thus
 * cost one byte loop, not a field split and string allocations per cell. Grammar errors are
 * reported with file, line and column, as csv-parse would report them.
 */
export class CsvScanner {
  private readonly opts: ScannerOptions;
  private readonly eol: number;
  private readonly record: CsvRecord;
  private pending: Buffer | null = null;
  /** Offset in `pending` where scanning resumes. */
  private resume = 0;
  private line: number;
  // Grammar state of the record being scanned, kept across chunks.
  private inQuote = false;
  private afterQuote = false;
  private atFieldStart = true;
  private breaksInRecord = 0;
  private quoteOpenedAt = -1;
  /** Bytes at the end of the last chunk to scan again with the next one (a CR after a closing quote). */
  private rescan = 0;
  bytesSeen = 0;

  constructor(opts: ScannerOptions) {
    this.opts = opts;
    this.eol = opts.eol ?? LF;
    this.line = opts.firstLine ?? 1;
    this.record = new CsvRecord(opts.delimiter, this.eol);
  }

  /** The physical line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  push(chunk: Buffer, visit: RecordVisitor): void {
    this.bytesSeen += chunk.length;
    let buf: Buffer;
    if (this.pending && this.pending.length > 0) {
      buf = Buffer.concat([this.pending, chunk]);
    } else {
      buf = chunk;
      this.resume = 0;
    }
    let recStart = 0;
    let pos = this.resume;
    const n = buf.length;
    while (pos < n) {
      const stop = this.scanToEnd(buf, recStart, pos, n);
      if (stop < 0) break;
      this.emit(buf, recStart, stop, visit);
      recStart = stop + 1;
      pos = recStart;
    }
    if (recStart < n) {
      // Copy, so a retained 4 MiB chunk does not live on behind a small tail.
      this.pending = Buffer.from(buf.subarray(recStart));
      this.resume = n - recStart - this.rescan;
      this.rescan = 0;
    } else {
      this.pending = null;
      this.resume = 0;
    }
    if (pos >= n && recStart >= n) this.resume = 0;
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(visit: RecordVisitor): void {
    const buf = this.pending;
    this.pending = null;
    if (this.inQuote) {
      const at = this.quoteOpenedAt;
      throw inputError(
        'csv-unclosed-quote',
        'a quoted field is never closed',
        buf && at >= 0 ? this.where(buf, 0, at) : { file: this.opts.file, line: this.line },
        'close the quote or remove the stray `"`',
      );
    }
    if (buf && buf.length > 0) this.emit(buf, 0, buf.length, visit);
  }

  private emit(buf: Buffer, start: number, stop: number, visit: RecordVisitor): void {
    let end = stop;
    if (this.eol === LF && end > start && buf[end - 1] === CR) end--;
    this.record.reset(buf, start, end, this.line);
    this.line += 1 + this.breaksInRecord;
    this.breaksInRecord = 0;
    this.atFieldStart = true;
    this.afterQuote = false;
    this.quoteOpenedAt = -1;
    visit(this.record);
  }

  /**
   * Scans from `pos` for the terminator of the record that began at `recStart`; returns its
   * offset, or -1 when the buffer ends first (state is saved to resume on the next chunk).
   */
  private scanToEnd(buf: Buffer, recStart: number, pos: number, n: number): number {
    const delim = this.opts.delimiter;
    const eol = this.eol;
    let q = this.inQuote;
    let after = this.afterQuote;
    let fieldStart = this.atFieldStart;
    let breaks = this.breaksInRecord;
    let i = pos;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (q) {
        if (c === QUOTE) {
          q = false;
          after = true;
        } else if (c === eol) breaks++;
        continue;
      }
      if (c === delim) {
        fieldStart = true;
        after = false;
        continue;
      }
      if (c === eol) {
        this.inQuote = false;
        this.afterQuote = false;
        this.atFieldStart = true;
        this.breaksInRecord = breaks;
        return i;
      }
      if (c === QUOTE) {
        if (after) {
          // A doubled quote inside a quoted field.
          q = true;
          after = false;
        } else if (fieldStart) {
          q = true;
          fieldStart = false;
          this.quoteOpenedAt = i - recStart;
        } else {
          this.breaksInRecord = breaks;
          throw inputError(
            'csv-bare-quote',
            'a `"` inside an unquoted field',
            this.where(buf, recStart, i),
            'quote the whole field and double the inner quote (`"a ""b"" c"`)',
          );
        }
        continue;
      }
      if (after && c === CR && i + 1 >= n) {
        // `"a"` then CR at the end of the chunk: only the next byte tells a CRLF record end from
        // stray text, so look at this CR again when it comes (the state stays "after a quote").
        this.rescan = 1;
        break;
      }
      if (after && !(c === CR && buf[i + 1] === LF)) {
        this.breaksInRecord = breaks;
        throw inputError(
          'csv-text-after-quote',
          'text follows the closing quote of a field',
          this.where(buf, recStart, i),
          'put a delimiter after the closing quote, or quote the whole field',
        );
      }
      fieldStart = false;
    }
    this.inQuote = q;
    this.afterQuote = after;
    this.atFieldStart = fieldStart;
    this.breaksInRecord = breaks;
    return -1;
  }

  /** File, line and character column of byte `at` of the record starting at `recStart`. */
  private where(buf: Buffer, recStart: number, at: number): { file: string; line: number; column: number } {
    let line = this.line;
    let lineStart = recStart;
    for (let p = recStart; p < at; p++) {
      if (buf[p] === this.eol) {
        line++;
        lineStart = p + 1;
      }
    }
    const column = buf.toString('utf8', lineStart, at).length + 1;
    return { file: this.opts.file, line, column };
  }
}
