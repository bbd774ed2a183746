import { computePanel, type ComputeOptions, type MetricTable, type ResolvedInputs } from '../compute/engine.js';
import { getMetric } from '../metrics/registry.js';
import type { InputName } from '../metrics/inputs.js';
import type { MetricDef } from '../metrics/types.js';
import type { Panel, Series } from '../panel.js';
import type { GroupMap } from './groups.js';
import {
  DEFAULT_MIN_COVERAGE,
  GROWTH_MIN_COVERAGE,
  enough,
  methodFor,
  statistic,
  type AggregateItem,
  type Method,
  type Source,
  type Stat,
} from './rules.js';

/** One group × year × output. `value` is undefined when the coverage rule says "not computed". */
export interface GroupRow {
  group: string;
  year: number;
  metric: string;
  value: number | undefined;
  /** Members with data (for a ratio: with both numerator and denominator; for growth: in t and t − 1). */
  n: number;
  /** Members with data ÷ members; for a ratio, the share of the group's known denominator they hold. */
  coverage: number;
}

export interface AggregateOptions {
  groups: GroupMap;
  items: readonly AggregateItem[];
  /** Years of the input totals, inclusive (metric rows follow the entity table's years). */
  years?: readonly [number, number];
  /** One threshold for every rule; default 2/3 (growth: 1/2). */
  minCoverage?: number;
  /** Statistic for the items without a WDI rule (`none`, window and custom metrics). */
  stat?: Stat;
  /** Per-item statistics replacing the item's rule (`--stat remittances_gdp_pct=median`). */
  stats?: Readonly<Record<string, Stat>>;
}

export interface AggregateResult {
  /** Sorted by group name, year, output id. */
  rows: GroupRow[];
  /** Output ids that have a method, sorted. */
  metrics: string[];
  methods: ReadonlyMap<string, Method>;
  /** Items left out, with the reason (no WDI rule and no `--stat`). */
  skipped: Array<{ id: string; reason: string }>;
  groups: GroupMap;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** metric → entity → year → value (NaN: the entity has a row that year, without a value). */
type EntityIndex = Map<string, Map<string, Map<number, number>>>;

function indexTable(table: MetricTable, wanted: ReadonlySet<string>): EntityIndex {
  const out: EntityIndex = new Map();
  for (const m of wanted) out.set(m, new Map());
  for (let i = 0; i < table.length; i++) {
    const byEntity = out.get(table.metricAt(i));
    if (!byEntity) continue;
    const e = table.entityAt(i);
    let byYear = byEntity.get(e);
    if (!byYear) byEntity.set(e, (byYear = new Map()));
    byYear.set(table.yearAt(i), table.values[i]!);
  }
  return out;
}

/**
 * Group aggregates the World Bank way (SPEC "Aggregates"), from the members' data:
 * - sum: Σ over members with a value; computed when they are at least 2/3 of the members;
 * - ratio: scale · Σ numerator / Σ denominator over members with both (a denominator-weighted
 *   mean); computed when those members hold at least 2/3 of the denominator of all members
 *   whose denominator is known. `denominatorPlus` is added to each member's denominator;
 *   a zero or negative denominator counts as unknown, as it does for a single country;
 * - growth: 100 · (Σ x[t] / Σ x[t−1] − 1) over the members with x in both years (the same
 *   members in both, so a member entering the data is not growth); computed when they are at
 *   least half of the members;
 * - stat: median, mean, min or max of the members' values, unweighted; computed when at least
 *   2/3 of the members have one.
 * `minCoverage` replaces every threshold. A row exists for each year where some member has a row
 * of the metric (or a value of the input); its value is missing when the rule says so, and `n`
 * and `coverage` say what stands behind it.
 */
export function aggregateGroups(panel: Panel, inputs: ResolvedInputs, table: MetricTable, opts: AggregateOptions): AggregateResult {
  const methods = new Map<string, Method>();
  const skipped: AggregateResult['skipped'] = [];
  for (const item of opts.items) {
    if (methods.has(item.id)) continue;
    const m = methodFor(item, opts.stat, opts.stats?.[item.id]);
    if ('skip' in m) skipped.push({ id: item.id, reason: m.skip });
    else methods.set(item.id, m);
  }
  const ids = [...methods.keys()].sort(cmp);
  const metricIds = new Set(opts.items.filter((i) => i.kind === 'metric' && methods.has(i.id)).map((i) => i.id));
  const index = indexTable(table, metricIds);
  const inputSeries = new Map<InputName, ReadonlyMap<string, Series>>();
  const seriesOf = (input: InputName): ReadonlyMap<string, Series> => {
    let s = inputSeries.get(input);
    if (!s) {
      const code = inputs.codes[input];
      s = code === undefined ? new Map<string, Series>() : panel.byEntity(code);
      inputSeries.set(input, s);
    }
    return s;
  };
  const [y0, y1] = opts.years ?? [-Infinity, Infinity];
  const minFor = (m: Method): number => opts.minCoverage ?? (m.kind === 'growth' ? GROWTH_MIN_COVERAGE : DEFAULT_MIN_COVERAGE);

  const rows: GroupRow[] = [];
  for (const [group, members] of opts.groups) {
    const groupRows: GroupRow[] = [];
    for (const id of ids) {
      const method = methods.get(id)!;
      const min = minFor(method);
      const source: Source = metricIds.has(id) ? { metric: id } : { input: id as InputName };
      const valuesOf = valueReader(source, index, seriesOf);
      for (const year of rowYears(source, members, index, seriesOf)) {
        // Metric rows come from the entity table, which already applied the years (and puts
        // window metrics at the window's end, even outside them); only input totals need it.
        if ('input' in source && (year < y0 || year > y1)) continue;
        const r = evaluate(method, members, year, min, valuesOf, seriesOf);
        groupRows.push({ group, year, metric: id, ...r });
      }
    }
    groupRows.sort((a, b) => a.year - b.year || cmp(a.metric, b.metric));
    for (const r of groupRows) rows.push(r);
  }
  return { rows, metrics: ids, methods, skipped, groups: opts.groups };
}

type Reader = (entity: string, year: number) => number | undefined;

function valueReader(source: Source, index: EntityIndex, seriesOf: (i: InputName) => ReadonlyMap<string, Series>): Reader {
  if ('metric' in source) {
    const byEntity = index.get(source.metric)!;
    return (e, y) => {
      const v = byEntity.get(e)?.get(y);
      return v === undefined || Number.isNaN(v) ? undefined : v;
    };
  }
  const byEntity = seriesOf(source.input);
  return (e, y) => byEntity.get(e)?.get(y);
}

/** Years where some member has a row of the metric, or a value of the input; ascending. */
function rowYears(source: Source, members: readonly string[], index: EntityIndex, seriesOf: (i: InputName) => ReadonlyMap<string, Series>): number[] {
  const years = new Set<number>();
  if ('metric' in source) {
    const byEntity = index.get(source.metric)!;
    for (const m of members) for (const y of byEntity.get(m)?.keys() ?? []) years.add(y);
  } else {
    const byEntity = seriesOf(source.input);
    for (const m of members) for (const y of byEntity.get(m)?.years() ?? []) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

function finiteOrUndefined(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

function evaluate(
  method: Method,
  members: readonly string[],
  year: number,
  min: number,
  valuesOf: Reader,
  seriesOf: (i: InputName) => ReadonlyMap<string, Series>,
): { value: number | undefined; n: number; coverage: number } {
  const size = members.length;
  switch (method.kind) {
    case 'sum':
    case 'stat': {
      const xs: number[] = [];
      for (const m of members) {
        const v = valuesOf(m, year);
        if (v !== undefined) xs.push(v);
      }
      const coverage = xs.length / size;
      let value: number | undefined;
      if (xs.length > 0 && enough(coverage, min)) {
        if (method.kind === 'stat') value = statistic(method.stat, xs);
        else {
          let s = 0;
          for (const x of xs) s += x;
          value = s;
        }
      }
      return { value: value === undefined ? undefined : finiteOrUndefined(value), n: xs.length, coverage };
    }
    case 'ratio': {
      const num = seriesOf(method.numerator);
      const den = seriesOf(method.denominator);
      const plus = method.denominatorPlus === undefined ? undefined : seriesOf(method.denominatorPlus);
      let known = 0;
      let sumNum = 0;
      let sumDen = 0;
      let n = 0;
      for (const m of members) {
        const d = den.get(m)?.get(year);
        if (d === undefined) continue;
        const p = plus?.get(m)?.get(year);
        // Without its `plus` part the member's full denominator is unknown: its weight is
        // counted as the part that is known, and it is not among the members with both.
        const w = d + (p ?? 0);
        if (!(d > 0) || !(w > 0)) continue;
        known += w;
        const x = num.get(m)?.get(year);
        if (x === undefined || (plus && p === undefined)) continue;
        sumNum += x;
        sumDen += w;
        n++;
      }
      const coverage = known > 0 ? sumDen / known : 0;
      const value = n > 0 && enough(coverage, min) ? finiteOrUndefined((method.scale * sumNum) / sumDen) : undefined;
      return { value, n, coverage };
    }
    case 'growth': {
      const of = seriesOf(method.of);
      let now = 0;
      let before = 0;
      let n = 0;
      for (const m of members) {
        const s = of.get(m);
        const a = s?.get(year);
        const b = s?.get(year - 1);
        if (a === undefined || b === undefined) continue;
        now += a;
        before += b;
        n++;
      }
      const coverage = n / size;
      const value = n > 0 && before > 0 && enough(coverage, min) ? finiteOrUndefined(100 * (now / before - 1)) : undefined;
      return { value, n, coverage };
    }
  }
}

/**
 * The most recent group row with a value, per group and output (its year kept), in the same
 * order as every result: group, year, output.
 */
export function latestGroupRows(rows: readonly GroupRow[]): GroupRow[] {
  const best = new Map<string, GroupRow>();
  for (const r of rows) {
    if (r.value === undefined) continue;
    const key = `${r.group}\u0000${r.metric}`;
    const cur = best.get(key);
    if (!cur || r.year > cur.year) best.set(key, r);
  }
  return [...best.values()].sort((a, b) => cmp(a.group, b.group) || a.year - b.year || cmp(a.metric, b.metric));
}

export interface AggregatePanelOptions extends Omit<ComputeOptions, 'metrics' | 'entities'>, Omit<AggregateOptions, 'items' | 'years'> {
  /** Catalogue metrics (definitions or ids). Custom metrics come through `extra`. */
  metrics?: readonly (MetricDef | string)[];
  /** Inputs whose group values are wanted (additive ones are summed). */
  totals?: readonly InputName[];
}

/**
 * For library users and tests: computes the members' metrics, then aggregates them. The
 * entities computed are the groups' members, whatever else the panel holds.
 */
export function aggregatePanel(panel: Panel, opts: AggregatePanelOptions): AggregateResult {
  const members = new Set<string>();
  for (const codes of opts.groups.values()) for (const c of codes) members.add(c);
  const defs = (opts.metrics ?? []).map((m) => {
    const def = typeof m === 'string' ? getMetric(m) : m;
    if (!def) throw new Error(`unknown metric ${String(m)}`);
    return def;
  });
  const { table, inputs } = computePanel(panel, {
    metrics: defs,
    entities: [...members],
    ...(opts.map ? { map: opts.map } : {}),
    ...(opts.years ? { years: opts.years } : {}),
    ...(opts.window ? { window: opts.window } : {}),
    ...(opts.extra ? { extra: opts.extra } : {}),
  });
  const items: AggregateItem[] = [
    ...defs.map((def): AggregateItem => ({ kind: 'metric', id: def.id, def })),
    ...(opts.extra ?? []).map((c): AggregateItem => ({ kind: 'metric', id: c.id, def: undefined })),
    ...(opts.totals ?? []).map((id): AggregateItem => ({ kind: 'input', id })),
  ];
  return aggregateGroups(panel, inputs, table, {
    groups: opts.groups,
    items,
    ...(opts.years ? { years: opts.years } : {}),
    ...(opts.minCoverage !== undefined ? { minCoverage: opts.minCoverage } : {}),
    ...(opts.stat ? { stat: opts.stat } : {}),
    ...(opts.stats ? { stats: opts.stats } : {}),
  });
}
