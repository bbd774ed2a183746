import { inputError } from '../../errors.js';
import { normCode } from '../../values.js';
import { CODE_ALIASES, findColumn } from '../cells.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';

const NAME_COLUMNS = ['tablename', 'table_name', 'name', 'country_name', 'short_name', 'country'];
const REGION_COLUMNS = ['region'];
const INCOME_COLUMNS = ['incomegroup', 'income_group', 'income'];

/**
 * Entity metadata: the World Bank's `Metadata_Country_*.csv` (Country Code, Region, IncomeGroup,
 * SpecialNotes with line breaks, TableName; blank Region = aggregate), or any CSV with a code
 * column and group columns.
 */
export const metaLayout: Layout = {
  format: 'meta',
  matches(header) {
    return findColumn(header, ['country_code']) >= 0 && findColumn(header, ['region']) >= 0 && findColumn(header, ['incomegroup']) >= 0;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const codeCol = findColumn(header, ['country_code', ...CODE_ALIASES]);
    if (codeCol < 0) {
      throw inputError('missing-column', 'the metadata file has no code column', { file: ctx.file, line: ctx.info.headerLine }, 'name a column code, iso3 or Country Code');
    }
    const nameCol = findColumn(header, NAME_COLUMNS);
    const regionCol = findColumn(header, REGION_COLUMNS);
    const incomeCol = findColumn(header, INCOME_COLUMNS);
    const isWorldBank = findColumn(header, ['country_code']) >= 0 && regionCol >= 0;
    const meta = ctx.meta;
    header.forEach((h) => {
      if (h.trim() !== '' && !meta.columns.includes(h.trim())) meta.columns.push(h.trim());
    });
    return {
      row(rec) {
        const code = normCode(rec.field(codeCol) ?? '');
        if (code === '') return;
        const extra: Record<string, string> = {};
        header.forEach((h, i) => {
          if (h.trim() !== '' && i !== codeCol) extra[h.trim()] = (rec.field(i) ?? '').trim();
        });
        const region = regionCol >= 0 ? (rec.field(regionCol) ?? '').trim() : '';
        meta.records.set(code, {
          code,
          name: nameCol >= 0 ? (rec.field(nameCol) ?? '').trim() : '',
          region,
          income: incomeCol >= 0 ? (rec.field(incomeCol) ?? '').trim() : '',
          // The World Bank marks aggregates by leaving Region blank.
          aggregate: isWorldBank && region === '',
          extra,
        });
        ctx.info.values++;
      },
    };
  },
};
