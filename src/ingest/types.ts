import type { BilateralTable } from '../bilateral.js';
import type { RecordView } from '../csv/scanner.js';
import type { Encoding } from '../csv/source.js';
import type { EntityMeta } from '../entities/meta.js';
import type { MigdevError } from '../errors.js';
import type { Panel } from '../panel.js';
import type { PriceTable } from '../prices.js';

export const INPUT_FORMATS = ['wdi', 'databank', 'undesa', 'long', 'wide', 'bilateral', 'prices', 'meta'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** Which rows to keep. Filters run as rows are read, before anything is stored. */
export interface RowFilter {
  /** Keep an indicator (its code as the file spells it)? Undefined keeps all. */
  indicator?: (code: string) => boolean;
  /** Keep an entity (upper-cased code)? Undefined keeps all. */
  entity?: (code: string) => boolean;
  yearMin?: number;
  yearMax?: number;
}

/**
 * A row filter as data, so it can be sent to a worker thread: upper-cased indicator and entity
 * codes to keep (undefined: all) and a year range.
 */
export interface FilterSpec {
  indicators?: ReadonlySet<string>;
  entities?: ReadonlySet<string>;
  yearMin?: number;
  yearMax?: number;
}

export function filterFromSpec(spec: FilterSpec): RowFilter {
  const f: RowFilter = {};
  const { indicators, entities } = spec;
  if (indicators) f.indicator = (code) => indicators.has(code.toUpperCase());
  if (entities) f.entity = (code) => entities.has(code.toUpperCase());
  if (spec.yearMin !== undefined) f.yearMin = spec.yearMin;
  if (spec.yearMax !== undefined) f.yearMax = spec.yearMax;
  return f;
}

/** What a reader knew of the value a problem sits at (`check` findings name it). */
export interface ProblemKey {
  entity?: string;
  indicator?: string;
  year?: number;
}

/**
 * Takes a problem of one cell or row that the reader can step over: a cell that is not a number,
 * a bad year, an empty key, a ragged row. The reader then skips the cell (or the row) and goes on.
 */
export type ProblemHook = (problem: MigdevError, key: ProblemKey) => void;

export interface ReadOptions {
  inputFormat?: InputFormat;
  encoding?: Encoding;
  /** undefined: detect. */
  decimalComma?: boolean;
  delimiter?: string;
  matrixRows?: 'origin' | 'destination';
  /** Extra missing-value markers (`--na`), besides the SPEC's. */
  missing?: readonly string[];
  filter?: RowFilter;
  /**
   * The same filter as data. Given (or with no filter at all), large files may be read by two
   * threads, each running the layout on half of the file.
   */
  spec?: FilterSpec;
  /**
   * Where row and cell problems go. Without it they are thrown and reading stops at the first
   * (every command but `check`). Problems of the file as a whole (encoding, layout, CSV quoting)
   * are always thrown.
   */
  onProblem?: ProblemHook;
  /** The sheet of an .xlsx workbook to read: a name or a 1-based number (default: the first holding a table). */
  sheet?: string;
  /** Workbooks: survey every sheet (size, detected layout) for `inspect`. */
  listSheets?: boolean;
  /** Called with bytes read so far and the total when known (progress bar). */
  onProgress?: (file: string, done: number, total: number | undefined) => void;
}

/** What one file was found to hold: the facts `inspect` prints. */
export interface SourceInfo {
  file: string;
  format: InputFormat;
  encoding: Encoding;
  bom: boolean;
  delimiter: string;
  decimalComma: boolean;
  lineEnding: 'LF' | 'CRLF' | 'CR';
  /** Lines before the header (WDI preamble, `sep=` line, titles). */
  preambleLines: number;
  headerLine: number;
  /** Data records after the header (blank rows and footers excluded). */
  rows: number;
  /** Records dropped by the filters (indicator, entity, year). */
  rowsFiltered: number;
  blankRows: number;
  footerLines: number;
  /** Values stored from this file. */
  values: number;
  notes: string[];
  /** Workbooks: the sheet read. */
  sheet?: string;
  /** Workbooks read by `inspect`: every sheet, its size and detected layout. */
  sheets?: Array<{ name: string; rows: number; columns: number; layout: InputFormat | null; headerRow: number | null }>;
}

/** Everything a layout handler may write into. */
export interface LayoutContext {
  file: string;
  fileId: number;
  panel: Panel;
  bilateral: BilateralTable;
  prices: PriceTable;
  /** Entity metadata read from `meta` files (Metadata_Country_*.csv, --meta). */
  meta: EntityMeta;
  filter: RowFilter;
  decimalComma: boolean;
  /** Extra missing-value markers, lower-cased. */
  missing: ReadonlySet<string> | undefined;
  matrixRows: 'origin' | 'destination' | undefined;
  info: SourceInfo;
  /** Line and column of each header field (character columns in CSV, cell columns in sheets), for errors about the header. */
  headerPlaces?: ReadonlyArray<{ line: number; column: number }>;
  /**
   * Reports a problem of one cell or row: throws it, unless `ReadOptions.onProblem` takes it,
   * in which case it returns and the caller skips the cell or row.
   */
  problem(problem: MigdevError, key?: ProblemKey): void;
}

/** Reads the records of one file after its header; built from the header by a layout factory. */
export interface LayoutReader {
  /** Called for every record after the header; blank records are filtered out before. */
  row(record: RecordView): void;
  /** Called once after the last record. */
  finish?(): void;
}

export interface Layout {
  format: InputFormat;
  /** Does this header (already trimmed fields) look like this layout? Used by detection. */
  matches(header: readonly string[]): boolean;
  /** A looser test used when the user forces this layout with --input-format (default: `matches`). */
  matchesForced?(header: readonly string[]): boolean;
  /**
   * Builds the row reader for a file whose header is `header`; `above` holds the rows above the
   * header (titles, band rows), trimmed, for layouts whose header spans two rows. Throws a
   * MigdevError if it cannot.
   */
  open(header: readonly string[], ctx: LayoutContext, above?: readonly (readonly string[])[]): LayoutReader;
}
