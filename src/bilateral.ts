import { inputError } from './errors.js';

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
  readonly indicator: string[] = [];
  readonly value: number[] = [];
  readonly file: string[] = [];
  readonly line: number[] = [];
  /** Names seen for codes (countries and partner groups). */
  readonly names = new Map<string, string>();
  /** Partners that are not countries ("Other North", "Unidentified"…), kept under their own name. */
  readonly nonCountries = new Set<string>();
  readonly totals: DeclaredTotal[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.value.length;
  }

  add(origin: string, destination: string, year: number | undefined, indicator: string, value: number, file: string, line: number): void {
    const key = `${origin}\u0000${destination}\u0000${year ?? ''}\u0000${indicator}`;
    const at = this.index.get(key);
    if (at !== undefined) {
      if (this.value[at] === value) return;
      throw inputError(
        'conflicting-duplicate',
        `${origin}→${destination} ${year ?? ''} ${indicator} is ${value} here but ${this.value[at]} at ${this.file[at]}:${this.line[at]}`,
        { file, line },
        'remove one of the two rows or pass only one of the files',
      );
    }
    this.index.set(key, this.value.length);
    this.origin.push(origin);
    this.destination.push(destination);
    this.year.push(year ?? Number.NaN);
    this.indicator.push(indicator);
    this.value.push(value);
    this.file.push(file);
    this.line.push(line);
  }

  indicators(): string[] {
    return [...new Set(this.indicator)].sort();
  }
}
