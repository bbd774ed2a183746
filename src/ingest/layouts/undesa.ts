import { foldName, unAreaCode } from '../../entities/index.js';
import { M49_TO_ISO3 } from '../../entities/m49.js';
import { inputError } from '../../errors.js';
import { parseYear } from '../../values.js';
import { cellNumber, checkWidth, findColumn, yearInFilter } from '../cells.js';
import type { RecordView } from '../../csv/scanner.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';

/**
 * UN DESA Population Division tables (International Migrant Stock and the like): one row per
 * region or country with its M49 location code, and year columns grouped under band titles in a
 * row above the header ("International migrant stock at mid-year, males" over 1990 … 2020).
 */

const NAME_HEADER = /^(?:region|major area)\b.*\bcountry or area\b/i;
const CODE_ALIASES = ['location_code', 'locid', 'code'];
const PERIOD = /^(\d{4})\s*[-–]\s*(\d{4})$/;

/**
 * UN DESA's own markers besides `..` (their Notes sheet): `~` withholds a number under five for
 * privacy, `—` a magnitude rounded to zero that is not zero. Neither is a value migdev can use.
 */
const WITHHELD = new Map([
  ['~', 'withheld for privacy: fewer than five people'],
  ['—', 'rounded to zero but not zero'],
]);

/**
 * A band title read as an indicator. Titles of series the WDI republishes from UN DESA take
 * their WDI codes (population in thousands multiplied out to persons, as the WDI stores it);
 * others a code made from the title itself: lower case, `_` between words.
 */
interface BandIndicator {
  code: string;
  /** Powers of ten the values are multiplied by (3: thousands to units). */
  shift: number;
  /** A WDI code (from the table below), not one made from the title. */
  wdi: boolean;
}

const KNOWN_BANDS: ReadonlyMap<string, BandIndicator> = new Map([
  ['international migrant stock at mid year both sexes combined', { code: 'SM.POP.TOTL', shift: 0, wdi: true }],
  ['international migrant stock as a percentage of the total population both sexes combined', { code: 'SM.POP.TOTL.ZS', shift: 0, wdi: true }],
  ['total population at mid year both sexes combined thousands', { code: 'SP.POP.TOTL', shift: 3, wdi: true }],
  ['total population at mid year males thousands', { code: 'SP.POP.TOTL.MA.IN', shift: 3, wdi: true }],
  ['total population at mid year females thousands', { code: 'SP.POP.TOTL.FE.IN', shift: 3, wdi: true }],
]);

/**
 * `v` × 10^`shift` as the decimal number it stands for: 16727.437 thousand is 16727437 persons,
 * where the product in doubles would be 16727437.000000002. The shortest text of `v` has its
 * exponent moved, and is read once.
 */
export function shiftDecimal(v: number, shift: number): number {
  const [mantissa, exponent] = v.toExponential().split('e');
  return Number(`${mantissa}e${Number(exponent) + shift}`);
}

function bandIndicator(title: string): BandIndicator {
  // Folded as country names are: case, accents, punctuation and spacing do not matter.
  const folded = foldName(title);
  return KNOWN_BANDS.get(folded) ?? { code: folded.replace(/ /g, '_'), shift: 0, wdi: false };
}

function nameColumn(header: readonly string[]): number {
  return header.findIndex((h) => NAME_HEADER.test(h.trim()));
}

function dataColumn(h: string): 'year' | 'period' | undefined {
  if (parseYear(h) !== undefined) return 'year';
  return PERIOD.test(h.trim()) ? 'period' : undefined;
}

/**
 * The band title over each data column: taken from the nearest row above the header that has
 * text over the data columns; a title covers its column and those to its right up to the next
 * one (Excel keeps a merged cell's text in its first cell, and CSV exports write it there).
 */
function bandTitles(above: readonly (readonly string[])[], firstData: number, width: number): Array<string | undefined> {
  const titles: Array<string | undefined> = new Array<string | undefined>(width).fill(undefined);
  for (let r = above.length - 1; r >= 0; r--) {
    const row = above[r]!;
    if (!row.slice(firstData).some((t) => t.trim() !== '')) continue;
    let current: string | undefined;
    for (let c = firstData; c < width; c++) {
      const t = (row[c] ?? '').trim();
      if (t !== '') current = t;
      titles[c] = current;
    }
    break;
  }
  return titles;
}

export const undesaLayout: Layout = {
  format: 'undesa',
  matches(header) {
    return nameColumn(header) >= 0 && findColumn(header, CODE_ALIASES) >= 0 && header.some((h) => dataColumn(h) !== undefined);
  },
  open(header, ctx: LayoutContext, above = []): LayoutReader {
    const nameCol = nameColumn(header);
    const codeCol = findColumn(header, CODE_ALIASES);
    const kinds = header.map(dataColumn);
    const firstData = kinds.findIndex((k) => k !== undefined);
    const periods = header.filter((_, i) => kinds[i] === 'period');
    const headerPlace = (i: number): { file: string; line: number; column?: number } => {
      const place = ctx.headerPlaces?.[i];
      return place ? { file: ctx.file, ...place } : { file: ctx.file, line: ctx.info.headerLine };
    };
    if (!kinds.includes('year')) {
      throw inputError(
        'unsupported-periods',
        `the table's columns are periods (${periods[0]}), not years: migdev stores values by year`,
        headerPlace(firstData),
        'read a table with year columns (stocks, shares), and compute rates of change from it',
      );
    }
    const titles = bandTitles(above, firstData, header.length);
    const columns: Array<{ col: number; year: number; indicator: string; shift: number }> = [];
    const seen = new Map<string, number>();
    const bands = new Map<string, { title: string; band: BandIndicator }>();
    for (let col = 0; col < header.length; col++) {
      if (kinds[col] !== 'year') continue;
      const title = titles[col];
      if (title === undefined) {
        throw inputError(
          'missing-band-title',
          `no title over the year column '${header[col]}': the rows above the header must say what each group of years holds`,
          headerPlace(col),
          'keep the band title row of the UN DESA table (e.g. "International migrant stock at mid-year, both sexes combined")',
        );
      }
      const band = bandIndicator(title);
      const { code, shift } = band;
      const year = parseYear(header[col]!)!;
      const key = `${code}\u0000${year}`;
      const first = seen.get(key);
      if (first !== undefined) {
        throw inputError('duplicate-header', `the year ${year} appears twice under '${title}' (columns ${first + 1} and ${col + 1})`, headerPlace(col), 'remove one of the two columns');
      }
      seen.set(key, col);
      bands.set(code, { title, band });
      if (yearInFilter(year, ctx)) columns.push({ col, year, indicator: code, shift });
    }
    const { panel, fileId, info } = ctx;
    for (const [code, { title }] of bands) if (!panel.indicatorNames.has(code)) panel.indicatorNames.set(code, title);
    info.notes.push(`UN DESA table: ${[...bands].map(([code, { title, band }]) => (band.wdi ? `${code} ('${title}')` : code)).join(', ')}`);
    if (periods.length > 0) info.notes.push(`${periods.length} columns of periods (${periods[0]} …) not read: migdev stores values by year`);
    if ([...bands.values()].some(({ band }) => band.shift === 3)) {
      info.notes.push('population in thousands multiplied by 1,000 (persons, as the WDI stores SP.POP.TOTL)');
    }
    const wanted = columns.filter((c) => !ctx.filter.indicator || ctx.filter.indicator(c.indicator));
    const firstYear = Math.min(...columns.map((c) => c.year));
    const lastYear = Math.max(...columns.map((c) => c.year));
    let areas = 0;
    const codes = new Map<string, string>();
    const withheld = new Map<string, number>();
    // Each area's first row, as the texts of its wanted cells: the panel may keep no values
    // (inspect only counts them), so a repeat is judged against the row itself.
    const firstRows = new Map<string, { line: number; cells: string[] }>();
    const repeats: string[] = [];
    const cellsOf = (rec: RecordView): string[] => wanted.map(({ col }) => (rec.field(col) ?? '').trim());
    return {
      row(rec) {
        const raw = (rec.field(codeCol) ?? '').trim();
        let entity = codes.get(raw);
        if (entity === undefined) {
          const n = /^\d{1,4}(?:\.0+)?$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
          if (Number.isNaN(n)) {
            ctx.problem(
              inputError(
                'bad-location-code',
                raw === '' ? 'the location code is empty' : `'${raw}' is not a UN M49 location code`,
                { file: ctx.file, line: rec.line, column: rec.columnOf(codeCol), field: header[codeCol]! },
                'keep the numeric Location code column of the UN DESA table',
              ),
            );
            return;
          }
          const iso = M49_TO_ISO3.get(n);
          if (iso === undefined) areas++;
          entity = iso ?? unAreaCode(n);
          codes.set(raw, entity);
        }
        if (wanted.length === 0 || (ctx.filter.entity && !ctx.filter.entity(entity))) {
          info.rowsFiltered++;
          return;
        }
        if (!checkWidth(rec, header.length, ctx, entity)) return;
        // An area listed under two headings (Australia and New Zealand is an SDG region and a
        // geographic subregion, code 927) is read once; a repeat with other values goes on to
        // be reported as a conflict.
        const first = firstRows.get(entity);
        if (first === undefined) firstRows.set(entity, { line: rec.line, cells: cellsOf(rec) });
        else if (cellsOf(rec).every((c, i) => c === first.cells[i])) {
          repeats.push(`${entity} (rows ${first.line} and ${rec.line})`);
          return;
        }
        if (!panel.entityNames.has(entity)) panel.entityNames.set(entity, (rec.field(nameCol) ?? '').trim().replace(/\s*\*+$/, ''));
        for (const { col, year, indicator, shift } of wanted) {
          if (rec.plainNumber(col, ctx.decimalComma) === undefined) {
            const marker = (rec.field(col) ?? '').trim();
            if (WITHHELD.has(marker)) {
              withheld.set(marker, (withheld.get(marker) ?? 0) + 1);
              continue;
            }
          }
          const v = cellNumber(rec, col, ctx, header[col]!, entity, indicator, year);
          if (v === null) continue;
          panel.reserve(entity, indicator, firstYear, lastYear);
          panel.set(entity, indicator, year, shift === 0 ? v : shiftDecimal(v, shift), fileId, rec.line);
          info.values++;
        }
      },
      finish() {
        if (repeats.length > 0) info.notes.push(`${repeats.length} area${repeats.length === 1 ? '' : 's'} listed twice with the same values, read once: ${repeats.join(', ')}`);
        for (const [marker, n] of withheld) info.notes.push(`${n} cell${n === 1 ? '' : 's'} marked ${marker} (${WITHHELD.get(marker)}) read as missing`);
        if (areas > 0) info.notes.push(`${areas} regions and groups kept as M49.<code> aggregates (UN groupings, not the World Bank's)`);
      },
    };
  },
};
