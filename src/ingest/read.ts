import { BilateralTable } from '../bilateral.js';
import { CsvScanner, type CsvRecord } from '../csv/scanner.js';
import { openSource } from '../csv/source.js';
import { EntityMeta } from '../entities/meta.js';
import { Panel } from '../panel.js';
import { PriceTable } from '../prices.js';
import { inputError } from '../errors.js';
import { foldHeader } from './cells.js';
import { sniff, type Sniffed } from './detect.js';
import { LAYOUTS } from './layouts/index.js';
import type { LayoutContext, LayoutReader, ReadOptions, SourceInfo } from './types.js';

/** Everything read from a set of input files. */
export interface Dataset {
  panel: Panel;
  bilateral: BilateralTable;
  prices: PriceTable;
  /** Metadata found among the inputs (Metadata_Country files); empty when there was none. */
  meta: EntityMeta;
  sources: SourceInfo[];
}

export function emptyDataset(): Dataset {
  return { panel: new Panel(), bilateral: new BilateralTable(), prices: new PriceTable(), meta: new EntityMeta(true), sources: [] };
}

const SNIFF_BYTES = 256 * 1024;

/** Layouts whose columns are found by name, where a repeated name would be read ambiguously. */
const NAMED_COLUMNS = new Set(['wdi', 'databank', 'long', 'wide']);

/**
 * Two header cells with the same name (case, spaces and `._-` aside) are an error: a reader
 * would take the first and silently ignore the other (csv-parse's `columns: true` trap).
 */
function checkDuplicateHeader(sn: Sniffed, file: string): void {
  if (!NAMED_COLUMNS.has(sn.layout.format)) return;
  const seen = new Map<string, number>();
  sn.header.forEach((h, i) => {
    const key = foldHeader(h);
    if (key === '') return;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const place = sn.headerPlaces[i];
    throw inputError(
      'duplicate-header',
      `the column '${h}' appears twice (fields ${first + 1} and ${i + 1} of the header)`,
      { file, line: place?.line ?? sn.headerLine, ...(place ? { column: place.column } : {}), field: h },
      'rename or remove one of them',
    );
  });
}

/**
 * Reads one file into the dataset, streaming: chunks go through the record scanner and each
 * record to the layout's row reader, which drops unwanted rows before splitting them.
 */
export async function readInto(path: string, data: Dataset, opts: ReadOptions = {}): Promise<SourceInfo> {
  const source = await openSource(path, opts.encoding);
  const file = source.name;
  const iterator = source.chunks;
  const head: Buffer[] = [];
  let headBytes = 0;
  let complete = false;
  while (headBytes < SNIFF_BYTES) {
    const r = await iterator.next();
    if (r.done) {
      complete = true;
      break;
    }
    head.push(r.value);
    headBytes += r.value.length;
  }
  const sample = head.length === 1 ? head[0]! : Buffer.concat(head);
  const sn = sniff(sample, complete, file, LAYOUTS, {
    ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
    ...(opts.inputFormat !== undefined ? { inputFormat: opts.inputFormat } : {}),
    ...(opts.decimalComma !== undefined ? { decimalComma: opts.decimalComma } : {}),
  });

  checkDuplicateHeader(sn, file);

  const info: SourceInfo = {
    file,
    format: sn.layout.format,
    encoding: source.encoding,
    bom: source.hadBom,
    delimiter: String.fromCharCode(sn.delimiter),
    decimalComma: sn.decimalComma,
    lineEnding: sn.lineEnding,
    preambleLines: sn.headerLine - 1,
    headerLine: sn.headerLine,
    rows: 0,
    rowsFiltered: 0,
    blankRows: 0,
    footerLines: 0,
    values: 0,
    notes: [],
  };
  const ctx: LayoutContext = {
    file,
    fileId: data.panel.addFile(file),
    panel: data.panel,
    bilateral: data.bilateral,
    prices: data.prices,
    meta: data.meta,
    filter: opts.filter ?? {},
    decimalComma: sn.decimalComma,
    missing: opts.missing ? new Set(opts.missing.map((m) => m.trim().toLowerCase())) : undefined,
    matrixRows: opts.matrixRows,
    info,
  };

  let index = 0;
  let reader: LayoutReader | undefined;
  const visit = (rec: CsvRecord): void => {
    if (reader) {
      if (rec.isBlank()) {
        info.blankRows++;
        return;
      }
      info.rows++;
      reader.row(rec);
      return;
    }
    if (index === sn.headerIndex) reader = sn.layout.open(sn.header, ctx);
    index++;
  };

  const scanner = new CsvScanner({ delimiter: sn.delimiter, eol: sn.eol, file });
  let done = 0;
  for (const chunk of head) {
    scanner.push(chunk, visit);
    done += chunk.length;
  }
  opts.onProgress?.(file, done, source.size);
  for (;;) {
    const r = await iterator.next();
    if (r.done) break;
    scanner.push(r.value, visit);
    done += r.value.length;
    opts.onProgress?.(file, done, source.size);
  }
  scanner.end(visit);
  reader?.finish?.();
  data.sources.push(info);
  return info;
}

/** Reads several files into one dataset; the same key twice with different values is an error. */
export async function readFiles(paths: readonly string[], opts: ReadOptions = {}): Promise<Dataset> {
  const data = emptyDataset();
  for (const p of paths) await readInto(p, data, opts);
  return data;
}
