import type { FieldCache, RecordView } from '../csv/scanner.js';
import type { SheetRow } from './workbook.js';

/**
 * A sheet row seen as a record: field `i` is column `i` (A = 0) with the text CSV would hold,
 * `line` the sheet row, `columnOf(i)` the column number. Numeric cells give their stored double
 * to `plainNumber` directly; date cells give none (their ISO text is not a number).
 */
export class SheetRecord implements RecordView {
  line = 0;
  private texts: string[] = [];
  private numbers: Float64Array = new Float64Array(0);
  private readonly decimalComma: boolean;

  constructor(decimalComma = false) {
    this.decimalComma = decimalComma;
  }

  reset(row: SheetRow): this {
    this.line = row.row;
    this.texts = row.texts;
    this.numbers = row.numbers;
    return this;
  }

  get length(): number {
    return this.texts.length;
  }

  field(i: number): string | undefined {
    const t = this.texts[i];
    if (t === undefined) return undefined;
    // A numeric cell read with --decimal-comma: its text as such a file would write it.
    return this.decimalComma && !Number.isNaN(this.numbers[i]!) ? t.replace('.', ',') : t;
  }

  cachedField(i: number, _cache: FieldCache): string | undefined {
    return this.field(i);
  }

  plainNumber(i: number, _decimalComma: boolean): number | undefined {
    const v = this.numbers[i];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }

  isEmpty(i: number): boolean {
    return (this.texts[i] ?? '') === '';
  }

  isBlank(): boolean {
    return this.texts.every((t) => t === '');
  }

  fields(): string[] {
    return this.texts.map((_, i) => this.field(i)!);
  }

  columnOf(i: number): number {
    return i + 1;
  }

  lineOf(_i: number): number {
    return this.line;
  }
}
