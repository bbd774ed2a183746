import { promises as fsp } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CsvScanner, type CsvRecord } from '../csv/scanner.js';
import { CountingPanel } from '../counting-panel.js';
import { MigdevError } from '../errors.js';
import { LAYOUTS } from './layouts/index.js';
import type { SplitResult, SplitTask } from './parallel.js';
import { emptyDataset, feedRow, layoutContext, problemReporter } from './context.js';
import { type SourceInfo, filterFromSpec } from './types.js';

const CHUNK = 4 * 1024 * 1024;

/**
 * The second thread of a split read: from the first line feed at or after `splitAt`, runs the
 * same layout reader as the main thread over the rest of the file into a panel of its own.
 * Line numbers count from 1 at its first record; the main thread shifts them.
 */
async function run(task: SplitTask): Promise<SplitResult> {
  const handle = await fsp.open(task.path, 'r');
  let boundary = -1;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = task.splitAt;
    // Find the first line feed: the worker assumes it ends a record; the main thread checks.
    let first: Buffer | undefined;
    while (boundary < 0) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) return { boundary: -1 };
      const lf = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (lf >= 0) {
        boundary = pos + lf;
        first = Buffer.from(buf.subarray(lf + 1, bytesRead));
      }
      pos += bytesRead;
    }
    const layout = LAYOUTS.find((l) => l.format === task.format);
    if (!layout) return { boundary, crashed: `no layout ${task.format}` };
    const data = emptyDataset();
    const counting = task.counting ? new CountingPanel() : undefined;
    if (counting) data.panel = counting;
    const info = { rows: 0, rowsFiltered: 0, blankRows: 0, footerLines: 0, values: 0, notes: [] as string[] } as unknown as SourceInfo;
    // Splitting is only done without a problem hook: a problem ends the read, as in one thread.
    const ctx = layoutContext(data, task.file, info, {
      filter: filterFromSpec(task.spec),
      missing: task.missing,
      decimalComma: task.decimalComma,
      problem: problemReporter(undefined),
    });
    const reader = layout.open(task.header, ctx);
    const visit = (rec: CsvRecord): void => feedRow(reader, info, rec);
    const scanner = new CsvScanner({ delimiter: task.delimiter, file: task.file });
    try {
      if (first && first.length > 0) scanner.push(first, visit);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, CHUNK, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        scanner.push(buf.subarray(0, bytesRead), visit);
        parentPort?.postMessage({ progress: bytesRead });
      }
      scanner.end(visit);
      reader.finish?.();
    } catch (e) {
      if (e instanceof MigdevError) return { boundary, error: { code: e.code, message: e.message, hint: e.hint, where: e.where } };
      throw e;
    }
    const counts = { rows: info.rows, rowsFiltered: info.rowsFiltered, blankRows: info.blankRows, footerLines: info.footerLines, values: info.values };
    if (counting) return { boundary, panelCounts: counting.toCounts(), counts };
    return { boundary, panel: data.panel.toTransfer(), counts };
  } finally {
    await handle.close();
  }
}

run(workerData as SplitTask).then(
  (done) => {
    // Series share slab buffers: list each buffer once.
    const transfer = done.panel
      ? [...new Set(done.panel.series.flatMap((s) => [s.values.buffer, s.lines.buffer]))]
      : done.panelCounts
        ? [done.panelCounts.base.buffer, done.panelCounts.bits.buffer]
        : [];
    parentPort?.postMessage({ done }, transfer as ArrayBuffer[]);
  },
  (e: unknown) => parentPort?.postMessage({ done: { boundary: -1, crashed: String((e as Error)?.stack ?? e) } }),
);
