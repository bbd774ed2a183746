import { CsvScanner, type CsvRecord } from '../../src/csv/scanner.js';
import { MigdevError } from '../../src/errors.js';

/** What a scan produced: every record's fields and start line, or the error it stopped with. */
export interface Scan {
  records: string[][];
  lines: number[];
  /** Line and column of every field, as error messages would give them. */
  places: Array<Array<{ line: number; column: number }>>;
  error?: { code: string; line: number | undefined; column: number | undefined };
}

/**
 * Feeds `bytes` to a scanner in chunks of the given sizes (cycled), as a file read would;
 * `onRecord` runs after each record is taken (a visitor's own work).
 */
export function scan(bytes: Buffer, delimiter: string, sizes: readonly number[], eol: 0x0a | 0x0d = 0x0a, onRecord?: () => void): Scan {
  const out: Scan = { records: [], lines: [], places: [] };
  const scanner = new CsvScanner({ delimiter: delimiter.charCodeAt(0), file: 't.csv', eol });
  const visit = (r: CsvRecord): void => {
    const fields = r.fields();
    out.records.push(fields);
    out.lines.push(r.line);
    out.places.push(fields.map((_, i) => ({ line: r.lineOf(i), column: r.columnOf(i) })));
    onRecord?.();
  };
  try {
    let at = 0;
    let k = 0;
    while (at < bytes.length) {
      const size = Math.max(1, sizes[k++ % sizes.length]!);
      // A fresh Buffer per chunk, as a stream gives: the scanner must not rely on one backing store.
      scanner.push(Buffer.from(bytes.subarray(at, at + size)), visit);
      at += size;
    }
    scanner.end(visit);
  } catch (e) {
    if (!(e instanceof MigdevError)) throw e;
    out.error = { code: e.code, line: e.where.line, column: e.where.column };
  }
  return out;
}
