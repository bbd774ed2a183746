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

/** Anything that gives a member's value in a year, or undefined: a Series, a metric's rows. */
interface YearValues {
  get(year: number): number | undefined;
}

/** One entity's rows of one metric, by year from `base`: `span` entries from `at` of shared arrays. */
class MetricRows implements YearValues {
  readonly base: number;
  readonly span: number;
  readonly at: number;
  /** NaN: no value (with or without a row). */
  readonly values: Float64Array;
  /** 1 where the entity has a row that year, with or without a value. */
  readonly rows: Uint8Array;

  constructor(base: number, span: number, slab: RowSlab) {
    this.base = base;
    this.span = span;
    [this.values, this.rows, this.at] = slab.alloc(span);
  }

  get(year: number): number | undefined {
    const i = year - this.base;
    if (i < 0 || i >= this.span) return undefined;
    const v = this.values[this.at + i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  set(year: number, value: number): void {
    const i = this.at + year - this.base;
    this.rows[i] = 1;
    this.values[i] = value;
  }

  addYears(to: Set<number>): void {
    for (let i = 0; i < this.span; i++) if (this.rows[this.at + i] === 1) to.add(this.base + i);
  }
}

/**
 * Ranges of two large arrays: thousands of entity × metric rows each with two typed arrays of
 * their own cost more to allocate than to fill.
 */
class RowSlab {
  private values = new Float64Array(0);
  private rows = new Uint8Array(0);
  private used = 0;

  alloc(n: number): [Float64Array, Uint8Array, number] {
    if (this.used + n > this.values.length) {
      const size = Math.max(1 << 16, n);
      this.values = new Float64Array(size).fill(Number.NaN);
      this.rows = new Uint8Array(size);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return [this.values, this.rows, at];
  }
}

/** metric → entity → its rows. */
type EntityIndex = Map<string, Map<string, MetricRows>>;

/**
 * The wanted metrics' rows per entity, so that a group's members are looked up once per output
 * rather than once per member, year and output in nested maps.
 */
function indexTable(table: MetricTable, wanted: ReadonlySet<string>): EntityIndex {
  const out: EntityIndex = new Map();
  const nMetrics = table.metrics.length;
  // Per metric index: its map in `out`, or undefined when not wanted.
  const target = table.metrics.map((m) => {
    if (!wanted.has(m)) return undefined;
    const byEntity = new Map<string, MetricRows>();
    out.set(m, byEntity);
    return byEntity;
  });
  for (const m of wanted) if (!out.has(m)) out.set(m, new Map());
  const lo = new Int32Array(nMetrics);
  const hi = new Int32Array(nMetrics);
  const slab = new RowSlab();
  const n = table.length;
  let i = 0;
  // An entity's rows are contiguous: find each metric's first and last year in the run, then fill.
  while (i < n) {
    const e = table.entityIndex[i]!;
    let j = i;
    lo.fill(2147483647);
    hi.fill(-2147483648);
    for (; j < n && table.entityIndex[j] === e; j++) {
      const m = table.metricIndex[j]!;
      const y = table.years[j]!;
      if (y < lo[m]!) lo[m] = y;
      if (y > hi[m]!) hi[m] = y;
    }
    const rows = new Array<MetricRows | undefined>(nMetrics);
    const code = table.entities[e]!;
    for (let m = 0; m < nMetrics; m++) {
      const byEntity = target[m];
      if (byEntity === undefined || lo[m]! > hi[m]!) continue;
      const r = new MetricRows(lo[m]!, hi[m]! - lo[m]! + 1, slab);
      rows[m] = r;
      byEntity.set(code, r);
    }
    for (let k = i; k < j; k++) {
      const r = rows[table.metricIndex[k]!];
      if (r === undefined) continue;
      r.set(table.years[k]!, table.values[k]!);
    }
    i = j;
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
      const job = resolve(method, source, members, index, seriesOf);
      for (const year of rowYears(job)) {
        // Metric rows come from the entity table, which already applied the years (and puts
        // window metrics at the window's end, even outside them); only input totals need it.
        if ('input' in source && (year < y0 || year > y1)) continue;
        const r = evaluate(method, members.length, year, min, job);
        groupRows.push({ group, year, metric: id, ...r });
      }
    }
    groupRows.sort((a, b) => a.year - b.year || cmp(a.metric, b.metric));
    for (const r of groupRows) rows.push(r);
  }
  return { rows, metrics: ids, methods, skipped, groups: opts.groups };
}

/** What a group's output reads, per member in member order (undefined: the member has none). */
interface Resolved {
  /** sum and stat: the values; growth: the series of `of`; ratio: the numerator. */
  values: Array<YearValues | undefined>;
  /** Where the rows come from: the metric's rows, or the input's series. */
  rows: Array<MetricRows | undefined> | undefined;
  series: Array<Series | undefined> | undefined;
  /** ratio: the denominator and the part added to it. */
  den: Array<Series | undefined>;
  plus: Array<Series | undefined> | undefined;
}

function resolve(method: Method, source: Source, members: readonly string[], index: EntityIndex, seriesOf: (i: InputName) => ReadonlyMap<string, Series>): Resolved {
  const pick = <T>(m: ReadonlyMap<string, T>): Array<T | undefined> => members.map((e) => m.get(e));
  const rows = 'metric' in source ? pick(index.get(source.metric)!) : undefined;
  const series = 'input' in source ? pick(seriesOf(source.input)) : undefined;
  switch (method.kind) {
    case 'sum':
    case 'stat':
      return { values: rows ?? series!, rows, series, den: [], plus: undefined };
    case 'ratio':
      return {
        values: pick(seriesOf(method.numerator)),
        rows,
        series,
        den: pick(seriesOf(method.denominator)),
        plus: method.denominatorPlus === undefined ? undefined : pick(seriesOf(method.denominatorPlus)),
      };
    case 'growth':
      return { values: pick(seriesOf(method.of)), rows, series, den: [], plus: undefined };
  }
}

/** Years where some member has a row of the metric, or a value of the input; ascending. */
function rowYears(job: Resolved): number[] {
  const years = new Set<number>();
  for (const r of job.rows ?? []) r?.addYears(years);
  for (const s of job.series ?? []) if (s) for (const y of s.years()) years.add(y);
  return [...years].sort((a, b) => a - b);
}

function finiteOrUndefined(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

function evaluate(method: Method, size: number, year: number, min: number, job: Resolved): { value: number | undefined; n: number; coverage: number } {
  switch (method.kind) {
    case 'sum':
    case 'stat': {
      const xs: number[] = [];
      for (const s of job.values) {
        const v = s?.get(year);
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
      const { values: num, den, plus } = job;
      let known = 0;
      let sumNum = 0;
      let sumDen = 0;
      let n = 0;
      for (let k = 0; k < size; k++) {
        const d = den[k]?.get(year);
        if (d === undefined) continue;
        const p = plus?.[k]?.get(year);
        // Without its `plus` part the member's full denominator is unknown: its weight is
        // counted as the part that is known, and it is not among the members with both.
        const w = d + (p ?? 0);
        if (!(d > 0) || !(w > 0)) continue;
        known += w;
        const x = num[k]?.get(year);
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
      let now = 0;
      let before = 0;
      let n = 0;
      for (const s of job.values) {
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
