/** One service's price quote in a corridor, as the World Bank's Remittance Prices Worldwide lists them. */
export interface PriceQuote {
  sending: string;
  receiving: string;
  /** `2019` or `2019Q1` (quarters normalised from `2019_1Q`, `Q1 2019`…). */
  period: string;
  year: number;
  /** The service: firm and product as the file names them (`Western Union · Cash to cash`). */
  service: string;
  /** Bank, money transfer operator, post office… when the file says. */
  firmType: string | undefined;
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
