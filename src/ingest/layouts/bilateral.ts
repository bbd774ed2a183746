import { inputError } from '../../errors.js';
import { INDICATOR_ALIASES, VALUE_ALIASES, YEAR_ALIASES, canonicalIndicator, cellNumber, checkWidth, yearInFilter } from '../cells.js';
import type { RecordView } from '../../csv/scanner.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';
import { CellResolver, findKey, headerKey, keepPair, parsePeriod, plural } from './bilateral-common.js';

/** Origin code columns, most specific first (a code column wins over a name column). */
const ORIGIN_CODE = [
  'origin_code', 'origin_iso3', 'origin_iso', 'iso3_origin', 'orig_code', 'country_orig_id', 'country_origin_code',
  'coo_iso', 'coo_code', 'country_of_origin_iso', 'country_of_origin_code', 'sending_code', 'sending_country_code', 'from_code',
  'origin', 'orig', 'coo', 'sending', 'from', 'country_of_origin', 'origin_country', 'sending_country', 'country_orig',
];
const ORIGIN_NAME = ['origin_name', 'orig_name', 'country_orig', 'coo_name', 'country_of_origin', 'origin_country', 'sending_name', 'sending_country_name', 'sending_country'];
const DESTINATION_CODE = [
  'destination_code', 'destination_iso3', 'destination_iso', 'iso3_destination', 'dest_code', 'country_dest_id', 'country_destination_code',
  'coa_iso', 'coa_code', 'country_of_asylum_iso', 'country_of_asylum_code', 'asylum_code', 'receiving_code', 'receiving_country_code', 'to_code',
  'destination', 'dest', 'coa', 'asylum', 'receiving', 'host', 'to', 'country_of_asylum', 'destination_country', 'receiving_country', 'country_dest',
];
const DESTINATION_NAME = [
  'destination_name', 'dest_name', 'country_dest', 'coa_name', 'country_of_asylum', 'destination_country', 'receiving_name', 'receiving_country_name', 'receiving_country',
];

/** The partner that stands for an empty origin or destination cell. */
export const UNKNOWN = 'UNKNOWN';

/** Descriptive columns that sit beside bilateral values and are not values. */
const ATTRIBUTES = new Set(['metadata', 'notes', 'note', 'comment', 'comments', 'unit', 'units', 'source', 'flag', 'flags', 'footnote', 'indicator_name', 'series_name']);

/** `countryflow_1990` → [countryflow, 1990]; a bare `1990` → [value, 1990]. */
function yearSuffix(name: string): [string, number] | undefined {
  const m = /^(.*?)[\s_.-]*(\d{4})$/.exec(name.trim());
  if (!m) return undefined;
  const year = Number(m[2]);
  if (year < 1000 || year > 2999) return undefined;
  return [m[1] === '' ? 'value' : m[1]!, year];
}

interface Columns {
  origin: number;
  destination: number;
  originName: number;
  destinationName: number;
  year: number;
  indicator: number;
  value: number;
  /** Value columns when there is no `value` column: index, indicator, year from the header (or NaN). */
  values: Array<[number, string, number]>;
  /** Region-level value columns (`regionflow_1990`), skipped. */
  regionValues: string[];
}

function columns(header: readonly string[]): Columns | undefined {
  const origin = findKey(header, ORIGIN_CODE);
  const destination = findKey(header, DESTINATION_CODE);
  if (origin < 0 || destination < 0 || origin === destination) return undefined;
  const originName = findKey(header, ORIGIN_NAME);
  const destinationName = findKey(header, DESTINATION_NAME);
  const year = findKey(header, YEAR_ALIASES);
  const indicator = findKey(header, INDICATOR_ALIASES);
  const value = findKey(header, VALUE_ALIASES);
  const used = new Set([origin, destination, originName, destinationName, year, indicator, value]);
  const values: Array<[number, string, number]> = [];
  const regionValues: string[] = [];
  if (value < 0) {
    header.forEach((h, i) => {
      const key = headerKey(h);
      if (used.has(i) || key === '' || ATTRIBUTES.has(key) || key.endsWith('_name')) return;
      // Region labels and region-level values (Abel & Sander's region_orig, regionflow_1990…).
      if (key.startsWith('region')) {
        if (yearSuffix(h)) regionValues.push(h.trim());
        return;
      }
      const suffix = yearSuffix(h);
      values.push(suffix ? [i, canonicalIndicator(suffix[0]), suffix[1]] : [i, canonicalIndicator(h), Number.NaN]);
    });
    if (values.length === 0) return undefined;
  }
  return { origin, destination, originName: originName === origin ? -1 : originName, destinationName: destinationName === destination ? -1 : destinationName, year, indicator, value, values, regionValues };
}

/**
 * Bilateral long rows: origin, destination, optional year (or quarter) and indicator, then one
 * `value` column or several value columns, each an indicator — UNHCR's
 * `year,orig,dest,refugees,asylum_seekers`, or Abel & Sander's `countryflow_1990…` whose
 * header carries the year.
 */
export const bilateralLongLayout: Layout = {
  format: 'bilateral',
  matches(header) {
    return columns(header) !== undefined;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const c = columns(header)!;
    const { bilateral, filter, info, file } = ctx;
    const resolver = new CellResolver(ctx);
    const valueCols = c.value >= 0 ? [] : c.values.filter(([, ind]) => !filter.indicator || filter.indicator(ind));
    const byHeaderYear = valueCols.some(([, , y]) => !Number.isNaN(y));
    if (c.regionValues.length > 0) {
      info.notes.push(
        `skipped ${c.regionValues.length} region-level columns (${c.regionValues.join(', ')}): they repeat region totals on every country row and are not country pairs`,
      );
    }
    if (byHeaderYear) {
      const years = [...new Set(valueCols.map(([, , y]) => y))].filter((y) => !Number.isNaN(y)).sort();
      const step = years.length > 1 ? years[1]! - years[0]! : 0;
      const first = valueCols.find(([, , y]) => !Number.isNaN(y))!;
      let note = `years ${years.join(', ')} come from the column names (${header[first[0]]!.trim()}…)`;
      if (step > 1 && years.every((y, i) => i === 0 || y - years[i - 1]! === step)) {
        note += `; they are ${step} years apart: flow estimates such as Abel & Sander's cover the ${step}-year period starting that year (${years[0]} = ${years[0]}–${years[0]! + step})`;
      }
      info.notes.push(note);
    }
    let unknownSide = 0;
    const side = (rec: RecordView, col: number, nameCol: number): string => {
      const code = resolver.code(rec, col, header[col]!);
      if (nameCol >= 0 && code !== '' && !bilateral.names.has(code)) {
        const name = (rec.field(nameCol) ?? '').trim();
        if (name !== '') bilateral.names.set(code, name);
      }
      return code;
    };
    const period = (rec: RecordView): [number, number] | undefined => {
      if (c.year < 0) return undefined;
      const p = parsePeriod(rec.field(c.year) ?? '');
      if (!p) {
        const text = (rec.field(c.year) ?? '').trim();
        throw inputError(
          'bad-year',
          text === '' ? `the year in column '${header[c.year]}' is empty` : `'${text}' in column '${header[c.year]}' is not a year or quarter`,
          { file, line: rec.lineOf(c.year), column: rec.columnOf(c.year), field: header[c.year]! },
          'write four-digit years (2019) or quarters (2019Q1)',
        );
      }
      return p;
    };
    return {
      row(rec) {
        let indicator = 'value';
        if (c.indicator >= 0) {
          indicator = canonicalIndicator(rec.field(c.indicator) ?? '');
          if (filter.indicator && !filter.indicator(indicator)) {
            info.rowsFiltered++;
            return;
          }
        } else if (c.value < 0 && valueCols.length === 0) {
          info.rowsFiltered++;
          return;
        }
        const p = period(rec);
        if (p && !yearInFilter(p[0], ctx)) {
          info.rowsFiltered++;
          return;
        }
        checkWidth(rec, header.length, ctx);
        let origin = side(rec, c.origin, c.originName);
        let destination = side(rec, c.destination, c.destinationName);
        if (origin === '' || destination === '') {
          // UNHCR leaves the country empty where it is unknown ("various"): kept, flagged.
          unknownSide++;
          bilateral.nonCountries.add(UNKNOWN);
          bilateral.names.set(UNKNOWN, 'unknown (empty in the file)');
          if (origin === '') origin = UNKNOWN;
          if (destination === '') destination = UNKNOWN;
        }
        if (!keepPair(ctx, origin, destination)) {
          info.rowsFiltered++;
          return;
        }
        if (c.value >= 0) {
          if (c.indicator >= 0 && indicator === '') {
            throw inputError('missing-indicator', `the ${header[c.indicator]} is empty`, { file, line: rec.line, column: rec.columnOf(c.indicator) }, 'fill it in, or delete the row');
          }
          const v = cellNumber(rec, c.value, ctx, header[c.value]!);
          if (v !== null) {
            bilateral.add(origin, destination, p?.[0], indicator, v, file, rec.line, p?.[1] ?? 0);
            info.values++;
          }
          return;
        }
        for (const [col, ind, headerYear] of valueCols) {
          const year = Number.isNaN(headerYear) ? p?.[0] : headerYear;
          if (!Number.isNaN(headerYear) && !yearInFilter(headerYear, ctx)) continue;
          const v = cellNumber(rec, col, ctx, header[col]!);
          if (v !== null) {
            bilateral.add(origin, destination, year, ind, v, file, rec.line, Number.isNaN(headerYear) ? (p?.[1] ?? 0) : 0);
            info.values++;
          }
        }
      },
      finish() {
        if (unknownSide > 0) {
          info.notes.push(`${plural(unknownSide, 'row')} with an empty origin or destination: kept under the partner UNKNOWN (not a country)`);
        }
      },
    };
  },
};
