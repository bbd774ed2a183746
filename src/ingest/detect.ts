import { CsvScanner, type CsvRecord } from '../csv/scanner.js';
import { inputError, usageError } from '../errors.js';
import type { InputFormat, Layout } from './types.js';

const LF = 0x0a;
const CR = 0x0d;
const CANDIDATES = [0x2c, 0x3b, 0x09]; // , ; tab — in order of preference on a tie
const SAMPLE_RECORDS = 60;

export interface SampleRecord {
  line: number;
  fields: string[];
}

export interface Sniffed {
  delimiter: number;
  eol: typeof LF | typeof CR;
  lineEnding: 'LF' | 'CRLF' | 'CR';
  decimalComma: boolean;
  layout: Layout;
  header: string[];
  /** Index (0-based, counting every record) of the header record. */
  headerIndex: number;
  headerLine: number;
  /** Line and character column of each header field, for errors about a column. */
  headerPlaces: Array<{ line: number; column: number }>;
  /** The records above the header, trimmed (titles, band rows). */
  above: string[][];
}

export function parseDelimiter(text: string): number {
  const t = text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
  // The scanner compares bytes: a delimiter must be one byte of UTF-8, an ASCII character.
  if (t.length !== 1 || t === '"' || t === '\n' || t === '\r' || t.charCodeAt(0) > 0x7f) {
    throw usageError('bad-delimiter', `'${text}' cannot be a delimiter`, 'use one ASCII character such as , ; | or tab');
  }
  return t.charCodeAt(0);
}

/** Records of the sample with one delimiter; a partial last record is left out unless `complete`. */
function sampleRecords(sample: Buffer, delimiter: number, eol: typeof LF | typeof CR, file: string, complete: boolean): SampleRecord[] {
  const out: SampleRecord[] = [];
  const scanner = new CsvScanner({ delimiter, eol, file });
  const visit = (r: CsvRecord): void => {
    if (out.length < SAMPLE_RECORDS) out.push({ line: r.line, fields: r.fields() });
  };
  // Only whole records: stop at the last line break so a cut record is not mistaken for data.
  const cut = complete ? sample.length : sample.lastIndexOf(eol) + 1;
  scanner.push(sample.subarray(0, cut), visit);
  if (complete) scanner.end(visit);
  return out;
}

/** Line and column of every field of record `index` of the sample. */
function recordPlaces(sample: Buffer, delimiter: number, eol: typeof LF | typeof CR, file: string, complete: boolean, index: number): Array<{ line: number; column: number }> {
  const places: Array<{ line: number; column: number }> = [];
  const scanner = new CsvScanner({ delimiter, eol, file });
  let i = 0;
  const visit = (r: CsvRecord): void => {
    if (i++ !== index) return;
    for (let f = 0; f < r.length; f++) places.push({ line: r.lineOf(f), column: r.columnOf(f) });
  };
  const cut = complete ? sample.length : sample.lastIndexOf(eol) + 1;
  scanner.push(sample.subarray(0, cut), visit);
  if (complete) scanner.end(visit);
  return places;
}

/** Occurrences of `byte` in the first `upTo` bytes of `buf`. */
function countByte(buf: Buffer, byte: number, upTo: number): number {
  let n = 0;
  let p = buf.indexOf(byte);
  while (p >= 0 && p < upTo) {
    n++;
    p = buf.indexOf(byte, p + 1);
  }
  return n;
}

/** Is there a character that is not whitespace (as `String.trim` sees it)? Decodes only what it must. */
function hasNonSpace(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80) return true;
    // A BOM or another Unicode space may come first: decode a little, all only if it is all spaces.
    const head = buf.toString('utf8', i, Math.min(buf.length, i + 256)).trimStart();
    if (head !== '' && head[0] !== '\uFFFD') return true;
    return buf.toString('utf8', i).trim() !== '';
  }
  return false;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

function chooseDelimiter(sample: Buffer, eol: typeof LF | typeof CR, file: string, complete: boolean): number {
  let best = CANDIDATES[0]!;
  let bestScore = -1;
  for (const d of CANDIDATES) {
    let records: SampleRecord[];
    try {
      records = sampleRecords(sample, d, eol, file, complete).filter((r) => !isBlank(r.fields));
    } catch {
      continue;
    }
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    let modal = 0;
    let freq = 0;
    for (const [n, f] of counts) if (f > freq || (f === freq && n > modal)) [modal, freq] = [n, f];
    if (modal < 2) continue;
    // A header that splits like the rows is the strongest sign of the right delimiter.
    const consistent = records[0]!.fields.length === modal;
    const score = freq * modal * (consistent ? 10 : 1);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function detectDecimalComma(records: readonly SampleRecord[], from: number): boolean {
  let comma = 0;
  let point = 0;
  for (const r of records.slice(from)) {
    for (const f of r.fields) {
      const t = f.trim();
      if (/^[+-]?\d+,\d+$/.test(t)) comma++;
      else if (/^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/.test(t)) point++;
    }
  }
  return comma > 0 && point === 0;
}

/**
 * The line ending is the first line break outside quotes: a quoted name may hold an LF in an
 * old-Mac (CR) file, or a CR in an LF file. Quotes are toggled whatever the delimiter is, as a
 * doubled quote toggles twice.
 */
function detectLineEnding(sample: Buffer): { eol: typeof LF | typeof CR; lineEnding: 'LF' | 'CRLF' | 'CR' } {
  let quoted = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === LF) return { eol: LF, lineEnding: 'LF' };
    else if (!quoted && c === CR) {
      if (i + 1 < sample.length && sample[i + 1] === LF) return { eol: LF, lineEnding: 'CRLF' };
      // A CR as the sample's last byte: its LF may follow in the next chunk.
      if (i + 1 < sample.length) return { eol: CR, lineEnding: 'CR' };
      return { eol: LF, lineEnding: 'LF' };
    }
  }
  // One line, or quotes never closed: fall back on the first break anywhere.
  const lf = sample.indexOf(LF);
  if (lf < 0 && sample.indexOf(CR) >= 0) return { eol: CR, lineEnding: 'CR' };
  return { eol: LF, lineEnding: lf > 0 && sample[lf - 1] === CR ? 'CRLF' : 'LF' };
}

/**
 * Works out how to read a file from its first bytes: line ending, delimiter (`,` `;` tab, or a
 * `sep=` first line), where the header is (after WDI preambles and title lines), which layout
 * it has, and whether numbers use a decimal comma.
 */
export function sniff(
  sample: Buffer,
  complete: boolean,
  file: string,
  layouts: readonly Layout[],
  opts: { delimiter?: string; inputFormat?: InputFormat; decimalComma?: boolean },
): Sniffed {
  // Blank: only whitespace (looked at byte by byte, not by decoding the whole 4 MiB sample).
  if (!hasNonSpace(sample)) {
    throw inputError('empty-file', 'the file is empty', { file, line: 1 }, 'pass a CSV file with a header and data rows');
  }
  const { eol, lineEnding } = detectLineEnding(sample);

  let delimiter: number | undefined = opts.delimiter !== undefined ? parseDelimiter(opts.delimiter) : undefined;
  const firstLine = sample.subarray(0, Math.max(0, sample.indexOf(eol))).toString('utf8').replace(/\r$/, '');
  // Excel's `sep=` line names an ASCII delimiter other than the quote; anything else is not that line.
  const sep = /^sep=([\x00-\x21\x23-\x7f])$/i.exec(firstLine);
  if (sep && delimiter === undefined) delimiter = sep[1]!.charCodeAt(0);
  // The first 60 records are all detection looks at: scan a head that holds them (64 KiB,
  // more for very long lines), not the whole sample three times over.
  let headBytes = 65536;
  while (headBytes < sample.length && countByte(sample, eol, headBytes) < SAMPLE_RECORDS) headBytes *= 4;
  const whole = headBytes >= sample.length;
  const head = whole ? sample : sample.subarray(0, headBytes);
  const headComplete = whole && complete;
  delimiter ??= chooseDelimiter(head, eol, file, headComplete);

  const records = sampleRecords(head, delimiter, eol, file, headComplete);
  const candidates = opts.inputFormat ? layouts.filter((l) => l.format === opts.inputFormat) : layouts;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (isBlank(r.fields) || (i === 0 && sep)) continue;
    const header = r.fields.map((f) => f.trim());
    const layout = candidates.find((l) => (opts.inputFormat && l.matchesForced ? l.matchesForced(header) : l.matches(header)));
    if (layout) {
      const decimalComma = opts.decimalComma ?? (delimiter !== 0x2c && detectDecimalComma(records, i + 1));
      // The header is among the records of the head: place its fields there, not in the whole sample.
      const headerPlaces = recordPlaces(head, delimiter, eol, file, headComplete, i);
      const above = records.slice(0, i).map((a) => a.fields.map((f) => f.trim()));
      return { delimiter, eol, lineEnding, decimalComma, layout, header, headerIndex: i, headerLine: r.line, headerPlaces, above };
    }
  }
  const first = records.find((r) => !isBlank(r.fields) && !/^sep=/i.test(r.fields[0] ?? ''));
  // DataBank writes its footer even when the selection is empty: say so rather than "no header".
  const footer = /^\s*(data from database|last updated)\s*:/i;
  if (first && complete && records.every((r) => isBlank(r.fields) || footer.test(r.fields[0] ?? ''))) {
    throw inputError(
      'no-data',
      `the file holds only DataBank footer lines ('${first.fields[0]!.trim()}'): the export is empty`,
      { file, line: first.line, column: 1 },
      'export again from DataBank with at least one series, country and year selected',
    );
  }
  const shown = first ? first.fields.slice(0, 6).join(String.fromCharCode(delimiter)) : '';
  throw inputError(
    'unknown-layout',
    opts.inputFormat
      ? `no header of the '${opts.inputFormat}' layout found in the first ${records.length} rows (first row: '${shown}')`
      : `cannot tell the layout from the header '${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}'`,
    { file, line: first?.line ?? 1, column: 1 },
    'name the columns as in the README (code, year, indicator, value…), or pass --input-format',
  );
}
