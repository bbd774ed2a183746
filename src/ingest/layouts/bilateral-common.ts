import { builtinEntity, foldName, resolveName } from '../../entities/index.js';
import { inputError } from '../../errors.js';
import type { RecordView } from '../../csv/scanner.js';
import type { LayoutContext } from '../types.js';

/** Header key for alias matching: lower case, every run of punctuation or space is one `_`. */
export function headerKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Index of the first header matching any alias (in alias order), or -1. */
export function findKey(header: readonly string[], aliases: readonly string[]): number {
  const keys = header.map(headerKey);
  for (const alias of aliases) {
    const i = keys.indexOf(alias);
    if (i >= 0) return i;
  }
  return -1;
}

/** Words that say a matrix's rows (or a column) are origins: the sending side. */
export const ORIGIN_WORDS = ['origin', 'orig', 'sending', 'sender', 'from', 'source', 'coo', 'country_of_origin', 'origin_country', 'sending_country'];
/** Words that say a matrix's rows (or a column) are destinations: the receiving side. */
export const DESTINATION_WORDS = ['destination', 'dest', 'receiving', 'receiver', 'to', 'host', 'asylum', 'coa', 'country_of_asylum', 'destination_country', 'receiving_country'];

/** Labels of total rows and columns in published matrices. */
const TOTAL_LABELS = new Set(['total', 'totals', 'total remittances', 'world', 'world total', 'grand total', 'all', 'all countries', 'sum']);

/**
 * UN M49 regions and sub-regions, as they appear among the countries of UN DESA tables. They are
 * sums of countries that the same table lists one by one, so they are never stored as partners.
 */
const UN_REGIONS = new Set(
  [
    'Africa', 'Asia', 'Europe', 'Oceania', 'Americas', 'Northern America', 'Latin America and the Caribbean',
    'Eastern Africa', 'Middle Africa', 'Northern Africa', 'Southern Africa', 'Western Africa', 'Sub-Saharan Africa',
    'Caribbean', 'Central America', 'South America', 'Central Asia', 'Eastern Asia', 'South-Eastern Asia', 'Southern Asia',
    'Western Asia', 'Eastern Europe', 'Northern Europe', 'Southern Europe', 'Western Europe', 'Australia and New Zealand',
    'Australia/New Zealand', 'Melanesia', 'Micronesia', 'Polynesia', 'More developed regions', 'Less developed regions',
    'Least developed countries', 'Less developed regions, excluding least developed countries',
    'High-income countries', 'Middle-income countries', 'Upper-middle-income countries', 'Lower-middle-income countries',
    'Low-income countries', 'No income group available', 'Developed regions', 'Developing regions',
  ].map(foldName),
);

/** Residual partner groups: "Other North", "Other South", "Unidentified*", "Unknown"… */
const RESIDUAL = /^(other|others|unidentified|unknown|unspecified|not specified|various|rest of)\b/;

export type Label =
  | { kind: 'country'; code: string }
  | { kind: 'residual'; code: string; name: string }
  | { kind: 'total' }
  | { kind: 'region'; name: string };

/** Code for a residual group, derived from its name: "Other North" → OTHER_NORTH. */
export function residualCode(name: string): string {
  return foldName(name).toUpperCase().replace(/ /g, '_');
}

/** The World Bank's RPW still writes KSV for Kosovo; migdev's code is XKX. */
const CODE_CROSSWALK: Readonly<Record<string, string>> = { KSV: 'XKX' };

export function normPartnerCode(text: string): string {
  const c = text.trim().toUpperCase();
  return CODE_CROSSWALK[c] ?? c;
}

/** A cell that is a code rather than a name: no lower-case letters, or three letters (`bra`). */
export function looksLikeCode(text: string): boolean {
  const t = text.trim();
  return /^[A-Za-z]{3}$/.test(t) || /^[A-Z0-9][A-Z0-9_.-]*$/.test(t);
}

/**
 * What a row or column label of a matrix is: a country (by code or by name), a residual group,
 * a total, or a UN/World Bank region (a sum of countries). Undefined when nothing matches.
 */
export function classifyLabel(text: string): Label | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const folded = foldName(t);
  if (TOTAL_LABELS.has(folded)) return { kind: 'total' };
  if (UN_REGIONS.has(folded)) return { kind: 'region', name: t };
  if (RESIDUAL.test(folded)) return { kind: 'residual', code: residualCode(t), name: t };
  const asCode = normPartnerCode(t);
  const builtin = /^[A-Z]{3}$/.test(asCode) ? builtinEntity(asCode) : undefined;
  const code = builtin ? builtin.code : resolveName(t);
  if (code === undefined) return undefined;
  if (code === 'WLD') return { kind: 'total' };
  if (builtinEntity(code)?.aggregate) return { kind: 'region', name: t };
  return { kind: 'country', code };
}

export function unknownName(name: string, ctx: LayoutContext, line: number, column: number, field: string): never {
  throw inputError(
    'unknown-country-name',
    `'${name}' in column '${field}' is not a country name migdev knows`,
    { file: ctx.file, line, column, field },
    'write ISO3 codes (MEX, PHL…) or a World Bank / UN spelling of the name',
  );
}

/**
 * Resolves country cells of long rows: codes are kept (upper-cased, KSV → XKX), names go through
 * the alias table, each distinct text once. A name that does not resolve is an input error.
 */
export class CellResolver {
  private readonly cache = new Map<string, string>();

  constructor(private readonly ctx: LayoutContext) {}

  code(rec: RecordView, col: number, field: string): string {
    const text = rec.field(col) ?? '';
    let code = this.cache.get(text);
    if (code !== undefined) return code;
    code = this.resolve(text.trim());
    if (code === undefined) unknownName(text.trim(), this.ctx, rec.lineOf(col), rec.columnOf(col), field);
    this.cache.set(text, code);
    return code;
  }

  private resolve(t: string): string | undefined {
    if (t === '') return '';
    const asCode = normPartnerCode(t);
    if (builtinEntity(asCode)) return asCode;
    const named = resolveName(t);
    if (named !== undefined) return named;
    if (RESIDUAL.test(foldName(t))) {
      const code = residualCode(t);
      this.ctx.bilateral.nonCountries.add(code);
      this.ctx.bilateral.names.set(code, t);
      return code;
    }
    return looksLikeCode(t) ? asCode : undefined;
  }
}

/** `2011`, `2011Q1`, `2011 Q1`, `2011-Q1`, `2011_1Q`, `Q1 2011` → [year, quarter (0 = whole year)]. */
export function parsePeriod(text: string): [number, number] | undefined {
  const t = text.trim();
  let m = /^(\d{4})(?:\.0+)?$/.exec(t);
  if (m) return [Number(m[1]), 0];
  m = /^(\d{4})[\s_-]*Q([1-4])$/i.exec(t) ?? /^(\d{4})[\s_-]*([1-4])Q$/i.exec(t);
  if (m) return [Number(m[1]), Number(m[2])];
  m = /^Q([1-4])[\s_-]*(\d{4})$/i.exec(t);
  if (m) return [Number(m[2]), Number(m[1])];
  return undefined;
}

/** True when `filter.entity` keeps the row: either side of a corridor may be the one asked for. */
export function keepPair(ctx: LayoutContext, origin: string, destination: string): boolean {
  const f = ctx.filter.entity;
  return !f || f(origin) || f(destination);
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
