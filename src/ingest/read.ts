import { CountingPanel } from '../counting-panel.js';
import { CsvScanner, type CsvRecord } from '../csv/scanner.js';
import { openSource, type ByteSource } from '../csv/source.js';
import { inputError } from '../errors.js';
import { foldHeader } from './cells.js';
import { sniff, type Sniffed } from './detect.js';
import { LAYOUTS } from './layouts/index.js';
import { sheetFile, sheetReference, startsWithZip } from '../xlsx/sniff.js';
import { emptyDataset, feedRow, layoutContext, problemReporter, type Dataset } from './context.js';
import { canSplit, shiftedError, startSplit, type SplitJob } from './parallel.js';
import type { LayoutReader, ReadOptions, SourceInfo } from './types.js';

export { emptyDataset, type Dataset } from './context.js';

const SNIFF_BYTES = 256 * 1024;

/** Layouts whose columns are found by name, where a repeated name would be read ambiguously. */
const NAMED_COLUMNS = new Set(['wdi', 'databank', 'long', 'wide']);

/**
 * Two header cells with the same name (case, spaces and `._-` aside) are an error: a reader
 * would take the first and silently ignore the other (csv-parse's `columns: true` trap).
 */
function checkDuplicateHeader(sn: Pick<Sniffed, 'layout' | 'header' | 'headerPlaces' | 'headerLine'>, file: string): void {
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
 * record to the layout's row reader, which drops unwanted rows before splitting them. A read that
 * fails closes its file at once (`check` goes on with the next file; a handle left to the garbage
 * collector makes Node print a warning).
 */
export async function readInto(path: string, data: Dataset, opts: ReadOptions = {}): Promise<SourceInfo> {
  if (await startsWithZip(path)) return readWorkbookInto(path, data, opts);
  const ref = await sheetReference(path);
  if (ref) return readWorkbookInto(ref.workbook, data, { ...opts, sheet: ref.sheet });
  const source = await openSource(path, opts.encoding);
  try {
    return await readSource(path, source, data, opts);
  } catch (e) {
    await source.close();
    throw e;
  }
}

async function readSource(path: string, source: ByteSource, data: Dataset, opts: ReadOptions): Promise<SourceInfo> {
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
    // Copy: sources reuse their chunk buffer, and these chunks are kept until sniffing is done.
    head.push(Buffer.from(r.value));
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
  const ctx = layoutContext(data, file, info, {
    filter: opts.filter,
    missing: opts.missing,
    matrixRows: opts.matrixRows,
    decimalComma: sn.decimalComma,
    problem: problemReporter(opts.onProblem),
    headerPlaces: sn.headerPlaces,
  });

  let index = 0;
  let reader: LayoutReader | undefined;
  const visit = (rec: CsvRecord): void => {
    if (reader) {
      feedRow(reader, info, rec);
      return;
    }
    if (index === sn.headerIndex) reader = sn.layout.open(sn.header, ctx, sn.above);
    index++;
  };

  // A large UTF-8 file is cut in two: a worker thread reads the second half while this one
  // reads the first, each with the same layout reader (see parallel.ts for the check that the
  // cut fell between records).
  const bomBytes = source.hadBom && source.encoding === 'utf-8' ? 3 : 0;
  // The worker gets the filter as data; a problem hook (check) cannot cross threads.
  const filterIsData = (opts.filter === undefined || opts.spec !== undefined) && opts.onProblem === undefined;
  let split: SplitJob | undefined;
  let splitAt = 0;
  let workerBytes = 0;
  let done = 0;
  if (filterIsData && path !== '-' && canSplit(source.size, sn.layout.format, source.encoding === 'utf-8', sn.eol === 0x0a)) {
    // The worker starts later (a thread and its modules to load): give it a little less.
    splitAt = Math.floor(source.size! * 0.53);
    split = startSplit(
      {
        path,
        file,
        splitAt,
        delimiter: sn.delimiter,
        header: sn.header,
        format: sn.layout.format,
        spec: opts.spec ?? {},
        decimalComma: sn.decimalComma,
        missing: opts.missing ? [...opts.missing] : undefined,
        counting: data.panel instanceof CountingPanel,
      },
      (bytes) => {
        workerBytes += bytes;
        opts.onProgress?.(file, done + workerBytes, source.size);
      },
    );
  }
  const scanner = new CsvScanner({ delimiter: sn.delimiter, eol: sn.eol, file, ...(split ? { limit: splitAt - bomBytes } : {}) });
  try {
    for (const chunk of head) {
      if (scanner.stopped) break;
      scanner.push(chunk, visit);
      done += chunk.length;
    }
    opts.onProgress?.(file, done, source.size);
    let finished = false;
    while (!finished) {
      while (!scanner.stopped) {
        const r = await iterator.next();
        if (r.done) break;
        scanner.push(r.value, visit);
        done += r.value.length;
        opts.onProgress?.(file, done + workerBytes, source.size);
      }
      if (split && scanner.stopped) {
        const res = await split.result;
        if (res.boundary >= 0 && res.boundary === scanner.stoppedAt + bomBytes && !res.crashed) {
          const lineOffset = scanner.nextLine - 1;
          if (res.error) throw shiftedError(res.error, lineOffset);
          if (res.panel) data.panel.absorb(res.panel, ctx.fileId, lineOffset);
          if (res.panelCounts && data.panel instanceof CountingPanel) data.panel.absorbCounts(res.panelCounts);
          if (res.counts) {
            info.rows += res.counts.rows;
            info.rowsFiltered += res.counts.rowsFiltered;
            info.blankRows += res.counts.blankRows;
            info.footerLines += res.counts.footerLines;
            info.values += res.counts.values;
          }
          info.notes.push('read by two threads, cut at a record boundary');
          await iterator.return(undefined);
          finished = true;
          continue;
        }
        // The cut fell inside a quoted field (or the worker failed): read on alone.
        info.notes.push(res.crashed ? 'the second thread failed: read by one thread' : 'the cut for two threads fell inside a quoted field: read by one thread');
        split.terminate();
        split = undefined;
        workerBytes = 0;
        scanner.resume(visit);
        continue;
      }
      scanner.end(visit);
      finished = true;
    }
    reader?.finish?.();
  } finally {
    split?.terminate();
  }
  data.sources.push(info);
  return info;
}

/**
 * Reads one sheet of an .xlsx workbook (ZIP magic): the sheet's first rows go through the same
 * header detection as CSV, then every row through the same layout reader. Errors about a place
 * name the sheet and cell: `file.xlsx[Table 1]!B7`.
 */
async function readWorkbookInto(path: string, data: Dataset, opts: ReadOptions): Promise<SourceInfo> {
  // Loaded for workbooks only: a CSV read needs none of it (nor fflate).
  const { chooseTable, openWorkbook, placeInSheet, readSheetRows, summariseSheets } = await import('../xlsx/read.js');
  const wb = await openWorkbook(path);
  const file = wb.file;
  const table = chooseTable(wb, opts);
  const sheet = table.sheet.name;
  const decimalComma = opts.decimalComma ?? false;
  const info: SourceInfo = {
    file,
    format: table.layout.format,
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    decimalComma,
    lineEnding: 'LF',
    preambleLines: table.headerRow - 1,
    headerLine: table.headerRow,
    rows: 0,
    rowsFiltered: 0,
    blankRows: 0,
    footerLines: 0,
    values: 0,
    notes: [`workbook sheet '${sheet}' (${wb.sheets.length} sheet${wb.sheets.length === 1 ? '' : 's'}: ${wb.sheets.map((s) => s.name).join(', ')})`],
    sheet,
  };
  if (opts.listSheets) info.sheets = summariseSheets(wb, opts).map((s) => ({ ...s, layout: s.layout as SourceInfo['format'] | null }));
  const hook = opts.onProblem;
  const headerPlaces = table.header.map((_, i) => ({ line: table.headerRow, column: i + 1 }));
  const ctx = layoutContext(data, sheetFile(file, sheet), info, {
    filter: opts.filter,
    missing: opts.missing,
    matrixRows: opts.matrixRows,
    decimalComma,
    problem: problemReporter(hook ? (problem, key) => hook(placeInSheet(problem, file, sheet) as typeof problem, key) : undefined),
    headerPlaces,
  });
  let reader: LayoutReader;
  try {
    checkDuplicateHeader({ layout: table.layout, header: table.header, headerPlaces, headerLine: table.headerRow }, file);
    reader = table.layout.open(table.header, ctx, table.above);
  } catch (e) {
    throw placeInSheet(e, file, sheet);
  }
  readSheetRows(wb, table, reader, info, decimalComma);
  opts.onProgress?.(file, 1, 1);
  data.sources.push(info);
  return info;
}

/** Reads several files into one dataset; the same key twice with different values is an error. */
export async function readFiles(paths: readonly string[], opts: ReadOptions = {}): Promise<Dataset> {
  const data = emptyDataset();
  for (const p of paths) await readInto(p, data, opts);
  return data;
}
