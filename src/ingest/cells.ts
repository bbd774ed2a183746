import { FieldCache, type RecordView } from '../csv/scanner.js';
import { inputError } from '../errors.js';
import { isOutOfRange, normCode, parseNumber } from '../values.js';
import type { LayoutContext, ProblemKey, RowFilter } from './types.js';

/** Header name folded for matching: case, spacing and punctuation do not matter. */
export function foldHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s._-]+/g, '_');
}

/** Index of the first header matching any alias (in alias order), or -1. */
export function findColumn(header: readonly string[], aliases: readonly string[]): number {
  const folded = header.map(foldHeader);
  for (const alias of aliases) {
    const i = folded.indexOf(alias);
    if (i >= 0) return i;
  }
  return -1;
}

/** The key of a problem, from what the reader knows at that point (no allocation until a problem). */
export function problemKey(entity?: string, indicator?: string, year?: number): ProblemKey {
  const key: ProblemKey = {};
  if (entity !== undefined && entity !== '') key.entity = entity;
  if (indicator !== undefined && indicator !== '') key.indicator = indicator;
  if (year !== undefined) key.year = year;
  return key;
}

/**
 * Numeric value of field `i`: null when missing. Text that is not a number is a problem naming
 * the place: thrown, or — when the read has a problem hook — reported and read as missing.
 * `entity`, `indicator`, `year`: the value's key as far as the caller knows it, for the report.
 */
export function cellNumber(rec: RecordView, i: number, ctx: LayoutContext, columnName: string, entity?: string, indicator?: string, year?: number): number | null {
  // Most cells are plain decimals: read them from the bytes, without a string. Extra missing
  // markers (--na) may look like numbers, so then every cell takes the text path.
  if (ctx.missing === undefined) {
    const fast = rec.plainNumber(i, ctx.decimalComma);
    if (fast !== undefined) return fast;
  }
  const text = rec.field(i);
  if (text === undefined || text === '') return null;
  const v = parseNumber(text, ctx.decimalComma, ctx.missing);
  if (v === undefined) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    const where = { file: ctx.file, line: rec.lineOf(i), column: rec.columnOf(i), field: columnName };
    ctx.problem(
      isOutOfRange(text, ctx.decimalComma)
        ? inputError('number-out-of-range', `'${shown}' in column '${columnName}' is beyond the range of a double (±1.8e308)`, where, 'check the exponent, or write the value in a smaller unit')
        : inputError(
            'not-a-number',
            `'${shown}' in column '${columnName}' is not a number`,
            where,
            // A short symbol is usually a publisher's own marker (UN DESA's `~`, Eurostat's `:`).
            `${ctx.decimalComma ? 'use a decimal comma and no thousands separators, or a missing marker (empty, ..)' : 'use a plain decimal number (1234.5), or a missing marker (empty, .., NA)'}${/^[^\p{L}\p{N}\s]{1,3}$/u.test(shown.trim()) ? `, or declare this one with --na '${shown.trim()}'` : ''}`,
          ),
      problemKey(entity, indicator, year),
    );
    return null;
  }
  return v;
}

export function yearInFilter(year: number, ctx: LayoutContext): boolean {
  const f = ctx.filter;
  return !((f.yearMin !== undefined && year < f.yearMin) || (f.yearMax !== undefined && year > f.yearMax));
}

/**
 * A ragged record (more fields than the header) is a problem; fewer is tolerated as trailing
 * empties. Returns false when the row must be skipped (a problem hook took the problem).
 */
export function checkWidth(rec: RecordView, width: number, ctx: LayoutContext, entity?: string, indicator?: string): boolean {
  const n = rec.length;
  if (n > width) {
    ctx.problem(
      inputError(
        'ragged-row',
        `the row has ${n} fields but the header has ${width}`,
        { file: ctx.file, line: rec.line, column: rec.columnOf(width) },
        'quote fields that contain the delimiter, or fix the header',
      ),
      problemKey(entity, indicator),
    );
    return false;
  }
  return true;
}

export const MIN_YEAR = 1000;
export const MAX_YEAR = 2999;

/**
 * Year in a cell of a long/wide file. Not a year: a problem naming the place — thrown, or, with a
 * problem hook, reported and undefined returned (the caller skips the row).
 */
export function cellYear(rec: RecordView, i: number, ctx: LayoutContext, columnName: string, entity?: string, indicator?: string): number | undefined {
  const text = (rec.field(i) ?? '').trim();
  const m = /^(\d{4})(?:\.0+)?$/.exec(text);
  const year = m ? Number(m[1]) : Number.NaN;
  if (!m || year < MIN_YEAR || year > MAX_YEAR) {
    ctx.problem(
      inputError(
        'bad-year',
        text === '' ? `the year in column '${columnName}' is empty` : `'${text}' in column '${columnName}' is not a year`,
        { file: ctx.file, line: rec.lineOf(i), column: rec.columnOf(i), field: columnName },
        'write four-digit years (2019)',
      ),
      problemKey(entity, indicator),
    );
    return undefined;
  }
  return year;
}

/**
 * Indicator code as migdev stores it. DDF files (open-numbers, Gapminder) spell WDI codes in lower
 * case with underscores (`bx_trf_pwkr_cd_dt`); they become WDI codes so that the same data read
 * from a DDF file and a World Bank download is the same table. Other names are kept as given.
 */
export function canonicalIndicator(name: string): string {
  const t = name.trim();
  return /^[a-z]{2}(?:_[a-z0-9]+){2,}$/.test(t) ? t.toUpperCase().replace(/_/g, '.') : t;
}

export const CODE_ALIASES = ['code', 'iso3', 'iso3c', 'iso_code', 'iso', 'alpha3', 'country_iso3', 'country_code', 'countrycode', 'economy', 'geo', 'ref_area', 'entity_code'];
export const NAME_ALIASES = ['name', 'country_name', 'countryname', 'country', 'entity', 'economy_name'];
export const YEAR_ALIASES = ['year', 'time', 'period', 'time_period', 'date'];
export const INDICATOR_ALIASES = ['indicator', 'indicator_code', 'series', 'series_code', 'variable'];
export const INDICATOR_NAME_ALIASES = ['indicator_name', 'series_name'];
export const VALUE_ALIASES = ['value', 'obs_value'];

/** Code and name columns: `country` is a name where a code column also exists, else a code. */
export function entityColumns(header: readonly string[]): { code: number; name: number } {
  let code = findColumn(header, CODE_ALIASES);
  let name = findColumn(header, NAME_ALIASES.filter((a) => a !== 'country'));
  const country = findColumn(header, ['country']);
  if (code < 0 && country >= 0) code = country;
  else if (name < 0 && country >= 0) name = country;
  if (name === code) name = -1;
  return { code, name };
}

/**
 * Key fields (indicator, entity) of a row, with the filters' verdicts memoised per distinct key:
 * on the bulk WDI file 400,000 rows share 1,500 indicator codes, so each code is decoded and
 * judged once. Returns undefined for a key the filters drop.
 */
export class KeyCache {
  private readonly texts = new FieldCache();
  private readonly indicators = new Map<string, string | undefined>();
  private readonly entities = new Map<string, string | undefined>();
  private readonly filter: RowFilter;

  constructor(filter: RowFilter) {
    this.filter = filter;
  }

  indicator(rec: RecordView, col: number, canonical: (s: string) => string = (s) => s.trim()): string | undefined {
    const raw = rec.cachedField(col, this.texts) ?? '';
    let v = this.indicators.get(raw);
    if (v === undefined && !this.indicators.has(raw)) {
      const code = canonical(raw);
      v = this.filter.indicator && !this.filter.indicator(code) ? undefined : code;
      if (this.indicators.size < 100000) this.indicators.set(raw, v);
    }
    return v;
  }

  entity(rec: RecordView, col: number): string | undefined {
    const raw = rec.cachedField(col, this.texts) ?? '';
    let v = this.entities.get(raw);
    if (v === undefined && !this.entities.has(raw)) {
      const code = normCode(raw);
      v = this.filter.entity && !this.filter.entity(code) ? undefined : code;
      if (this.entities.size < 100000) this.entities.set(raw, v);
    }
    return v;
  }
}
