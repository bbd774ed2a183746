import { inputError } from '../../errors.js';
import { normCode } from '../../values.js';
import {
  CODE_ALIASES,
  NAME_ALIASES,
  YEAR_ALIASES,
  canonicalIndicator,
  cellNumber,
  cellYear,
  checkWidth,
  entityColumns,
  findColumn,
  foldHeader,
  yearInFilter,
} from '../cells.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';

/** Descriptive columns that are not indicators even though they sit beside them. */
const ATTRIBUTE_COLUMNS = new Set([
  ...CODE_ALIASES,
  ...NAME_ALIASES,
  'iso2',
  'iso2c',
  'm49',
  'region',
  'income',
  'income_group',
  'incomegroup',
  'continent',
  'unit',
  'units',
  'source',
  'notes',
  'flag',
]);

/** Wide tables: entity code, year, then one column per indicator (also DDF datapoint files). */
export const wideLayout: Layout = {
  format: 'wide',
  matches(header) {
    const { code } = entityColumns(header);
    const year = findColumn(header, YEAR_ALIASES);
    return code >= 0 && year >= 0 && header.some((h, i) => i !== code && i !== year && h.trim() !== '' && !ATTRIBUTE_COLUMNS.has(foldHeader(h)));
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const { code: codeCol, name: nameCol } = entityColumns(header);
    const yearCol = findColumn(header, YEAR_ALIASES);
    const { panel, filter, fileId, info } = ctx;
    const columns: Array<[number, string]> = [];
    header.forEach((h, i) => {
      if (i === codeCol || i === yearCol || i === nameCol || h.trim() === '' || ATTRIBUTE_COLUMNS.has(foldHeader(h))) return;
      const indicator = canonicalIndicator(h);
      if (filter.indicator && !filter.indicator(indicator)) return;
      columns.push([i, indicator]);
    });
    const seen = new Set<string>();
    for (const [i, ind] of columns) {
      if (seen.has(ind)) {
        throw inputError('duplicate-header', `the column '${ind}' appears twice`, { file: ctx.file, line: info.headerLine, column: i + 1 }, 'rename or remove one of them');
      }
      seen.add(ind);
    }
    return {
      row(rec) {
        if (columns.length === 0) {
          info.rowsFiltered++;
          return;
        }
        const entity = normCode(rec.field(codeCol) ?? '');
        if (filter.entity && !filter.entity(entity)) {
          info.rowsFiltered++;
          return;
        }
        if (!checkWidth(rec, header.length, ctx, entity)) return;
        const year = cellYear(rec, yearCol, ctx, header[yearCol]!, entity);
        if (year === undefined) return;
        if (!yearInFilter(year, ctx)) {
          info.rowsFiltered++;
          return;
        }
        if (entity === '') {
          ctx.problem(inputError('missing-code', `the ${header[codeCol]} is empty`, { file: ctx.file, line: rec.line, column: rec.columnOf(codeCol) }, 'fill it in, or delete the row'), { year });
          return;
        }
        if (nameCol >= 0 && !panel.entityNames.has(entity)) panel.entityNames.set(entity, rec.field(nameCol) ?? '');
        for (const [col, indicator] of columns) {
          const v = cellNumber(rec, col, ctx, header[col]!, entity, indicator, year);
          if (v !== null) {
            panel.set(entity, indicator, year, v, fileId, rec.line);
            info.values++;
          }
        }
      },
    };
  },
};
