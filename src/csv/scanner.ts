import { inputError } from '../errors.js';
import { SPLIT_CHECK, SPLIT_DONE, SPLIT_MORE, SimdSplitter } from './simd-split.js';

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
  /**
   * Stop after the first record whose terminator sits at or beyond this byte offset (counted
   * from the first byte pushed): the first half of a file read by two threads.
   */
  limit?: number;
}

/**
 * What the layout readers use of a record: a CSV record, or a row of a workbook sheet
 * (src/xlsx/record.ts). `line` and `lineOf` are the line (the sheet row); `columnOf` the
 * character column (the sheet column number).
 */
export interface RecordView {
  readonly line: number;
  readonly length: number;
  field(i: number): string | undefined;
  cachedField(i: number, cache: FieldCache): string | undefined;
  plainNumber(i: number, decimalComma: boolean): number | undefined;
  isEmpty(i: number): boolean;
  isBlank(): boolean;
  fields(): string[];
  columnOf(i: number): number;
  lineOf(i: number): number;
}

/**
 * One CSV record as a view into the scanner's buffer. Fields are located only when asked for,
 * so a reader can look at two key fields of a row and drop it without splitting the rest.
 * The object is reused for every record: copy what you keep.
 */
export class CsvRecord implements RecordView {
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

  /**
   * Field `i` as text through a cache of recent values: key columns (codes) repeat on every row
   * of a bulk file, and decoding each into a new string costs more than scanning the row.
   */
  cachedField(i: number, cache: FieldCache): string | undefined {
    if (i >= this.parsed) this.locate(i);
    if (i >= this.parsed) return undefined;
    if (this.kinds[i] === 2) return this.field(i);
    return cache.text(this.buf, this.starts[i]!, this.ends[i]!);
  }

  /**
   * Field `i` as a number read straight from its bytes, for the common plain forms (`-123.45`):
   * at most 15 significant digits and 22 decimals, so that mantissa / 10^decimals is exactly
   * what `Number()` gives (both are exact doubles and one division rounds once). Undefined for
   * anything else (exponents, more digits, text, empty): the caller then parses the text.
   */
  plainNumber(i: number, decimalComma: boolean): number | undefined {
    if (i >= this.parsed) this.locate(i);
    if (i >= this.parsed || this.kinds[i] === 2) return undefined;
    const buf = this.buf;
    let p = this.starts[i]!;
    const b = this.ends[i]!;
    if (p === b) return undefined;
    let negative = false;
    if (buf[p] === 0x2d) {
      negative = true;
      p++;
    }
    const point = decimalComma ? 0x2c : 0x2e;
    let m = 0;
    let significant = 0;
    let decimals = 0;
    let digits = 0;
    let afterPoint = false;
    for (; p < b; p++) {
      const c = buf[p]!;
      if (c >= 0x30 && c <= 0x39) {
        digits++;
        if (afterPoint) decimals++;
        if (m === 0 && c === 0x30) continue;
        if (++significant > 15) return undefined;
        m = m * 10 + (c - 0x30);
      } else if (c === point && !afterPoint) afterPoint = true;
      else return undefined;
    }
    if (digits === 0 || decimals > 22) return undefined;
    const v = m / POW10[decimals]!;
    return negative ? -v : v;
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
    // Most records start with data: decide without locating more than the first field.
    if (first !== this.delimiter && first !== QUOTE) return false;
    if (!this.isEmpty(0)) return false;
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
        // A byte loop beats indexOf here: fields are short and a native call costs more.
        for (;;) {
          while (q < end && buf[q] !== QUOTE) q++;
          // The scanner guarantees a closing quote inside the record.
          if (q + 1 < end && buf[q + 1] === QUOTE) {
            kind = 2;
            q += 2;
            continue;
          }
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

/** Decoded texts of short fields, found by a hash of their bytes (see `CsvRecord.cachedField`). */
export class FieldCache {
  private readonly map = new Map<number, Array<{ bytes: Buffer; text: string }>>();
  private size = 0;
  private readonly max: number;

  constructor(max = 20000) {
    this.max = max;
  }

  text(buf: Buffer, a: number, b: number): string {
    const len = b - a;
    if (len === 0) return '';
    if (len > 64) return buf.toString('utf8', a, b);
    let h = 0x811c9dc5;
    for (let p = a; p < b; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
    const bucket = this.map.get(h);
    if (bucket) {
      outer: for (const e of bucket) {
        if (e.bytes.length !== len) continue;
        for (let k = 0; k < len; k++) if (e.bytes[k] !== buf[a + k]) continue outer;
        return e.text;
      }
    }
    const text = buf.toString('utf8', a, b);
    // Past the bound, values are not repeating keys: stop caching rather than grow.
    if (this.size < this.max) {
      const entry = { bytes: Buffer.from(buf.subarray(a, b)), text };
      if (bucket) bucket.push(entry);
      else this.map.set(h, [entry]);
      this.size++;
    }
    return text;
  }
}

export type RecordVisitor = (record: CsvRecord) => void;

/** Chunks with at least this many bytes left go through the WebAssembly splitter first. */
export const SIMD_MIN_BYTES = 4096;
let simdMinBytes = SIMD_MIN_BYTES;

/** Tests run the splitter on every chunk (0), or never (Infinity). */
export function setSimdMinBytes(n: number): void {
  simdMinBytes = n;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

// Scanner states between bytes of a record.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just after a quote inside a quoted field: a closing quote, or the first of a doubled pair. */
const AFTER_QUOTE = 3;
/** A CR after a closing quote: an LF must follow. */
const AFTER_QUOTE_CR = 4;

/**
 * An exact RFC 4180 record scanner over UTF-8 bytes, fed chunk by chunk.
 *
 * It finds where each record ends with one pass over the bytes (a state machine whose hot
 * states are tight loops: inside a quoted field only `"` and line breaks matter, inside an
 * unquoted one only the delimiter, `"` and line breaks), checks the quoting grammar on the way,
 * and hands each record to the visitor as a lazy view. Rows a reader does not want thus cost
 * one byte loop, not a field split and string allocations per cell. Grammar errors are
 * reported with file, line and column.
 */
export class CsvScanner {
  private readonly opts: ScannerOptions;
  private readonly eol: number;
  private readonly record: CsvRecord;
  /** Bytes of a record cut by the end of the previous chunk. */
  private pending: Buffer | null = null;
  private line: number;
  // State of the record being scanned, kept across chunks.
  private state = FIELD_START;
  private breaksInRecord = 0;
  private quoteOpenedAt = -1;
  /** Offset of the current chunk's first byte in the whole input. */
  private base = 0;
  private limit: number | undefined;
  /** Set when `limit` was reached: the offset of that record's terminator, and the bytes after it. */
  stoppedAt = -1;
  leftover: Buffer | undefined;

  constructor(opts: ScannerOptions) {
    this.opts = opts;
    this.eol = opts.eol ?? LF;
    this.line = opts.firstLine ?? 1;
    this.limit = opts.limit;
    this.record = new CsvRecord(opts.delimiter, this.eol);
  }

  /** The physical line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  get stopped(): boolean {
    return this.stoppedAt >= 0;
  }

  push(chunk: Buffer, visit: RecordVisitor): void {
    try {
      this.pushChunk(chunk, visit);
    } finally {
      this.base += chunk.length;
    }
  }

  /** After `limit` stopped the scanner: go on as if it had never stopped. */
  resume(visit: RecordVisitor): void {
    const rest = this.leftover;
    this.stoppedAt = -1;
    this.leftover = undefined;
    this.limit = undefined;
    if (rest && rest.length > 0) {
      this.base -= rest.length;
      this.push(rest, visit);
    }
  }

  private reached(terminator: number, chunk: Buffer, from: number): boolean {
    const limit = this.limit;
    if (limit === undefined || terminator < limit) return false;
    this.stoppedAt = terminator;
    this.leftover = Buffer.from(chunk.subarray(from));
    return true;
  }

  private pushChunk(chunk: Buffer, visit: RecordVisitor): void {
    let from = 0;
    const n = chunk.length;
    if (this.stopped) throw new Error('CsvScanner.push after it stopped at its limit');
    if (this.pending) {
      // Finish the cut record by scanning on into the new chunk, then join only that record:
      // copying the pending tail plus a few bytes, never the whole chunk.
      const head = this.pending;
      const stop = this.scan(chunk, -head.length, 0, n);
      if (stop < 0) {
        this.pending = Buffer.concat([head, chunk]);
        return;
      }
      const joined = Buffer.concat([head, chunk.subarray(0, stop + 1)]);
      this.pending = null;
      this.emit(joined, 0, joined.length - 1, visit);
      from = stop + 1;
      if (this.reached(this.base + stop, chunk, from)) return;
    }
    // The splitter compares single bytes: an ASCII delimiter (all detection and --delimiter allow).
    const simd = n - from >= simdMinBytes && this.opts.delimiter < 0x80 ? SimdSplitter.get() : undefined;
    let token = simd ? simd.load(chunk, n) : 0;
    let fast = token > 0;
    while (from < n) {
      if (fast && simd) {
        // The splitter finds the record ends; the byte loop below reads only what it flags (a
        // possible quoting error: one record) and the tail cut by the chunk's end.
        let status = SPLIT_DONE;
        for (;;) {
          // A visitor may have run another scanner on this thread, which loads its own chunk.
          if (simd.loads !== token && (token = simd.load(chunk, n)) === 0) break;
          const ends = simd.scan(from, n, this.opts.delimiter, this.eol, this.eol === LF);
          status = simd.lastStatus;
          for (let i = 0; i < ends.length; i += 2) {
            const stop = ends[i]!;
            this.breaksInRecord = ends[i + 1]!;
            this.emit(chunk, from, stop, visit);
            from = stop + 1;
            if (this.reached(this.base + stop, chunk, from)) return;
          }
          if (status !== SPLIT_MORE) break;
        }
        if (status === SPLIT_DONE || token === 0) fast = false;
        else if (status !== SPLIT_CHECK) throw new Error(`SimdSplitter status ${status}`);
        if (from >= n) break;
      }
      const stop = this.scan(chunk, from, from, n);
      if (stop < 0) {
        this.pending = Buffer.from(chunk.subarray(from));
        return;
      }
      this.emit(chunk, from, stop, visit);
      from = stop + 1;
      if (this.reached(this.base + stop, chunk, from)) return;
    }
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(visit: RecordVisitor): void {
    const buf = this.pending;
    this.pending = null;
    if (this.state === QUOTED) {
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
    this.state = FIELD_START;
    this.quoteOpenedAt = -1;
    visit(this.record);
  }

  /**
   * Scans `buf` from `pos` for the terminator of the current record, which began at `recStart`
   * (negative when it began in the pending bytes); returns the terminator's offset, or -1 when
   * the buffer ends first, with the state saved to resume on the next chunk.
   */
  private scan(buf: Buffer, recStart: number, pos: number, n: number): number {
    const delim = this.opts.delimiter;
    const eol = this.eol;
    let st = this.state;
    let breaks = this.breaksInRecord;
    let i = pos;
    let c = 0;
    for (;;) {
      if (st === FIELD_START) {
        if (i >= n) break;
        if (buf[i] === QUOTE) {
          st = QUOTED;
          this.quoteOpenedAt = i - recStart;
          i++;
          continue;
        }
        st = UNQUOTED;
      }
      if (st === UNQUOTED) {
        while (i < n) {
          c = buf[i]!;
          if (c === delim || c === eol || c === QUOTE) break;
          i++;
        }
        if (i >= n) break;
        if (c === delim) {
          st = FIELD_START;
          i++;
          continue;
        }
        if (c === eol) return this.found(i, breaks);
        this.breaksInRecord = breaks;
        throw this.grammarError(buf, recStart, i, 'csv-bare-quote', 'a `"` inside an unquoted field', 'quote the whole field and double the inner quote (`"a ""b"" c"`)');
      }
      if (st === QUOTED) {
        while (i < n) {
          c = buf[i]!;
          if (c === QUOTE) break;
          if (c === eol) breaks++;
          i++;
        }
        if (i >= n) break;
        st = AFTER_QUOTE;
        i++;
        continue;
      }
      if (i >= n) break;
      c = buf[i]!;
      if (st === AFTER_QUOTE) {
        if (c === QUOTE) {
          st = QUOTED;
          i++;
          continue;
        }
        if (c === delim) {
          st = FIELD_START;
          i++;
          continue;
        }
        if (c === eol) return this.found(i, breaks);
        if (c === CR && eol === LF) {
          st = AFTER_QUOTE_CR;
          i++;
          continue;
        }
      } else if (c === LF) {
        return this.found(i, breaks);
      }
      this.breaksInRecord = breaks;
      // After `"` CR, the stray text is the CR itself.
      throw this.grammarError(buf, recStart, st === AFTER_QUOTE_CR ? i - 1 : i, 'csv-text-after-quote', 'text follows the closing quote of a field', 'put a delimiter after the closing quote, or quote the whole field');
    }
    this.state = st;
    this.breaksInRecord = breaks;
    return -1;
  }

  private found(i: number, breaks: number): number {
    this.breaksInRecord = breaks;
    return i;
  }

  private grammarError(buf: Buffer, recStart: number, at: number, code: string, message: string, hint: string): Error {
    // The record may have begun in the pending bytes: join them so the place can be counted.
    if (recStart < 0 && this.pending) {
      const joined = Buffer.concat([this.pending, buf.subarray(0, at + 1)]);
      return inputError(code, message, this.where(joined, 0, joined.length - 1), hint);
    }
    return inputError(code, message, this.where(buf, recStart, at), hint);
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
