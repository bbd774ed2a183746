import { inputError, MigdevError } from '../errors.js';
import { parseXml, XmlError } from './xml.js';
import { DEFAULT_LIMITS, ZipArchive, type ZipLimits } from './zip.js';

/** `B` → 1 (0-based column index), `AA` → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** 0-based column index → `A`, `B`, … `AA`. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** One row of a sheet, as the record layouts read: texts as a CSV export would hold them. */
export interface SheetRow {
  /** 1-based sheet row number. */
  row: number;
  /** Cell texts by 0-based column; trailing empty cells left out. */
  texts: string[];
  /** The stored double of each numeric cell (NaN for others). */
  numbers: Float64Array;
  /** Columns of date-formatted numeric cells. */
  dates: Set<number> | undefined;
}

export interface SheetInfo {
  name: string;
  /** Path of the worksheet part inside the archive. */
  path: string;
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Does a custom format code show a date or time? Quoted text, escapes and [colour] sections aside. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[dmyhs]/i.test(bare.replace(/General/gi, ''));
}

class StopSignal {}

/**
 * Shortest text that reads back as the same double (`String(n)` is exactly that), as CSV would
 * hold it: `parseNumber` of it gives the stored value bit for bit.
 */
function numberText(n: number): string {
  return String(n);
}

/** Excel serial date → ISO text (1900 or 1904 date system). */
function serialDate(serial: number, date1904: boolean): string {
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  const ms = Math.round((days - 25569) * 86400000);
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return String(serial);
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/**
 * An .xlsx workbook read from memory: sheet names and parts, shared strings, and which cell
 * styles are date formats. Sheets are read row by row (`eachRow`), never into a grid.
 */
export class Workbook {
  readonly sheets: SheetInfo[] = [];
  private readonly zip: ZipArchive;
  private strings: string[] = [];
  private dateStyles: boolean[] = [];
  private date1904 = false;

  constructor(
    bytes: Uint8Array,
    readonly file: string,
    limits: ZipLimits = DEFAULT_LIMITS,
  ) {
    this.zip = new ZipArchive(bytes, file, limits);
    if (!this.zip.has('xl/workbook.xml')) {
      throw inputError(
        'not-a-workbook',
        `this is a ZIP archive but not an Excel workbook (it has no xl/workbook.xml${this.zip.has('[Content_Types].xml') ? '' : ' and no [Content_Types].xml'})`,
        { file },
        'unzip it and pass the CSV inside, or save the sheet as CSV',
      );
    }
    this.readWorkbook();
    this.readStrings();
    this.readStyles();
  }

  /** Text of a part, checked for a DTD; undefined when missing. */
  private part(path: string): string | undefined {
    const bytes = this.zip.read(path);
    if (!bytes) return undefined;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  }

  private parse(path: string, text: string, handler: Parameters<typeof parseXml>[1]): void {
    try {
      parseXml(text, handler);
    } catch (e) {
      if (e instanceof XmlError) throw inputError('bad-workbook', `${path}: ${e.message}`, { file: this.file }, 'open and save the workbook in Excel, or save the sheet as CSV');
      throw e;
    }
  }

  private readWorkbook(): void {
    const rels = new Map<string, string>();
    const relText = this.part('xl/_rels/workbook.xml.rels');
    if (relText !== undefined) {
      this.parse('xl/_rels/workbook.xml.rels', relText, {
        open(name, a) {
          if (name === 'Relationship' && a.Id !== undefined && a.Target !== undefined) rels.set(a.Id, a.Target);
        },
        close() {},
        text() {},
      });
    }
    const sheets: Array<{ name: string; id: string | undefined }> = [];
    this.parse('xl/workbook.xml', this.part('xl/workbook.xml')!, {
      open: (name, a) => {
        if (name === 'sheet' && a.name !== undefined) sheets.push({ name: a.name, id: a.id });
        if (name === 'workbookPr' && (a.date1904 === '1' || a.date1904 === 'true')) this.date1904 = true;
      },
      close() {},
      text() {},
    });
    sheets.forEach((s, i) => {
      const target = s.id !== undefined ? rels.get(s.id) : undefined;
      let path = target === undefined ? `xl/worksheets/sheet${i + 1}.xml` : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      path = path.replace(/\/[^/]+\/\.\.\//g, '/');
      // Chart sheets and dialog sheets have no cells: list only worksheets found in the archive.
      if (this.zip.has(path)) this.sheets.push({ name: s.name, path });
    });
  }

  private readStrings(): void {
    const text = this.part('xl/sharedStrings.xml');
    if (text === undefined) return;
    const out: string[] = [];
    let cur = '';
    let inT = false;
    let phonetic = 0;
    this.parse('xl/sharedStrings.xml', text, {
      open(name, _a, self) {
        if (name === 'si') cur = '';
        else if (name === 't' && !self) inT = true;
        else if (name === 'rPh' && !self) phonetic++;
      },
      close(name) {
        if (name === 'si') out.push(cur);
        else if (name === 't') inT = false;
        else if (name === 'rPh') phonetic--;
      },
      text(t) {
        if (inT && phonetic === 0) cur += t;
      },
    });
    this.strings = out;
  }

  private readStyles(): void {
    const text = this.part('xl/styles.xml');
    if (text === undefined) return;
    const custom = new Map<number, boolean>();
    const styles: boolean[] = [];
    let inXfs = false;
    this.parse('xl/styles.xml', text, {
      open(name, a) {
        if (name === 'numFmt' && a.numFmtId !== undefined) custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
        else if (name === 'cellXfs') inXfs = true;
        else if (name === 'xf' && inXfs) {
          const id = Number(a.numFmtId ?? 0);
          styles.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
        }
      },
      close(name) {
        if (name === 'cellXfs') inXfs = false;
      },
      text() {},
    });
    this.dateStyles = styles;
  }

  /** A sheet by name or 1-based number (as `--sheet` gives it). */
  sheet(which: string): SheetInfo | undefined {
    const byName = this.sheets.find((s) => s.name === which) ?? this.sheets.find((s) => s.name.toLowerCase() === which.trim().toLowerCase());
    if (byName) return byName;
    if (/^\d+$/.test(which.trim())) return this.sheets[Number(which) - 1];
    return undefined;
  }

  /**
   * Calls `visit` for each row that has a cell, in order; `visit` returning false stops early.
   * Text cells hold their text, numeric cells the shortest text of the stored double, booleans
   * TRUE/FALSE, errors their code (#N/A), date-formatted numbers an ISO date.
   */
  eachRow(sheet: SheetInfo, visit: (row: SheetRow) => boolean | void): void {
    const text = this.part(sheet.path);
    if (text === undefined) return;
    const strings = this.strings;
    const dateStyles = this.dateStyles;
    const date1904 = this.date1904;
    const file = this.file;
    let rowNo = 0;
    let texts: string[] = [];
    let numbers: number[] = [];
    let dates: Set<number> | undefined;
    let col = -1;
    let type = 'n';
    let style = 0;
    let value = '';
    let inValue = false;
    let inCell = false;
    let ref = '';
    const cellError = (message: string): MigdevError =>
      inputError('bad-cell', message, { file, line: rowNo, column: col + 1, sheet: sheet.name, cell: ref });
    const finishCell = (): void => {
      let t: string;
      let num = Number.NaN;
      if (type === 's') {
        const s = strings[Number(value)];
        if (value === '' || s === undefined) {
          if (value === '') return;
          throw cellError(`the cell refers to shared string ${value}, which the workbook does not have`);
        }
        t = s;
      } else if (type === 'inlineStr' || type === 'str') t = value;
      else if (type === 'b') t = value === '1' || value === 'true' ? 'TRUE' : 'FALSE';
      else if (type === 'e') t = value;
      else if (type === 'd') {
        t = value;
        (dates ??= new Set()).add(col);
      } else {
        if (value.trim() === '') return;
        num = Number(value);
        if (!Number.isFinite(num)) throw cellError(`the numeric cell holds '${value.slice(0, 40)}'`);
        if (dateStyles[style]) {
          (dates ??= new Set()).add(col);
          t = serialDate(num, date1904);
          num = Number.NaN;
        } else t = numberText(num);
      }
      // A text cell of a lone dash is a missing value, as in the publishers' tables.
      if (Number.isNaN(num) && t.trim() === '-') t = '';
      if (t === '') return;
      while (texts.length < col) {
        texts.push('');
        numbers.push(Number.NaN);
      }
      texts[col] = t;
      numbers[col] = num;
    };
    try {
      this.parse(sheet.path, text, {
        open(name, a, self) {
          if (name === 'row') {
            rowNo = a.r !== undefined ? Number(a.r) : rowNo + 1;
            texts = [];
            numbers = [];
            dates = undefined;
            col = -1;
          } else if (name === 'c') {
            const r = a.r;
            ref = r ?? '';
            const m = r !== undefined ? /^([A-Z]{1,3})(\d+)$/.exec(r) : null;
            col = m ? columnIndex(m[1]!) : col + 1;
            if (!m) ref = `${columnLetters(col)}${rowNo}`;
            type = a.t ?? 'n';
            style = a.s !== undefined ? Number(a.s) : 0;
            value = '';
            inCell = !self;
          } else if ((name === 'v' || name === 't') && inCell && !self) inValue = true;
        },
        close(name) {
          if (name === 'v' || name === 't') inValue = false;
          else if (name === 'c' && inCell) {
            inCell = false;
            finishCell();
          } else if (name === 'row') {
            if (texts.length === 0) return;
            const row: SheetRow = { row: rowNo, texts, numbers: Float64Array.from(numbers), dates };
            if (visit(row) === false) throw new StopSignal();
          }
        },
        text(t) {
          if (inValue) value += t;
        },
      });
    } catch (e) {
      if (e instanceof StopSignal) return;
      throw e;
    }
  }
}

