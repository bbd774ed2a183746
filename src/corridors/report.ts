import { type BilateralTable, periodLabel } from '../bilateral.js';
import { builtinEntity } from '../entities/index.js';
import { usageError } from '../errors.js';
import type { Cell, Column, Table } from '../output/table.js';
import type { PriceTable } from '../prices.js';
import { concentration, partnerShares } from './concentration.js';
import {
  type CostObservation,
  type WeightLookup,
  corridorCosts,
  flowWeights,
  globalCosts,
  groupCosts,
  isCostIndicator,
  observationsFromCorridorSeries,
  observationsFromQuotes,
} from './costs.js';
import { emigrantStock, pickIndicator } from './emigrants.js';
import type { Side } from './groups.js';
import { TOTALS_TOLERANCE, type TotalCheck, checkTotals } from './totals.js';

export const REPORTS = ['concentration', 'partners', 'emigrants', 'totals', 'costs'] as const;
export type Report = (typeof REPORTS)[number];
export const COST_LEVELS = ['corridor', 'sending', 'receiving', 'region', 'global'] as const;
export type CostReport = (typeof COST_LEVELS)[number];

export interface CorridorOptions {
  /** Default: `costs` when the inputs hold price quotes or RPW corridor costs, else `concentration`. */
  report?: Report;
  by?: Side;
  /** Partners shown (concentration: top-k columns; partners: rows per code); 0 = all. Default 3. */
  top?: number;
  /** The bilateral indicator analysed, or the flows weighting costs. */
  indicator?: string;
  /** Keep only these codes: the `by` side; for costs, the sending (receiving) countries of those levels, else corridors with either end among them. */
  keep?: (code: string) => boolean;
  costs?: CostReport;
  /** Side whose region groups costs: receiving (the World Bank's regional figures) unless `origin`. */
  regionSide?: Side;
  tolerance?: number;
}

export interface CorridorResult {
  report: Report;
  table: Table;
  /** Findings the user must see (published totals that do not add up). */
  warnings: string[];
  /** What was done on the user's behalf (which flows weighted costs…). */
  notes: string[];
  checks: TotalCheck[];
}

export interface CorridorData {
  bilateral: BilateralTable;
  prices: PriceTable;
}

const text = (name: string): Column => ({ name, kind: 'text' });
const num = (name: string, unit?: string): Column => (unit ? { name, kind: 'number', unit } : { name, kind: 'number' });
const opt = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

function nameOf(data: CorridorData): (code: string) => string {
  return (code) => data.bilateral.names.get(code) || data.prices.names.get(code) || builtinEntity(code)?.name || '';
}

/** Bilateral indicators that are corridor costs (RPW `ATCR.CORR`). */
function costIndicators(b: BilateralTable): string[] {
  return b.indicators().filter((i) => isCostIndicator(i, b.indicatorNames.get(i)));
}

/** The report a command runs when the user does not choose: costs for cost data, else concentration. */
export function defaultReport(data: CorridorData): Report {
  return data.prices.size > 0 || costIndicators(data.bilateral).length > 0 ? 'costs' : 'concentration';
}

function totalsWarning(checks: readonly TotalCheck[], tolerance: number): string | undefined {
  const bad = checks.filter((c) => !c.ok);
  if (bad.length === 0) return undefined;
  const worst = bad.reduce((a, c) => (Math.abs(c.difference) > Math.abs(a.difference) ? c : a));
  const what = worst.kind === 'grand' ? 'the grand total' : `the ${worst.kind} total of ${worst.code}`;
  return (
    `${bad.length} of ${checks.length} published totals differ from the sum of the values by more than ${tolerance > 0 && tolerance < 1e-3 ? tolerance.toExponential() : tolerance} relative; ` +
    `largest: ${what}${worst.year !== null ? ` ${worst.year}` : ''} is ${worst.declared} at ${worst.file}:${worst.line} but the values sum to ${worst.computed} (--report totals lists them all)`
  );
}

/**
 * Runs one corridors report on bilateral data and/or price quotes and returns it as a table, with
 * warnings (published totals that do not add up) and notes. Pure: prints nothing.
 */
export function corridorReport(data: CorridorData, options: CorridorOptions = {}): CorridorResult {
  const report = options.report ?? (options.costs ? 'costs' : defaultReport(data));
  const by = options.by ?? 'origin';
  const top = options.top ?? 3;
  const tolerance = options.tolerance ?? TOTALS_TOLERANCE;
  const b = data.bilateral;
  const name = nameOf(data);
  const warnings: string[] = [];
  const notes: string[] = [];
  const checks = checkTotals(b, tolerance).filter((c) => !options.keep || c.kind === 'grand' || options.keep(c.code));
  const warning = totalsWarning(checks, tolerance);
  if (warning && report !== 'costs') warnings.push(warning);
  const result = (table: Table): CorridorResult => ({ report, warnings, notes, checks, table });
  const keep = options.keep ? { keep: options.keep } : {};
  const quarterly = b.hasQuarters;
  const period = (year: number | null, quarter: number): Cell[] => (quarterly ? [periodLabel(year ?? Number.NaN, quarter)] : []);

  if (report !== 'costs' && b.size === 0) {
    throw usageError('no-bilateral-data', `the ${report} report needs bilateral data (origin × destination), and the inputs hold none`, 'pass a bilateral matrix or long origin,destination file, or use --report costs for price data');
  }

  switch (report) {
    case 'concentration': {
      const indicator = options.indicator === undefined ? undefined : pickIndicator(b, options.indicator, 'concentration');
      const rows = concentration(b, { by, top, ...(indicator ? { indicator } : {}), ...keep });
      const k = top > 0 ? top : Math.max(0, ...rows.map((r) => r.top.length));
      const columns: Column[] = [text('code'), text('name'), num('year'), ...(quarterly ? [text('period')] : []), text('indicator'), num('total'), num('partners'), num('hhi'), num('effective_partners')];
      for (let i = 1; i <= k; i++) columns.push(text(`top${i}`), num(`top${i}_share`));
      return result({
        columns,
        rows: rows.map((r) => {
          const cells: Cell[] = [r.code, name(r.code), r.year, ...period(r.year, r.quarter), r.indicator, r.total, r.partners, opt(r.hhi), opt(r.effectivePartners)];
          for (let i = 0; i < k; i++) {
            const t = r.top[i];
            cells.push(t?.code ?? null, opt(t?.share));
          }
          return cells;
        }),
      });
    }
    case 'partners': {
      const indicator = options.indicator === undefined ? undefined : pickIndicator(b, options.indicator, 'partners');
      const rows = partnerShares(b, { by, top, ...(indicator ? { indicator } : {}), ...keep });
      return result({
        columns: [text('origin'), text('destination'), num('year'), ...(quarterly ? [text('period')] : []), text('indicator'), num('value'), num('share'), num('rank')],
        rows: rows.map((r) => [r.origin, r.destination, r.year, ...period(r.year, r.quarter), r.indicator, r.value, r.share, r.rank]),
      });
    }
    case 'emigrants': {
      const rows = emigrantStock(b, { ...(options.indicator !== undefined ? { indicator: options.indicator } : {}), ...keep });
      const yearless = rows.filter((r) => r.year === null).length;
      if (yearless > 0) notes.push(`${yearless} emigrant stocks have no year (the matrix has none): compute cannot use them`);
      return result({
        columns: [text('code'), text('name'), num('year'), text('indicator'), num('value')],
        rows: rows.map((r) => [r.entity, name(r.entity), r.year, r.indicator, r.value]),
      });
    }
    case 'totals': {
      if (b.totals.length === 0) notes.push('the inputs print no totals to check (only matrices with Total rows or columns do)');
      return result({
        columns: [text('kind'), text('code'), text('name'), num('year'), text('indicator'), num('declared'), num('computed'), num('difference'), text('status'), text('file'), num('line')],
        rows: checks.map((c) => [c.kind, c.code, c.code ? name(c.code) : '', c.year, c.indicator, c.declared, c.computed, c.difference, c.ok ? 'ok' : 'mismatch', c.file, c.line]),
      });
    }
    case 'costs':
      return result(costsTable(data, options, notes, name));
  }
}

function costsTable(data: CorridorData, options: CorridorOptions, notes: string[], name: (code: string) => string): Table {
  const b = data.bilateral;
  const level = options.costs ?? 'corridor';
  const fromQuotes = data.prices.size > 0;
  const costSeries = costIndicators(b);
  let obs: CostObservation[];
  let countLabel = 'services';
  if (fromQuotes) obs = observationsFromQuotes(data.prices);
  else if (costSeries.length > 0) {
    const series = costSeries.length === 1 ? costSeries[0]! : pickIndicator(b, options.indicator, 'the cost report');
    obs = observationsFromCorridorSeries(b, series);
    countLabel = 'quarters';
    notes.push(`corridor costs from ${series}: each corridor's yearly figure is the mean of its quarters with a value`);
  } else {
    throw usageError('no-cost-data', 'the cost report needs remittance prices (a price survey, or the RPW corridor export with ATCR.CORR), and the inputs hold none', 'pass a prices file (period, sending, receiving, total cost %)');
  }
  if (options.keep) obs = obs.filter((o) => options.keep!(o.origin) || options.keep!(o.destination));

  const corridors = corridorCosts(obs);
  const period = (p: string, year: number): Cell[] => (fromQuotes ? [year, p] : [year]);
  const periodCols: Column[] = fromQuotes ? [num('year'), text('period')] : [num('year')];

  switch (level) {
    case 'corridor':
      return {
        columns: [
          text('origin'),
          text('destination'),
          ...periodCols,
          num(countLabel),
          num('average_cost_pct', '%'),
          ...(fromQuotes ? [num('smart_cost_pct', '%'), num('smart_services')] : []),
          num('gap_to_3_pp', 'pp'),
          num('at_or_below_5'),
        ],
        rows: corridors.map((c) => [
          c.origin,
          c.destination,
          ...period(c.period, c.year),
          c.n,
          c.average,
          ...(fromQuotes ? [c.smart, c.smartN] : []),
          c.gap,
          c.atOrBelow5 ? 1 : 0,
        ]),
      };
    case 'sending':
    case 'receiving':
    case 'region': {
      const regionSide = options.regionSide ?? 'destination';
      if (level === 'region') notes.push(`regions are the built-in World Bank regions of the ${regionSide === 'origin' ? 'sending' : 'receiving'} countries`);
      // --countries names the sending (receiving) countries of those reports; regions keep corridors with either end.
      const rows = groupCosts(obs, level, regionSide).filter((r) => level === 'region' || !options.keep || options.keep(r.key));
      const keyCols: Column[] = level === 'region' ? [text('region')] : [text('code'), text('name')];
      return {
        columns: [...keyCols, ...periodCols, num('corridors'), ...(fromQuotes ? [num('services')] : []), num('average_cost_pct', '%'), num('gap_to_3_pp', 'pp')],
        rows: rows.map((r) => [...(level === 'region' ? [r.key] : [r.key, name(r.key)]), ...period(r.period, r.year), r.corridors, ...(fromQuotes ? [r.n] : []), r.average, r.gap]),
      };
    }
    case 'global': {
      const weights = flowWeightsFor(b, costSeries, options.indicator, notes);
      const rows = globalCosts(obs, corridors, weights, fromQuotes);
      return {
        columns: [
          ...periodCols,
          num('corridors'),
          ...(fromQuotes ? [num('services')] : []),
          num('average_cost_pct', '%'),
          ...(fromQuotes ? [num('smart_average_pct', '%')] : []),
          num('share_at_or_below_5'),
          num('share_above_5'),
          num('weighted_average_cost_pct', '%'),
          num('weighted_corridors'),
          text('weights_year'),
        ],
        rows: rows.map((g) => [
          ...period(g.period, g.year),
          g.corridors,
          ...(fromQuotes ? [g.n] : []),
          g.average,
          ...(fromQuotes ? [opt(g.smartAverage)] : []),
          g.shareAtOrBelow5,
          g.shareAbove5,
          opt(g.weighted),
          g.weightedCorridors,
          g.weightsYears,
        ]),
      };
    }
  }
}

/** Flows to weight the global average: the bilateral indicator that is not a cost series. */
function flowWeightsFor(b: BilateralTable, costSeries: readonly string[], wanted: string | undefined, notes: string[]): WeightLookup | undefined {
  const flows = b.indicators().filter((i) => !costSeries.includes(i));
  if (flows.length === 0) {
    notes.push('no flow-weighted average: pass a bilateral remittance matrix (sending × receiving) beside the prices');
    return undefined;
  }
  let indicator: string;
  if (wanted !== undefined) indicator = pickIndicator(b, wanted, 'flow weights');
  else if (flows.length === 1) indicator = flows[0]!;
  else {
    notes.push(`no flow-weighted average: the bilateral data hold ${flows.length} indicators (${flows.join(', ')}); choose the flows with --indicator`);
    return undefined;
  }
  notes.push(`weighted by ${indicator} from origin (sending) to destination (receiving): each period uses its own year's flow, else the latest earlier year, else a matrix without a year`);
  return flowWeights(b, indicator);
}
