import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { MigdevError } from '../errors.js';
import type { CountsTransfer } from '../counting-panel.js';
import type { PanelTransfer } from '../panel.js';
import type { FilterSpec, InputFormat } from './types.js';

/** What the second thread is told: where to start and how to read rows. */
export interface SplitTask {
  path: string;
  file: string;
  /** Byte offset in the file where the worker looks for its first record boundary. */
  splitAt: number;
  delimiter: number;
  header: string[];
  format: InputFormat;
  spec: FilterSpec;
  decimalComma: boolean;
  missing: string[] | undefined;
  /** Count values rather than store them (`inspect`): the worker sends `panelCounts`. */
  counting: boolean;
}

export interface SplitCounts {
  rows: number;
  rowsFiltered: number;
  blankRows: number;
  footerLines: number;
  values: number;
}

/** What the second thread sends back. */
export interface SplitResult {
  /** File offset of the line feed the worker took as the end of the record before its first; -1: none. */
  boundary: number;
  panel?: PanelTransfer;
  panelCounts?: CountsTransfer;
  counts?: SplitCounts;
  error?: { code: string; message: string; hint: string | undefined; where: { file?: string; line?: number; column?: number; field?: string } };
  /** A failure of the worker itself (not of the data): fall back to one thread. */
  crashed?: string;
}

/** Layouts whose rows stand alone, so a file can be cut at any record boundary. */
const SPLITTABLE: ReadonlySet<InputFormat> = new Set(['wdi', 'databank', 'long', 'wide']);

/** Files below this size are read by one thread: a worker costs ~50 ms to start. */
export function splitThreshold(): number {
  const env = Number(process.env.MIGDEV_PARALLEL_MIN_BYTES);
  return Number.isFinite(env) && env > 0 ? env : 48 * 1024 * 1024;
}

export function canSplit(size: number | undefined, format: InputFormat, utf8: boolean, lf: boolean): boolean {
  if (size === undefined || size < splitThreshold()) return false;
  if (!SPLITTABLE.has(format) || !utf8 || !lf) return false;
  if (process.env.MIGDEV_THREADS === '1') return false;
  return (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length) >= 2;
}

export interface SplitJob {
  result: Promise<SplitResult>;
  terminate(): void;
}

/** Starts a worker thread reading the file from `splitAt` to its end. */
export function startSplit(task: SplitTask, onProgress: (bytes: number) => void): SplitJob {
  const worker = new Worker(new URL('./parallel-worker.js', import.meta.url), { workerData: task });
  const result = new Promise<SplitResult>((resolve) => {
    worker.on('message', (m: { progress?: number; done?: SplitResult }) => {
      if (m.progress !== undefined) onProgress(m.progress);
      if (m.done) resolve(m.done);
    });
    worker.on('error', (e) => resolve({ boundary: -1, crashed: String(e) }));
    worker.on('exit', (code) => resolve({ boundary: -1, crashed: `worker exited with code ${code}` }));
  });
  return {
    result,
    terminate: () => {
      void worker.terminate();
    },
  };
}

/** The worker's data error as a MigdevError with its line counted from the file's start. */
export function shiftedError(e: NonNullable<SplitResult['error']>, lineOffset: number): MigdevError {
  const where = { ...e.where };
  if (where.line !== undefined) where.line += lineOffset;
  return new MigdevError(e.code, e.message, e.hint === undefined ? { where } : { where, hint: e.hint });
}
