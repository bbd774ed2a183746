import { inputError } from './errors.js';

/** `2011Q1` for a quarter, `2011` for a year, empty when there is no year. */
export function periodLabel(year: number, quarter: number): string {
  if (Number.isNaN(year)) return '';
  return quarter === 0 ? String(year) : `${year}Q${quarter}`;
}

export type MatrixTotalKind = 'origin' | 'destination' | 'grand';

/** A total printed in a matrix (a `Total` row or column), kept to check against computed sums. */
export interface DeclaredTotal {
  /** `origin`: total over destinations for this origin; `destination`: over origins; `grand`: both. */
  kind: MatrixTotalKind;
  code: string;
  year: number | undefined;
  indicator: string;
  value: number;
  file: string;
  line: number;
}

/**
 * Bilateral values (origin × destination × year × indicator), stored column-wise. Origin is the
 * sending / origin country, destination the receiving / destination country (SPEC "Output").
 */
export class BilateralTable {
  readonly origin: string[] = [];
  readonly destination: string[] = [];
  /** NaN when the file gives no year. */
  readonly year: number[] = [];
  /** Sub-annual period: 0 for a whole year (or no year), 1–4 for a quarter of `year`. */
  readonly quarter: number[] = [];
  readonly indicator: string[] = [];
  readonly value: number[] = [];
  readonly file: string[] = [];
  readonly line: number[] = [];
  /** Names seen for codes (countries and partner groups). */
  readonly names = new Map<string, string>();
  /** Partners that are not countries ("Other North", "Unidentified"…), kept under their own name. */
  readonly nonCountries = new Set<string>();
  readonly totals: DeclaredTotal[] = [];
  /** Indicator names seen in the files (DataBank `Series Name`). */
  readonly indicatorNames = new Map<string, string>();
  /** Key → position. Keys are numbers packed from interned codes (strings past the packing limits). */
  private readonly index = new Map<number | string, number>();
  private readonly codeIds = new Map<string, number>();
  private readonly indicatorIds = new Map<string, number>();
  private quarterCount = 0;
  /**
   * Keeps each file's values apart: the same corridor in two files is two values, not a
   * conflict (profile reads a migrant-stock and a remittance matrix that both say `value`).
   */
  private readonly perFile: boolean;

  constructor(opts: { perFile?: boolean } = {}) {
    this.perFile = opts.perFile === true;
  }

  get size(): number {
    return this.value.length;
  }

  /** True when some value is for a quarter rather than a whole year. */
  get hasQuarters(): boolean {
    return this.quarterCount > 0;
  }

  add(origin: string, destination: string, year: number | undefined, indicator: string, value: number, file: string, line: number, quarter = 0): void {
    const key = this.key(origin, destination, year ?? Number.NaN, quarter, this.perFile ? `${indicator}\u0000${file}` : indicator);
    const at = this.index.get(key);
    if (at !== undefined) {
      if (this.value[at] === value) return;
      throw inputError(
        'conflicting-duplicate',
        `${origin}→${destination} ${periodLabel(year ?? Number.NaN, quarter)} ${indicator} is ${value} here but ${this.value[at]} at ${this.file[at]}:${this.line[at]}`,
        { file, line },
        'remove one of the two rows or pass only one of the files',
      );
    }
    this.index.set(key, this.value.length);
    this.origin.push(origin);
    this.destination.push(destination);
    this.year.push(year ?? Number.NaN);
    this.quarter.push(quarter);
    if (quarter !== 0) this.quarterCount++;
    this.indicator.push(indicator);
    this.value.push(value);
    this.file.push(file);
    this.line.push(line);
  }

  private intern(map: Map<string, number>, s: string): number {
    let id = map.get(s);
    if (id === undefined) {
      id = map.size;
      map.set(s, id);
    }
    return id;
  }

  /** 14 + 14 + 10 + 12 + 3 bits = 53: origin, destination, indicator, year, quarter in one safe integer. */
  private key(origin: string, destination: string, year: number, quarter: number, indicator: string): number | string {
    const o = this.intern(this.codeIds, origin);
    const d = this.intern(this.codeIds, destination);
    const i = this.intern(this.indicatorIds, indicator);
    const y = Number.isNaN(year) ? 4095 : year;
    const yearFits = Number.isNaN(year) || (Number.isInteger(year) && year >= 0 && year < 4095);
    if (o < 16384 && d < 16384 && i < 1024 && yearFits && Number.isInteger(quarter) && quarter >= 0 && quarter < 8) {
      return (((o * 16384 + d) * 1024 + i) * 4096 + y) * 8 + quarter;
    }
    return `${origin}\u0000${destination}\u0000${year}\u0000${quarter}\u0000${indicator}`;
  }

  indicators(): string[] {
    return [...new Set(this.indicator)].sort();
  }
}
