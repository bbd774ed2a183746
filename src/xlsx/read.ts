import { promises as fsp } from 'node:fs';
import { sheetFile } from './sniff.js';
import { inputError, isMigdevError, MigdevError, type Location } from '../errors.js';
import { LAYOUTS } from '../ingest/layouts/index.js';
import type { Layout, LayoutReader, ReadOptions } from '../ingest/types.js';
import { SheetRecord } from './record.js';
import { columnLetters, Workbook, type SheetInfo, type SheetRow } from './workbook.js';
import { DEFAULT_LIMITS } from './zip.js';

export async function openWorkbook(path: string): Promise<Workbook> {
  const stat = await fsp.stat(path);
  if (stat.size > DEFAULT_LIMITS.maxTotal) {
    throw inputError('workbook-too-large', `the workbook is ${stat.size} bytes, over the ${DEFAULT_LIMITS.maxTotal}-byte limit`, { file: path }, 'save the sheet as CSV');
  }
  return new Workbook(await fsp.readFile(path), path);
}

const SAMPLE_ROWS = 60;

export interface SheetTable {
  sheet: SheetInfo;
  layout: Layout;
  header: string[];
  headerRow: number;
  /** The rows above the header, trimmed (titles, band rows). */
  above: string[][];
}

/** What detection found on a sheet: a table, or the first row shown in an error. */
export interface SheetSurvey {
  sheet: SheetInfo;
  table: SheetTable | undefined;
  firstRow: string[] | undefined;
}

/** The header detection of CSV files (`sniff`), run on the first rows of a sheet. */
export function surveySheet(wb: Workbook, sheet: SheetInfo, opts: ReadOptions): SheetSurvey {
  const rows: SheetRow[] = [];
  wb.eachRow(sheet, (r) => {
    rows.push(r);
    return rows.length < SAMPLE_ROWS;
  });
  const candidates = opts.inputFormat ? LAYOUTS.filter((l) => l.format === opts.inputFormat) : LAYOUTS;
  for (const [i, r] of rows.entries()) {
    const header = r.texts.map((t) => t.trim());
    if (header.every((h) => h === '')) continue;
    const layout = candidates.find((l) => (opts.inputFormat && l.matchesForced ? l.matchesForced(header) : l.matches(header)));
    if (layout) {
      const above = rows.slice(0, i).map((a) => a.texts.map((t) => t.trim()));
      return { sheet, table: { sheet, layout, header, headerRow: r.row, above }, firstRow: rows[0]?.texts };
    }
  }
  return { sheet, table: undefined, firstRow: rows[0]?.texts };
}

/** Adds the sheet and the cell reference to an error about a place in this sheet. */
export function placeInSheet(e: unknown, file: string, sheet: string): unknown {
  if (!isMigdevError(e)) return e;
  const w: Location = e.where;
  if ((w.file !== file && w.file !== sheetFile(file, sheet)) || w.sheet !== undefined) return e;
  w.file = file;
  w.sheet = sheet;
  if (w.line !== undefined && w.column !== undefined) w.cell = `${columnLetters(w.column - 1)}${w.line}`;
  return e;
}

function shown(row: string[] | undefined): string {
  const s = (row ?? []).slice(0, 6).join(' | ');
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** The sheet to read: `--sheet`, else the first that holds a table. */
export function chooseTable(wb: Workbook, opts: ReadOptions): SheetTable {
  const file = wb.file;
  if (wb.sheets.length === 0) throw inputError('empty-file', 'the workbook has no worksheets', { file }, 'pass a workbook with a sheet holding a table');
  if (opts.sheet !== undefined) {
    const sheet = wb.sheet(opts.sheet);
    if (!sheet) {
      throw inputError('unknown-sheet', `the workbook has no sheet '${opts.sheet}' (sheets: ${wb.sheets.map((s) => s.name).join(', ')})`, { file }, 'give --sheet a sheet name or its number (1 is the first)');
    }
    const survey = surveySheet(wb, sheet, opts);
    if (survey.table) return survey.table;
    if (survey.firstRow === undefined) throw inputError('empty-sheet', 'the sheet is empty', { file, sheet: sheet.name }, 'choose another sheet with --sheet');
    throw inputError(
      'unknown-layout',
      `cannot tell the layout of the sheet from its first ${SAMPLE_ROWS} rows (first row: '${shown(survey.firstRow)}')`,
      { file, sheet: sheet.name },
      'choose the sheet holding the table with --sheet, or pass --input-format',
    );
  }
  const surveys: SheetSurvey[] = [];
  for (const sheet of wb.sheets) {
    const s = surveySheet(wb, sheet, opts);
    if (s.table) return s.table;
    surveys.push(s);
  }
  if (surveys.every((s) => s.firstRow === undefined)) {
    throw inputError('empty-sheet', `every sheet of the workbook is empty (${wb.sheets.map((s) => s.name).join(', ')})`, { file }, 'pass a workbook with a sheet holding a table');
  }
  throw inputError(
    'unknown-layout',
    `no sheet holds a table migdev reads (${surveys.map((s) => `${s.sheet.name}: '${shown(s.firstRow)}'`).join('; ')})`,
    { file },
    'choose the sheet with --sheet, or pass --input-format; name the columns as in the README',
  );
}

/**
 * Feeds the rows after the header to the layout reader, counting as the CSV path does. Errors
 * about a place in the sheet get the sheet and cell added (`file.xlsx[Table 1]!B7`).
 */
export function readSheetRows(
  wb: Workbook,
  table: SheetTable,
  reader: LayoutReader,
  counts: { rows: number; blankRows: number; footerLines: number; notes: string[] },
  decimalComma: boolean,
): void {
  const rec = new SheetRecord(decimalComma);
  let last = table.headerRow;
  let footerFrom: SheetRow | undefined;
  try {
    wb.eachRow(table.sheet, (row) => {
      if (row.row <= table.headerRow) return;
      if (footerFrom) {
        counts.footerLines++;
        return;
      }
      // Notes under a table: after an empty row, a row with text in one cell only ends the table.
      if (counts.rows > 0 && row.row > last + 1 && table.header.length >= 3 && row.texts.filter((t) => t.trim() !== '').length === 1) {
        footerFrom = row;
        counts.footerLines++;
        return;
      }
      last = row.row;
      rec.reset(row);
      if (rec.isBlank()) {
        counts.blankRows++;
        return;
      }
      counts.rows++;
      reader.row(rec);
    });
    if (footerFrom) {
      const first = footerFrom.texts.find((t) => t.trim() !== '')!.trim();
      counts.notes.push(`${counts.footerLines} note row${counts.footerLines === 1 ? '' : 's'} under the table skipped (from row ${footerFrom.row}: '${first.length > 40 ? `${first.slice(0, 40)}…` : first}')`);
    }
    reader.finish?.();
  } catch (e) {
    throw placeInSheet(e, wb.file, table.sheet.name);
  }
}

export interface SheetSummary {
  name: string;
  rows: number;
  columns: number;
  layout: string | null;
  headerRow: number | null;
}

/** Every sheet with its size and detected layout (inspect). */
export function summariseSheets(wb: Workbook, opts: ReadOptions): SheetSummary[] {
  return wb.sheets.map((sheet) => {
    let rows = 0;
    let columns = 0;
    wb.eachRow(sheet, (r) => {
      rows++;
      columns = Math.max(columns, r.texts.length);
    });
    let table: SheetTable | undefined;
    try {
      table = surveySheet(wb, sheet, opts).table;
    } catch (e) {
      if (!(e instanceof MigdevError)) throw e;
    }
    return { name: sheet.name, rows, columns, layout: table?.layout.format ?? null, headerRow: table?.headerRow ?? null };
  });
}
