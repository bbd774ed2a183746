import { inputError } from '../../errors.js';
import { parseYear } from '../../values.js';
import { KeyCache, cellNumber, checkWidth, findColumn, yearInFilter } from '../cells.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';

/** Year columns of a header: index and year, for `1960` and DataBank's `1960 [YR1960]`. */
export function yearColumns(header: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  header.forEach((h, i) => {
    const y = parseYear(h);
    if (y !== undefined) out.push([i, y]);
  });
  return out;
}

/**
 * World Bank API downloads and the bulk WDICSV.csv: one row per country × indicator, one column
 * per year. The bulk file has ~400,000 rows of which a metrics job wants a few thousand, so the
 * row reader looks at the two key fields first and leaves unwanted rows unsplit.
 */
export const wdiLayout: Layout = {
  format: 'wdi',
  matches(header) {
    return findColumn(header, ['country_code']) >= 0 && findColumn(header, ['indicator_code']) >= 0 && yearColumns(header).length > 0;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const codeCol = findColumn(header, ['country_code']);
    const nameCol = findColumn(header, ['country_name']);
    const indCol = findColumn(header, ['indicator_code']);
    const indNameCol = findColumn(header, ['indicator_name']);
    const years = yearColumns(header).filter(([, y]) => yearInFilter(y, ctx));
    const firstYear = Math.min(...years.map(([, y]) => y));
    const lastYear = Math.max(...years.map(([, y]) => y));
    // The World Bank ends every line with a comma: an empty last header cell is not a column.
    const width = header.length;
    const { panel, filter, fileId, info } = ctx;
    const entityNames = panel.entityNames;
    const keys = new KeyCache(filter);
    return {
      row(rec) {
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
        if (!checkWidth(rec, width, ctx, entity, indicator)) return;
        if (entity === '') {
          ctx.problem(inputError('missing-code', 'the country code is empty', { file: ctx.file, line: rec.line, column: rec.columnOf(codeCol) }, 'fill in the Country Code column'), { indicator });
          return;
        }
        if (indicator === '') {
          ctx.problem(inputError('missing-indicator', 'the indicator code is empty', { file: ctx.file, line: rec.line, column: rec.columnOf(indCol) }, 'fill in the Indicator Code column'), { entity });
          return;
        }
        if (nameCol >= 0 && !entityNames.has(entity)) entityNames.set(entity, rec.field(nameCol) ?? '');
        if (indNameCol >= 0 && !panel.indicatorNames.has(indicator)) panel.indicatorNames.set(indicator, rec.field(indNameCol) ?? '');
        let reserved = false;
        for (const [col, year] of years) {
          if (rec.isEmpty(col)) continue;
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
