import { inputError } from '../../errors.js';
import { KeyCache, cellNumber, checkWidth, findColumn, foldHeader, problemKey, yearInFilter } from '../cells.js';
import type { RecordView } from '../../csv/scanner.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';
import { yearColumns } from './wdi.js';

/** Footer lines DataBank writes after the data (`Data from database: …`, `Last Updated: …`). */
export function isDatabankFooter(rec: RecordView): boolean {
  const first = (rec.field(0) ?? '').trim();
  return /^(data from database|last updated|data source|footnote|note)/i.test(first);
}

/** Columns naming a country code; two of them (sending × receiving) make the file bilateral. */
export function countryCodeColumns(header: readonly string[]): number[] {
  const out: number[] = [];
  header.forEach((h, i) => {
    const f = foldHeader(h);
    if (f !== 'series_code' && /(countr|economy|economies).*_code$/.test(f)) out.push(i);
  });
  return out;
}

export function isDatabankHeader(header: readonly string[]): boolean {
  return findColumn(header, ['series_code']) >= 0 && header.some((h) => /\[YR\d{4}/i.test(h));
}

/** DataBank exports: dimension columns in any order, `2000 [YR2000]` year columns, `..` missing. */
export const databankLayout: Layout = {
  format: 'databank',
  matches(header) {
    return isDatabankHeader(header) && countryCodeColumns(header).length === 1 && yearColumns(header).length > 0;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const codeCol = countryCodeColumns(header)[0]!;
    const nameCol = findColumn(header, ['country_name', 'economy_name', 'country']);
    const indCol = findColumn(header, ['series_code']);
    const indNameCol = findColumn(header, ['series_name', 'series']);
    const quarterly = header.some((h) => /\[YR\d{4}Q\d\]/i.test(h));
    if (quarterly) {
      throw inputError(
        'unsupported-periods',
        'quarterly DataBank columns are read only from two-country (corridor) exports',
        { file: ctx.file, line: ctx.info.headerLine },
        'export annual data from DataBank',
      );
    }
    const years = yearColumns(header).filter(([, y]) => yearInFilter(y, ctx));
    const firstYear = Math.min(...years.map(([, y]) => y));
    const lastYear = Math.max(...years.map(([, y]) => y));
    const { panel, fileId, info } = ctx;
    const keys = new KeyCache(ctx.filter);
    return {
      row(rec) {
        if (rec.isEmpty(indCol) && isDatabankFooter(rec)) {
          info.footerLines++;
          info.rows--;
          return;
        }
        const indicator = keys.indicator(rec, indCol);
        if (indicator === undefined) {
          info.rowsFiltered++;
          return;
        }
        const entity = keys.entity(rec, codeCol);
        if (entity === undefined) {
          info.rowsFiltered++;
          return;
        }
        if (!checkWidth(rec, header.length, ctx, entity, indicator)) return;
        if (entity === '' || indicator === '') {
          const col = entity === '' ? codeCol : indCol;
          ctx.problem(inputError('missing-code', `the ${header[col]} is empty`, { file: ctx.file, line: rec.line, column: rec.columnOf(col) }, 'fill it in, or delete the row'), problemKey(entity, indicator));
          return;
        }
        if (nameCol >= 0 && !panel.entityNames.has(entity)) panel.entityNames.set(entity, rec.field(nameCol) ?? '');
        if (indNameCol >= 0 && !panel.indicatorNames.has(indicator)) panel.indicatorNames.set(indicator, rec.field(indNameCol) ?? '');
        let reserved = false;
        for (const [col, year] of years) {
          const v = cellNumber(rec, col, ctx, header[col]!, entity, indicator, year);
          if (v !== null) {
            if (!reserved) {
              panel.reserve(entity, indicator, firstYear, lastYear);
              reserved = true;
            }
            panel.set(entity, indicator, year, v, fileId, rec.line);
            info.values++;
          }
        }
      },
    };
  },
};
