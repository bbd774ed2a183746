/** One computed value; `value` is undefined when the metric is missing for that entity and year. */
export interface MetricRow {
  entity: string;
  year: number;
  metric: string;
  value: number | undefined;
}

/**
 * Computed values in columns, sorted by entity code, year, metric id. A whole WDI download gives
 * hundreds of thousands of values, so rows are only materialised as objects when iterated.
 * In `values`, NaN marks a missing value; `valueAt` turns it into undefined.
 */
export class MetricTable {
  /** Entity codes, sorted; `entityIndex` points into it. */
  readonly entities: readonly string[];
  /** Metric ids, sorted; `metricIndex` points into it. */
  readonly metrics: readonly string[];
  readonly entityIndex: Int32Array;
  readonly years: Int32Array;
  readonly metricIndex: Uint16Array;
  readonly values: Float64Array;

  constructor(entities: readonly string[], metrics: readonly string[], entityIndex: Int32Array, years: Int32Array, metricIndex: Uint16Array, values: Float64Array) {
    this.entities = entities;
    this.metrics = metrics;
    this.entityIndex = entityIndex;
    this.years = years;
    this.metricIndex = metricIndex;
    this.values = values;
  }

  get length(): number {
    return this.values.length;
  }

  entityAt(i: number): string {
    return this.entities[this.entityIndex[i]!]!;
  }

  yearAt(i: number): number {
    return this.years[i]!;
  }

  metricAt(i: number): string {
    return this.metrics[this.metricIndex[i]!]!;
  }

  valueAt(i: number): number | undefined {
    const v = this.values[i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  row(i: number): MetricRow {
    return { entity: this.entityAt(i), year: this.yearAt(i), metric: this.metricAt(i), value: this.valueAt(i) };
  }

  *[Symbol.iterator](): IterableIterator<MetricRow> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }

  toRows(): MetricRow[] {
    const out = new Array<MetricRow>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }
}

/** Appends rows into growing typed arrays, then trims them into a MetricTable. */
export class TableBuilder {
  private n = 0;
  private e: Int32Array;
  private y: Int32Array;
  private m: Uint16Array;
  private v: Float64Array;

  /** `capacity`: the expected number of rows, so big results are not copied while growing. */
  constructor(capacity = 1024) {
    const cap = Math.max(16, capacity);
    this.e = new Int32Array(cap);
    this.y = new Int32Array(cap);
    this.m = new Uint16Array(cap);
    this.v = new Float64Array(cap);
  }

  get size(): number {
    return this.n;
  }

  /**
   * For bulk appends without a call per row: makes room for `n` more rows and returns the
   * columns; write rows from index `size` on, then `advance` by the number written.
   */
  reserve(n: number): { entity: Int32Array; year: Int32Array; metric: Uint16Array; value: Float64Array } {
    while (this.n + n > this.v.length) this.grow();
    return { entity: this.e, year: this.y, metric: this.m, value: this.v };
  }

  advance(k: number): void {
    this.n += k;
  }

  push(entity: number, year: number, metric: number, value: number): void {
    if (this.n === this.v.length) this.grow();
    const i = this.n++;
    this.e[i] = entity;
    this.y[i] = year;
    this.m[i] = metric;
    this.v[i] = value;
  }

  private grow(): void {
    const cap = this.v.length * 2;
    const e = new Int32Array(cap);
    const y = new Int32Array(cap);
    const m = new Uint16Array(cap);
    const v = new Float64Array(cap);
    e.set(this.e);
    y.set(this.y);
    m.set(this.m);
    v.set(this.v);
    this.e = e;
    this.y = y;
    this.m = m;
    this.v = v;
  }

  build(entities: readonly string[], metrics: readonly string[]): MetricTable {
    const n = this.n;
    // Views cost nothing; copy only when most of the capacity would be wasted.
    const view = n * 2 >= this.v.length;
    return new MetricTable(
      entities,
      metrics,
      view ? this.e.subarray(0, n) : this.e.slice(0, n),
      view ? this.y.subarray(0, n) : this.y.slice(0, n),
      view ? this.m.subarray(0, n) : this.m.slice(0, n),
      view ? this.v.subarray(0, n) : this.v.slice(0, n),
    );
  }
}
