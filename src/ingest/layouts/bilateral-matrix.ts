import { inputError } from '../../errors.js';
import { INDICATOR_ALIASES, YEAR_ALIASES, canonicalIndicator, cellNumber, checkWidth, yearInFilter } from '../cells.js';
import type { MatrixTotalKind } from '../../bilateral.js';
import type { RecordView } from '../../csv/scanner.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';
import {
  DESTINATION_WORDS,
  type Label,
  ORIGIN_WORDS,
  classifyLabel,
  headerKey,
  keepPair,
  looksLikeCode,
  normPartnerCode,
  parsePeriod,
  plural,
  unknownName,
} from './bilateral-common.js';

interface Shape {
  year: number;
  indicator: number;
  /** The column of row labels (countries); its header may say which way the matrix runs. */
  label: number;
  /** Partner columns after the key columns; `undefined` label: not recognised. */
  partners: Array<{ col: number; label: Label | undefined }>;
  countries: number;
  recognised: number;
}

const MAX_KEY_COLUMNS = 3;

/** Splits a header into key columns (year, indicator, row labels) and partner columns. */
function shape(header: readonly string[]): Shape | undefined {
  let i = 0;
  while (i < header.length && i < MAX_KEY_COLUMNS && classifyLabel(header[i]!) === undefined) i++;
  if (i === 0) return undefined;
  let year = -1;
  let indicator = -1;
  const rest: number[] = [];
  for (let k = 0; k < i; k++) {
    const key = headerKey(header[k]!);
    if (year < 0 && YEAR_ALIASES.includes(key)) year = k;
    else if (indicator < 0 && INDICATOR_ALIASES.includes(key)) indicator = k;
    else rest.push(k);
  }
  if (rest.length !== 1) return undefined;
  const partners: Shape['partners'] = [];
  let countries = 0;
  let recognised = 0;
  for (let k = i; k < header.length; k++) {
    if (header[k]!.trim() === '') continue;
    const label = classifyLabel(header[k]!);
    partners.push({ col: k, label });
    if (label) recognised++;
    if (label?.kind === 'country') countries++;
  }
  return { year, indicator, label: rest[0]!, partners, countries, recognised };
}

/** Which way a matrix runs, from the header of its label column: `Sending` → rows are origins. */
function direction(labelHeader: string): 'origin' | 'destination' | undefined {
  // The World Bank's 2017 matrices: `receiving (across) / sending (down)` — the rows are the `(down)` side.
  const down = /([a-z][a-z ]*?)\s*\(down\)/i.exec(labelHeader);
  const key = headerKey(down ? down[1]! : labelHeader);
  if (ORIGIN_WORDS.includes(key)) return 'origin';
  if (DESTINATION_WORDS.includes(key)) return 'destination';
  return undefined;
}

/**
 * Bilateral matrices: one row per origin (or destination), one column per partner, partners named
 * by country names or codes — the World Bank's remittance matrices (`Sending;<receivers…>`), UN
 * DESA's origin × destination stock (`Year,Dest,<origins…>`). Total rows and columns become
 * declared totals; residual groups ("Other South") are partners flagged as not countries; UN and
 * World Bank regions among the countries are sums of them and are skipped with a note.
 */
export const bilateralMatrixLayout: Layout = {
  format: 'bilateral',
  matches(header) {
    const s = shape(header);
    return s !== undefined && s.countries >= 2 && s.recognised >= 0.8 * s.partners.length;
  },
  matchesForced(header) {
    const s = shape(header);
    return s !== undefined && s.countries >= 1;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const s = shape(header)!;
    const { bilateral, info, file } = ctx;
    const bad = s.partners.find((p) => p.label === undefined);
    if (bad) unknownName(header[bad.col]!.trim(), ctx, info.headerLine, bad.col + 1, 'header');
    const labelHeader = header[s.label]!.trim();
    const said = direction(labelHeader);
    const rowsAre = ctx.matrixRows ?? said;
    if (rowsAre === undefined) {
      throw inputError(
        'matrix-direction',
        `cannot tell whether the rows of this matrix are origins or destinations (its first column is '${labelHeader}')`,
        { file, line: info.headerLine, column: s.label + 1 },
        'pass --matrix-rows origin (rows send, columns receive) or --matrix-rows destination',
      );
    }
    const rowsOrigin = rowsAre === 'origin';
    info.notes.push(
      `matrix: rows are ${rowsAre}s, columns ${rowsOrigin ? 'destination' : 'origin'}s (${ctx.matrixRows ? `--matrix-rows${said && said !== rowsAre ? `, although the header says '${labelHeader}'` : ''}` : `header '${labelHeader}'`})`,
    );

    const seen = new Map<string, number>();
    const columns: Array<{ col: number; code: string | undefined; total: boolean }> = [];
    const skippedColumns: string[] = [];
    for (const { col, label } of s.partners) {
      const l = label!;
      if (l.kind === 'region') {
        skippedColumns.push(l.name);
        continue;
      }
      if (l.kind === 'total') {
        columns.push({ col, code: undefined, total: true });
        continue;
      }
      const prior = seen.get(l.code);
      if (prior !== undefined) {
        throw inputError(
          'duplicate-header',
          `the columns '${header[prior]!.trim()}' and '${header[col]!.trim()}' are the same country (${l.code})`,
          { file, line: info.headerLine, column: col + 1 },
          'remove or rename one of them',
        );
      }
      seen.set(l.code, col);
      if (l.kind === 'residual') bilateral.nonCountries.add(l.code);
      if (!bilateral.names.has(l.code)) bilateral.names.set(l.code, header[col]!.trim());
      columns.push({ col, code: l.code, total: false });
    }
    if (skippedColumns.length > 0) info.notes.push(`skipped ${plural(skippedColumns.length, 'region column')} (sums of countries): ${skippedColumns.join(', ')}`);

    const skippedRows = new Map<string, number>();
    const totalLabels = new Set<string>();
    for (const p of s.partners) if (p.label?.kind === 'total') totalLabels.add(header[p.col]!.trim());
    let dashes = 0;
    const filtered = ctx.filter.entity !== undefined;

    const rowLabel = (rec: RecordView): Label => {
      const text = (rec.field(s.label) ?? '').trim();
      const label = classifyLabel(text);
      if (label) return label;
      if (text !== '' && looksLikeCode(text)) return { kind: 'country', code: normPartnerCode(text) };
      if (text === '') {
        throw inputError('missing-code', `the ${labelHeader || 'first'} column is empty`, { file, line: rec.line, column: rec.columnOf(s.label) }, 'fill in the country, or delete the row');
      }
      return unknownName(text, ctx, rec.lineOf(s.label), rec.columnOf(s.label), labelHeader || 'row label');
    };
    const value = (rec: RecordView, col: number): number | null => {
      if ((rec.field(col) ?? '').trim() === '-') {
        dashes++;
        return null;
      }
      return cellNumber(rec, col, ctx, header[col]!);
    };
    const declare = (kind: MatrixTotalKind, code: string, year: number | undefined, indicator: string, v: number, line: number): void => {
      bilateral.totals.push({ kind, code, year, indicator, value: v, file, line });
    };

    return {
      row(rec) {
        checkWidth(rec, header.length, ctx);
        let year: number | undefined;
        let quarter = 0;
        if (s.year >= 0) {
          const p = parsePeriod(rec.field(s.year) ?? '');
          if (!p) {
            throw inputError(
              'bad-year',
              `'${(rec.field(s.year) ?? '').trim()}' in column '${header[s.year]}' is not a year`,
              { file, line: rec.lineOf(s.year), column: rec.columnOf(s.year), field: header[s.year]! },
              'write four-digit years (2019)',
            );
          }
          [year, quarter] = p;
          if (!yearInFilter(year, ctx)) {
            info.rowsFiltered++;
            return;
          }
        }
        const indicator = s.indicator >= 0 ? canonicalIndicator(rec.field(s.indicator) ?? '') : 'value';
        if (ctx.filter.indicator && !ctx.filter.indicator(indicator)) {
          info.rowsFiltered++;
          return;
        }
        const label = rowLabel(rec);
        if (label.kind === 'region') {
          const name = (rec.field(s.label) ?? '').trim();
          skippedRows.set(name, (skippedRows.get(name) ?? 0) + 1);
          return;
        }
        if (label.kind === 'total') {
          totalLabels.add((rec.field(s.label) ?? '').trim());
          for (const c of columns) {
            const v = value(rec, c.col);
            if (v === null) continue;
            if (c.total) {
              if (!filtered) declare('grand', '', year, indicator, v, rec.line);
            } else if (!filtered || ctx.filter.entity!(c.code!)) {
              declare(rowsOrigin ? 'destination' : 'origin', c.code!, year, indicator, v, rec.line);
            }
          }
          return;
        }
        const code = label.code;
        if (label.kind === 'residual') bilateral.nonCountries.add(code);
        if (!bilateral.names.has(code)) bilateral.names.set(code, (rec.field(s.label) ?? '').trim());
        const keepRow = !filtered || ctx.filter.entity!(code);
        let kept = 0;
        for (const c of columns) {
          if (c.total) {
            const v = keepRow ? value(rec, c.col) : null;
            if (v !== null) declare(rowsOrigin ? 'origin' : 'destination', code, year, indicator, v, rec.line);
            continue;
          }
          const o = rowsOrigin ? code : c.code!;
          const d = rowsOrigin ? c.code! : code;
          if (filtered && !keepPair(ctx, o, d)) continue;
          kept++;
          const v = value(rec, c.col);
          if (v !== null) {
            bilateral.add(o, d, year, indicator, v, file, rec.line, quarter);
            info.values++;
          }
        }
        if (kept === 0) info.rowsFiltered++;
      },
      finish() {
        if (skippedRows.size > 0) {
          const n = [...skippedRows.values()].reduce((a, b) => a + b, 0);
          info.notes.push(`skipped ${plural(n, 'row')} of ${plural(skippedRows.size, 'region')} that are sums of the countries listed (${[...skippedRows.keys()].join(', ')})`);
        }
        if (totalLabels.size > 0) info.notes.push(`totals (${[...totalLabels].join(', ')}) kept apart as published totals, not partners`);
        if (dashes > 0) info.notes.push(`${plural(dashes, 'cell')} holding '-' read as missing`);
      },
    };
  },
};
