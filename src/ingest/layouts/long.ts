import { inputError } from '../../errors.js';
import { normCode } from '../../values.js';
import {
  INDICATOR_ALIASES,
  INDICATOR_NAME_ALIASES,
  VALUE_ALIASES,
  YEAR_ALIASES,
  canonicalIndicator,
  cellNumber,
  cellYear,
  checkWidth,
  entityColumns,
  findColumn,
  problemKey,
  yearInFilter,
} from '../cells.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';

/** Tidy long tables: entity code (+ name), year, indicator, value — one row per value. */
export const longLayout: Layout = {
  format: 'long',
  matches(header) {
    return (
      entityColumns(header).code >= 0 &&
      findColumn(header, YEAR_ALIASES) >= 0 &&
      findColumn(header, INDICATOR_ALIASES) >= 0 &&
      findColumn(header, VALUE_ALIASES) >= 0
    );
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const { code: codeCol, name: nameCol } = entityColumns(header);
    const yearCol = findColumn(header, YEAR_ALIASES);
    const indCol = findColumn(header, INDICATOR_ALIASES);
    const indNameCol = findColumn(header, INDICATOR_NAME_ALIASES);
    const valueCol = findColumn(header, VALUE_ALIASES);
    const { panel, filter, fileId, info } = ctx;
    return {
      row(rec) {
        const indicator = canonicalIndicator(rec.field(indCol) ?? '');
        if (filter.indicator && !filter.indicator(indicator)) {
          info.rowsFiltered++;
          return;
        }
        const entity = normCode(rec.field(codeCol) ?? '');
        if (filter.entity && !filter.entity(entity)) {
          info.rowsFiltered++;
          return;
        }
        if (!checkWidth(rec, header.length, ctx, entity, indicator)) return;
        const year = cellYear(rec, yearCol, ctx, header[yearCol]!, entity, indicator);
        if (year === undefined) return;
        if (!yearInFilter(year, ctx)) {
          info.rowsFiltered++;
          return;
        }
        if (entity === '' || indicator === '') {
          const col = entity === '' ? codeCol : indCol;
          ctx.problem(inputError('missing-code', `the ${header[col]} is empty`, { file: ctx.file, line: rec.line, column: rec.columnOf(col) }, 'fill it in, or delete the row'), problemKey(entity, indicator, year));
          return;
        }
        if (nameCol >= 0 && !panel.entityNames.has(entity)) panel.entityNames.set(entity, rec.field(nameCol) ?? '');
        if (indNameCol >= 0 && !panel.indicatorNames.has(indicator)) panel.indicatorNames.set(indicator, rec.field(indNameCol) ?? '');
        const v = cellNumber(rec, valueCol, ctx, header[valueCol]!, entity, indicator, year);
        if (v !== null) {
          panel.set(entity, indicator, year, v, fileId, rec.line);
          info.values++;
        }
      },
    };
  },
};
