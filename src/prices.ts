/** One service's price quote in a corridor, as the World Bank's Remittance Prices Worldwide lists them. */
export interface PriceQuote {
  sending: string;
  receiving: string;
  /** `2019`, `2019Q1` or `2019H1`, as the file gives it. */
  period: string;
  year: number;
  service: string;
  /** Total cost in % of the amount sent (fee + FX margin), the SDG 10.c.1 measure. */
  totalCostPct: number;
  feePct: number | undefined;
  fxMarginPct: number | undefined;
  file: string;
  line: number;
}

export class PriceTable {
  readonly quotes: PriceQuote[] = [];
  readonly names = new Map<string, string>();

  get size(): number {
    return this.quotes.length;
  }

  add(q: PriceQuote): void {
    this.quotes.push(q);
  }
}
