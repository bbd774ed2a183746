import { BilateralTable } from '../bilateral.js';
import { CsvScanner, type CsvRecord } from '../csv/scanner.js';
import { openSource, type ByteSource } from '../csv/source.js';
import { EntityMeta } from '../entities/meta.js';
import { Panel } from '../panel.js';
import { PriceTable } from '../prices.js';
import { sniff } from './detect.js';
import { LAYOUTS } from './layouts/index.js';
import type { LayoutContext, LayoutReader, ProblemHook, ReadOptions, SourceInfo } from './types.js';

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

function problemReporter(hook: ProblemHook | undefined): LayoutContext['problem'] {
  if (!hook) {
    return (problem) => {
      throw problem;
    };
  }
  return (problem, key) => hook(problem, key ?? {});
}

/**
 * Reads one file into the dataset, streaming: chunks go through the record scanner and each
 * record to the layout's row reader, which drops unwanted rows before splitting them. A read that
 * fails closes its file at once (`check` goes on with the next file; a handle left to the garbage
 * collector makes Node print a warning).
 */
export async function readInto(path: string, data: Dataset, opts: ReadOptions = {}): Promise<SourceInfo> {
  const source = await openSource(path, opts.encoding);
  try {
    return await readSource(source, data, opts);
  } catch (e) {
    await source.close();
    throw e;
  }
}

async function readSource(source: ByteSource, data: Dataset, opts: ReadOptions): Promise<SourceInfo> {
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
    problem: problemReporter(opts.onProblem),
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
