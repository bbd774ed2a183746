import { promises as fsp } from 'node:fs';
import { BilateralTable } from '../bilateral.js';
import { EntityMeta } from '../entities/meta.js';
import { inputError, isMigdevError, type Location, type MigdevError } from '../errors.js';
import { readInto, type Dataset } from '../ingest/read.js';
import type { InputFormat, ProblemKey, ReadOptions } from '../ingest/types.js';
import { Panel } from '../panel.js';
import { PriceTable } from '../prices.js';
import { sheetFile, sheetReference } from '../xlsx/sniff.js';
import { makeFinding, type Finding, type FindingCode } from './findings.js';

/** What `check` learnt of one input file. */
export interface FileSummary {
  file: string;
  /** The layout detected; null when the file could not be read far enough to tell. */
  format: InputFormat | null;
  /** Data rows read; null when reading stopped at a parse error. */
  rows: number | null;
  /** Values stored from the file (up to a parse error, if one stopped it). */
  values: number;
  /** False when a parse error stopped reading the file. */
  complete: boolean;
}

/** Errors that mean the input is not there to check: the command fails (exit 2), no report. */
const UNREADABLE = new Set(['file-not-found', 'file-unreadable', 'file-is-directory']);

/** The reader's codes for problems of one cell or row, and the finding each becomes. */
const ROW_PROBLEMS: Readonly<Record<string, FindingCode>> = {
  'not-a-number': 'non-numeric-value',
  'bad-year': 'invalid-year',
  'missing-code': 'missing-key',
  'missing-indicator': 'missing-key',
  'ragged-row': 'ragged-row',
};

function text(e: MigdevError): string {
  return e.hint ? `${e.message} — ${e.hint}` : e.message;
}

interface DuplicateGroup {
  conflict: boolean;
  file: string | null;
  line: number;
  entity: string;
  indicator: string;
  first: string;
  /** year, value here, value first given */
  cells: Array<[number, number, number]>;
}

/**
 * A panel that records duplicate keys instead of refusing them: the same value twice is a
 * warning, two different values an error naming both places; the first value is kept. Findings
 * are per pair of rows (a WDI row holds a whole series), listing the years involved.
 */
export class CheckedPanel extends Panel {
  private readonly groups = new Map<string, DuplicateGroup>();

  override set(entity: string, indicator: string, year: number, value: number, file: number, line: number): void {
    const old = this.get(entity, indicator, year);
    if (old === undefined) {
      super.set(entity, indicator, year, value, file, line);
      return;
    }
    const o = this.origin(entity, indicator, year)!;
    const first = `${o.file}:${o.line}`;
    const conflict = old !== value;
    const key = `${conflict ? 1 : 0}\u0000${file}\u0000${line}\u0000${first}\u0000${entity}\u0000${indicator}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { conflict, file: this.files[file] ?? null, line, entity, indicator, first, cells: [] }));
    g.cells.push([year, value, old]);
  }

  /** The duplicate findings gathered while reading. */
  duplicateFindings(): Finding[] {
    const out: Finding[] = [];
    for (const g of this.groups.values()) {
      const [year, value, old] = g.cells[0]!;
      const place = { file: g.file, line: g.line, entity: g.entity, year, indicator: g.indicator };
      const n = g.cells.length;
      const years = n === 1 ? '' : ` in ${n} years (${g.cells[0]![0]}–${g.cells[n - 1]![0]})`;
      if (g.conflict) {
        const shown = g.cells.slice(0, 3).map(([y, v, o]) => `${y} is ${v} here but ${o} there`);
        const what = n === 1 ? `${g.entity} ${year} ${g.indicator} is ${value} here but ${old} at ${g.first}` : `${g.entity} ${g.indicator} differs from ${g.first}${years}: ${shown.join(', ')}${n > 3 ? ', …' : ''}`;
        out.push(makeFinding('conflicting-duplicate', `${what} — remove one of the rows, or pass only one of the files (check keeps the first)`, place));
      } else {
        const what = n === 1 ? `${g.entity} ${year} ${g.indicator} is given twice with the same value ${value} (first at ${g.first})` : `${g.entity} ${g.indicator} repeats ${g.first}${years} with the same values`;
        out.push(makeFinding('duplicate-row', what, place));
      }
    }
    return out;
  }
}

/** A finding's file: a workbook's sheet is part of it (`book.xlsx[Table 1]`), as in the values' origins. */
function findingFile(w: Location): string | undefined {
  return w.file !== undefined && w.sheet !== undefined ? sheetFile(w.file, w.sheet) : w.file;
}

/** Fails early (exit 2) when an input is missing or a folder, before any long read. */
export async function assertReadable(files: readonly string[]): Promise<void> {
  for (const f of files) {
    if (f === '-') continue;
    let stat;
    try {
      stat = await fsp.stat(f);
    } catch (e) {
      if (await sheetReference(f)) continue;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw inputError('file-not-found', 'no such file', { file: f }, 'check the path');
      throw inputError('file-unreadable', `cannot read the file (${code ?? 'unknown error'})`, { file: f });
    }
    if (stat.isDirectory()) throw inputError('file-is-directory', 'is a directory, not a file', { file: f }, 'name the CSV files inside it');
  }
}

/**
 * Reads every file for checking. Problems of a cell or row become findings and reading goes on;
 * a problem of the file as a whole (encoding, quoting, layout) becomes one `parse-error` finding
 * and reading goes on with the next file. A file that is not there or not readable is an input
 * error (thrown: exit 2).
 */
export async function readForCheck(files: readonly string[], opts: ReadOptions, emit: (f: Finding) => void): Promise<{ data: Dataset; files: FileSummary[] }> {
  await assertReadable(files);
  const panel = new CheckedPanel();
  const data: Dataset = { panel, bilateral: new BilateralTable(), prices: new PriceTable(), meta: new EntityMeta(true), sources: [] };
  const onProblem = (e: MigdevError, key: ProblemKey): void => {
    const code = ROW_PROBLEMS[e.code] ?? 'parse-error';
    emit(
      makeFinding(
        code,
        text(e),
        { file: findingFile(e.where), line: e.where.line, column: e.where.line === undefined ? undefined : e.where.column, entity: key.entity, year: key.year, indicator: key.indicator },
        { cause: e.code },
      ),
    );
  };
  const summaries: FileSummary[] = [];
  for (const file of files) {
    const before = data.panel.size;
    try {
      const info = await readInto(file, data, { ...opts, onProblem });
      summaries.push({ file: info.sheet === undefined ? info.file : sheetFile(info.file, info.sheet), format: info.format, rows: info.rows, values: info.values, complete: true });
    } catch (e) {
      if (!isMigdevError(e) || UNREADABLE.has(e.code)) throw e;
      const name = file === '-' ? '<stdin>' : file;
      const stored = data.panel.size - before;
      const rest = stored > 0 ? `reading stopped here; the ${stored} value${stored > 1 ? 's' : ''} read before it ${stored > 1 ? 'were' : 'was'} checked` : 'no value of the file was read';
      const w = e.where;
      emit(makeFinding('parse-error', `${text(e)}; ${rest}`, { file: findingFile(w) ?? name, line: w.line, column: w.line === undefined ? undefined : w.column }, { cause: e.code }));
      summaries.push({ file: findingFile(w) ?? name, format: null, rows: null, values: stored, complete: false });
    }
  }
  for (const f of panel.duplicateFindings()) emit(f);
  return { data, files: summaries };
}
