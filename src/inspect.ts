import { builtinEntity } from './entities/index.js';
import { emptyDataset, readInto } from './ingest/read.js';
import type { ReadOptions, SourceInfo } from './ingest/types.js';
import { CountingPanel } from './counting-panel.js';

export interface IndicatorReport {
  code: string;
  name: string;
  entities: number;
  firstYear: number | null;
  lastYear: number | null;
  values: number;
  /** Values ÷ (entities with data × years in the indicator's span). */
  coverage: number | null;
}

export interface BilateralReport {
  rows: number;
  origins: number;
  destinations: number;
  indicators: string[];
  firstYear: number | null;
  lastYear: number | null;
  /** Partners that are not countries ("Other South"…). */
  nonCountries: string[];
  declaredTotals: number;
}

export interface PricesReport {
  quotes: number;
  corridors: number;
  sending: number;
  receiving: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
}

export interface InspectReport extends SourceInfo {
  entities: { total: number; countries: number; aggregates: string[]; other: string[] };
  firstYear: number | null;
  lastYear: number | null;
  indicators: IndicatorReport[];
  bilateral: BilateralReport | null;
  prices: PricesReport | null;
  metaEntities: number;
}

/** What one file holds: layout, encoding, rows, entities, indicators, years and coverage. */
export async function inspectFile(path: string, opts: ReadOptions = {}): Promise<InspectReport> {
  const panel = new CountingPanel();
  const data = { ...emptyDataset(), panel };
  const info = await readInto(path, data, { ...opts, listSheets: true });
  const { bilateral, prices } = data;
  const entities = panel.entities();
  const aggregates = entities.filter((e) => builtinEntity(e)?.aggregate === true);
  const other = entities.filter((e) => builtinEntity(e) === undefined);
  const indicators: IndicatorReport[] = panel.indicators().map((code) => {
    const c = panel.countsOf(code)!;
    const span = c.hi >= c.lo ? c.hi - c.lo + 1 : 0;
    return {
      code,
      name: panel.indicatorNames.get(code) ?? '',
      entities: c.entities,
      firstYear: span ? c.lo : null,
      lastYear: span ? c.hi : null,
      values: c.values,
      coverage: span && c.entities ? c.values / (c.entities * span) : null,
    };
  });
  const span = panel.yearSpan();
  let bilateralReport: BilateralReport | null = null;
  if (bilateral.size > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const y of bilateral.year) {
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    bilateralReport = {
      rows: bilateral.size,
      origins: new Set(bilateral.origin).size,
      destinations: new Set(bilateral.destination).size,
      indicators: bilateral.indicators(),
      firstYear: lo <= hi ? lo : null,
      lastYear: lo <= hi ? hi : null,
      nonCountries: [...bilateral.nonCountries].sort(),
      declaredTotals: bilateral.totals.length,
    };
  }
  let pricesReport: PricesReport | null = null;
  if (prices.size > 0) {
    const periods = prices.quotes.map((q) => q.period).sort();
    pricesReport = {
      quotes: prices.size,
      corridors: new Set(prices.quotes.map((q) => `${q.sending}>${q.receiving}`)).size,
      sending: new Set(prices.quotes.map((q) => q.sending)).size,
      receiving: new Set(prices.quotes.map((q) => q.receiving)).size,
      firstPeriod: periods[0] ?? null,
      lastPeriod: periods[periods.length - 1] ?? null,
    };
  }
  return {
    ...info,
    entities: { total: entities.length, countries: entities.length - aggregates.length - other.length, aggregates, other },
    firstYear: span ? span[0] : null,
    lastYear: span ? span[1] : null,
    indicators,
    bilateral: bilateralReport,
    prices: pricesReport,
    metaEntities: data.meta.records.size,
  };
}
