import { parse } from 'csv-parse/sync';

/**
 * Rows of CSV text, read by the tests' reference parser (csv-parse): a BOM and empty lines
 * skipped, rows of any width.
 */
export function csvRows(text: string, delimiter = ','): string[][] {
  return parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/** Records keyed by the header row, values as text. */
export function csvRecords(text: string, delimiter = ','): Array<Record<string, string>> {
  const [header, ...body] = csvRows(text, delimiter);
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
