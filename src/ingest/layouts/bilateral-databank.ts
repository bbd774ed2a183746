import { inputError } from '../../errors.js';
import { cellNumber, checkWidth, findColumn, foldHeader, yearInFilter } from '../cells.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';
import { keepPair, normPartnerCode } from './bilateral-common.js';
import { countryCodeColumns, isDatabankFooter, isDatabankHeader } from './databank.js';

/** `2011Q1 [YR2011Q1]` → [2011, 1]; `2011 [YR2011]` → [2011, 0]. */
function periodColumns(header: readonly string[]): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  header.forEach((h, i) => {
    const m = /^\s*(\d{4})(?:Q([1-4]))?\s*\[YR\d{4}(?:Q[1-4])?\]\s*$/i.exec(h);
    if (m) out.push([i, Number(m[1]), m[2] ? Number(m[2]) : 0]);
  });
  return out;
}

const SENDING = /(sending|origin|source|from)/;
const RECEIVING = /(receiving|destination|recipient|to_|partner)/;

/** The code column's matching name column: `Sending Countries  Code` → `Sending Countries  Name`. */
function nameColumnOf(header: readonly string[], codeCol: number): number {
  const want = foldHeader(header[codeCol]!).replace(/_code$/, '_name');
  return findColumn(header, [want]);
}

/**
 * DataBank exports with two country dimensions, such as Remittance Prices Worldwide (Corridors):
 * `Sending Countries Name, Sending Countries Code, Series Name, Series Code, Receiving Countries
 * Name, Receiving Countries Code, 2011Q1 [YR2011Q1]…`. Rows are corridors (origin = sending,
 * destination = receiving), the series code is the indicator, each quarter a period.
 */
export const bilateralDatabankLayout: Layout = {
  format: 'bilateral',
  matches(header) {
    return isDatabankHeader(header) && countryCodeColumns(header).length === 2 && periodColumns(header).length > 0;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const [a, b] = countryCodeColumns(header) as [number, number];
    const fa = foldHeader(header[a]!);
    const fb = foldHeader(header[b]!);
    let originCol: number;
    let destCol: number;
    if (SENDING.test(fa) || RECEIVING.test(fb)) [originCol, destCol] = [a, b];
    else if (SENDING.test(fb) || RECEIVING.test(fa)) [originCol, destCol] = [b, a];
    else {
      throw inputError(
        'bilateral-direction',
        `cannot tell which of '${header[a]}' and '${header[b]}' is the sending (origin) country`,
        { file: ctx.file, line: ctx.info.headerLine, column: a + 1 },
        'rename them Sending … Code and Receiving … Code',
      );
    }
    const originName = nameColumnOf(header, originCol);
    const destName = nameColumnOf(header, destCol);
    const indCol = findColumn(header, ['series_code']);
    const indNameCol = findColumn(header, ['series_name', 'series']);
    const periods = periodColumns(header).filter(([, y]) => yearInFilter(y, ctx));
    const { bilateral, filter, info, file } = ctx;
    let kosovo = false;
    const code = (raw: string): string => {
      const c = normPartnerCode(raw);
      if (c !== raw.trim().toUpperCase()) kosovo = true;
      return c;
    };
    return {
      row(rec) {
        const indicator = (rec.field(indCol) ?? '').trim();
        if (indicator === '' && isDatabankFooter(rec)) {
          info.footerLines++;
          info.rows--;
          return;
        }
        if (filter.indicator && !filter.indicator(indicator)) {
          info.rowsFiltered++;
          return;
        }
        const origin = code(rec.field(originCol) ?? '');
        const destination = code(rec.field(destCol) ?? '');
        if (!keepPair(ctx, origin, destination)) {
          info.rowsFiltered++;
          return;
        }
        checkWidth(rec, header.length, ctx);
        for (const col of [originCol, destCol, indCol]) {
          if ((rec.field(col) ?? '').trim() === '') {
            throw inputError('missing-code', `the ${header[col]!.trim()} is empty`, { file, line: rec.line, column: rec.columnOf(col) }, 'fill it in, or delete the row');
          }
        }
        if (originName >= 0 && !bilateral.names.has(origin)) bilateral.names.set(origin, (rec.field(originName) ?? '').trim());
        if (destName >= 0 && !bilateral.names.has(destination)) bilateral.names.set(destination, (rec.field(destName) ?? '').trim());
        if (indNameCol >= 0 && !bilateral.indicatorNames.has(indicator)) bilateral.indicatorNames.set(indicator, (rec.field(indNameCol) ?? '').trim());
        for (const [col, year, quarter] of periods) {
          const v = cellNumber(rec, col, ctx, header[col]!);
          if (v !== null) {
            bilateral.add(origin, destination, year, indicator, v, file, rec.line, quarter);
            info.values++;
          }
        }
      },
      finish() {
        if (periods.some(([, , q]) => q > 0)) info.notes.push('quarterly values: convert writes the quarter in a period column (2011Q1) beside the year');
        if (kosovo) info.notes.push('the World Bank code KSV (Kosovo) is read as XKX');
      },
    };
  },
};
