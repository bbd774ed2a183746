import { inputError } from '../../errors.js';
import { normCode } from '../../values.js';
import { CODE_ALIASES, findColumn } from '../cells.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';

const NAME_COLUMNS = ['tablename', 'table_name', 'name', 'country_name', 'short_name', 'country'];
const REGION_COLUMNS = ['region'];
const INCOME_COLUMNS = ['incomegroup', 'income_group', 'income'];
const CODE_COLUMNS = ['country_code', ...CODE_ALIASES, 'country'];

function isIndicatorMeta(header: readonly string[]): boolean {
  return findColumn(header, ['indicator_code']) >= 0 && findColumn(header, ['indicator_name']) >= 0 && findColumn(header, ['country_code']) < 0;
}

/** `Metadata_Indicator_*.csv`: indicator names, which the panel uses to label codes. */
function indicatorMeta(header: readonly string[], ctx: LayoutContext): LayoutReader {
  const codeCol = findColumn(header, ['indicator_code']);
  const nameCol = findColumn(header, ['indicator_name']);
  return {
    row(rec) {
      const code = (rec.field(codeCol) ?? '').trim();
      if (code !== '') {
        ctx.panel.indicatorNames.set(code, (rec.field(nameCol) ?? '').trim());
        ctx.info.values++;
      }
    },
  };
}

/**
 * Metadata files: the World Bank's `Metadata_Country_*.csv` (Country Code, Region, IncomeGroup,
 * SpecialNotes with line breaks, TableName; blank Region = aggregate) and
 * `Metadata_Indicator_*.csv`, or — when forced with --input-format meta / --meta — any CSV
 * with a code column and group columns.
 */
export const metaLayout: Layout = {
  format: 'meta',
  matches(header) {
    const wbCountry = findColumn(header, ['country_code']) >= 0 && findColumn(header, ['region']) >= 0 && findColumn(header, ['incomegroup']) >= 0;
    // DDF entity tables (open-numbers): `country,is--country,name,…,region,…`.
    const ddfEntities = header.some((h) => /^is--/.test(h)) && findColumn(header, CODE_COLUMNS) >= 0;
    return wbCountry || ddfEntities || isIndicatorMeta(header);
  },
  matchesForced(header) {
    return findColumn(header, CODE_COLUMNS) >= 0 || isIndicatorMeta(header);
  },
  open(header, ctx: LayoutContext): LayoutReader {
    if (isIndicatorMeta(header)) return indicatorMeta(header, ctx);
    const codeCol = findColumn(header, CODE_COLUMNS);
    if (codeCol < 0) {
      throw inputError('missing-column', 'the metadata file has no code column', { file: ctx.file, line: ctx.info.headerLine }, 'name a column code, iso3 or Country Code');
    }
    const nameCol = findColumn(header, NAME_COLUMNS.filter((n) => n !== header[codeCol]?.toLowerCase()));
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
