import { BilateralTable } from '../bilateral.js';
import type { RecordView } from '../csv/scanner.js';
import { EntityMeta } from '../entities/meta.js';
import { Panel } from '../panel.js';
import { PriceTable } from '../prices.js';
import type { LayoutContext, LayoutReader, ProblemHook, RowFilter, SourceInfo } from './types.js';

/** Everything read from a set of input files. */
export interface Dataset {
  panel: Panel;
  bilateral: BilateralTable;
  prices: PriceTable;
  /** Metadata found among the inputs (Metadata_Country files); empty when there was none. */
  meta: EntityMeta;
  sources: SourceInfo[];
}

/** `bilateralPerFile`: see BilateralTable. */
export function emptyDataset(opts: { bilateralPerFile?: boolean } = {}): Dataset {
  return { panel: new Panel(), bilateral: new BilateralTable({ perFile: opts.bilateralPerFile === true }), prices: new PriceTable(), meta: new EntityMeta(true), sources: [] };
}

/** Row and cell problems: thrown (reading stops) unless a hook (`check`) takes them. */
export function problemReporter(hook: ProblemHook | undefined): LayoutContext['problem'] {
  if (!hook) {
    return (problem) => {
      throw problem;
    };
  }
  return (problem, key) => hook(problem, key ?? {});
}

export interface ContextOptions {
  filter?: RowFilter | undefined;
  /** Extra missing-value markers (`--na`), as given. */
  missing?: readonly string[] | undefined;
  matrixRows?: 'origin' | 'destination' | undefined;
  decimalComma: boolean;
  problem: LayoutContext['problem'];
  headerPlaces?: ReadonlyArray<{ line: number; column: number }>;
}

/**
 * What a layout reader writes into, for one file: the CSV reader, the workbook reader and the
 * second thread of a split read all build it here.
 */
export function layoutContext(data: Dataset, file: string, info: SourceInfo, opts: ContextOptions): LayoutContext {
  return {
    file,
    fileId: data.panel.addFile(file),
    panel: data.panel,
    bilateral: data.bilateral,
    prices: data.prices,
    meta: data.meta,
    filter: opts.filter ?? {},
    decimalComma: opts.decimalComma,
    missing: opts.missing ? new Set(opts.missing.map((m) => m.trim().toLowerCase())) : undefined,
    matrixRows: opts.matrixRows,
    info,
    problem: opts.problem,
    ...(opts.headerPlaces ? { headerPlaces: opts.headerPlaces } : {}),
  };
}

/** Feeds data records to a layout reader, counting rows and skipping blank ones. */
export function feedRow(reader: LayoutReader, info: SourceInfo, rec: RecordView): void {
  if (rec.isBlank()) {
    info.blankRows++;
    return;
  }
  info.rows++;
  reader.row(rec);
}
