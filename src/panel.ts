import { inputError } from './errors.js';

/**
 * Typed arrays carved out of large shared buffers. A bulk WDI file has ~400,000 series; giving
 * each its own ArrayBuffer (three per series) costs more time and memory than the values.
 */
class Slab {
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);
  private u16 = new Uint16Array(0);
  private used = 0;

  alloc(n: number): [Float64Array, Int32Array, Uint16Array] {
    if (this.used + n > this.f64.length) {
      const size = Math.max(1 << 16, n);
      this.f64 = new Float64Array(size);
      this.i32 = new Int32Array(size);
      this.u16 = new Uint16Array(size);
      this.used = 0;
    }
    const a = this.used;
    this.used += n;
    return [this.f64.subarray(a, a + n).fill(Number.NaN), this.i32.subarray(a, a + n), this.u16.subarray(a, a + n)];
  }
}

const slab = new Slab();

/** One entity × indicator series over consecutive years, stored in typed arrays (NaN = missing). */
export class Series {
  base: number;
  values: Float64Array;
  /** Input line each value came from, and the file (index into `Panel.files`). */
  lines: Int32Array;
  files: Uint16Array;

  /** `arrays`: the series' own arrays, taken as they are (a series read by another thread). */
  constructor(year: number, capacity = 8, arrays?: [Float64Array, Int32Array, Uint16Array]) {
    this.base = year;
    [this.values, this.lines, this.files] = arrays ?? slab.alloc(capacity);
  }

  get firstYear(): number {
    return this.base;
  }

  get lastYear(): number {
    return this.base + this.values.length - 1;
  }

  get(year: number): number | undefined {
    const i = year - this.base;
    if (i < 0 || i >= this.values.length) return undefined;
    const v = this.values[i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  /** Makes room for `year`, growing the arrays at either end. */
  slot(year: number): number {
    let i = year - this.base;
    if (i >= 0 && i < this.values.length) return i;
    const lo = Math.min(this.base, year);
    const hi = Math.max(this.lastYear, year);
    const span = hi - lo + 1;
    // Grow geometrically towards later years, where long files add them one at a time.
    const cap = year > this.lastYear ? Math.max(span, Math.min(this.values.length * 2, span + 64)) : span;
    const [values, lines, files] = slab.alloc(cap);
    const shift = this.base - lo;
    values.set(this.values, shift);
    lines.set(this.lines, shift);
    files.set(this.files, shift);
    this.values = values;
    this.lines = lines;
    this.files = files;
    this.base = lo;
    i = year - lo;
    return i;
  }

  /** First and last year holding a value, or undefined for a series without any. */
  span(): [number, number] | undefined {
    const v = this.values;
    let a = 0;
    while (a < v.length && Number.isNaN(v[a]!)) a++;
    if (a === v.length) return undefined;
    let b = v.length - 1;
    while (Number.isNaN(v[b]!)) b--;
    return [this.base + a, this.base + b];
  }

  /** Years that hold a value, ascending. */
  *years(): Generator<number> {
    for (let i = 0; i < this.values.length; i++) if (!Number.isNaN(this.values[i]!)) yield this.base + i;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.values.length; i++) if (!Number.isNaN(this.values[i]!)) n++;
    return n;
  }
}

export interface PanelTransfer {
  series: Array<{ indicator: string; entity: string; base: number; values: Float64Array; lines: Int32Array }>;
  entityNames: Array<[string, string]>;
  indicatorNames: Array<[string, string]>;
}

export interface CellOrigin {
  file: string;
  line: number;
}

/**
 * The entity × year × indicator panel every command works on. Values are stored per series in
 * typed arrays, with the file and line each came from so checks and errors can point at inputs.
 */
export class Panel {
  readonly files: string[] = [];
  /** indicator → entity → series */
  private readonly data = new Map<string, Map<string, Series>>();
  /** Upper-cased indicator → stored spelling, so `--map x=bx.trf.pwkr.cd.dt` finds `BX.TRF.PWKR.CD.DT`. */
  private readonly folded = new Map<string, string>();
  readonly entityNames = new Map<string, string>();
  readonly indicatorNames = new Map<string, string>();
  private cells = 0;

  addFile(name: string): number {
    if (this.files.length >= 65535) throw inputError('too-many-files', 'more than 65,535 input files', {});
    this.files.push(name);
    return this.files.length - 1;
  }

  get size(): number {
    return this.cells;
  }

  /**
   * Makes room for `first`…`last` in one allocation. Wide rows (a WDI row holds 65 years) would
   * otherwise grow a series four or five times while it fills.
   */
  reserve(entity: string, indicator: string, first: number, last: number): void {
    const s = this.seriesFor(indicator, entity, first, last - first + 1);
    s.slot(first);
    s.slot(last);
  }

  private seriesFor(indicator: string, entity: string, year: number, capacity = 8): Series {
    let byEntity = this.data.get(indicator);
    if (!byEntity) {
      byEntity = new Map();
      this.data.set(indicator, byEntity);
      this.folded.set(indicator.toUpperCase(), indicator);
    }
    let s = byEntity.get(entity);
    if (!s) {
      s = new Series(year, capacity);
      byEntity.set(entity, s);
    }
    return s;
  }

  /**
   * Stores one value. The same key given twice with different values is an input error that
   * names both places; the same value twice (overlapping downloads) is accepted.
   */
  set(entity: string, indicator: string, year: number, value: number, file: number, line: number): void {
    const s = this.seriesFor(indicator, entity, year);
    const i = s.slot(year);
    const old = s.values[i]!;
    if (!Number.isNaN(old)) {
      if (old === value) return;
      const first = `${this.files[s.files[i]!]}:${s.lines[i]}`;
      throw inputError(
        'conflicting-duplicate',
        `${entity} ${year} ${indicator} is ${value} here but ${old} at ${first}`,
        { file: this.files[file] ?? '', line },
        'remove one of the two rows or pass only one of the files',
      );
    }
    s.values[i] = value;
    s.lines[i] = line;
    s.files[i] = file;
    this.cells++;
  }

  /** The stored spelling of an indicator, matched case-insensitively. */
  resolveIndicator(code: string): string | undefined {
    if (this.data.has(code)) return code;
    return this.folded.get(code.toUpperCase());
  }

  has(indicator: string): boolean {
    return this.data.has(indicator);
  }

  series(indicator: string, entity: string): Series | undefined {
    return this.data.get(indicator)?.get(entity);
  }

  /** entity → series for one indicator. */
  byEntity(indicator: string): ReadonlyMap<string, Series> {
    return this.data.get(indicator) ?? new Map<string, Series>();
  }

  get(entity: string, indicator: string, year: number): number | undefined {
    return this.data.get(indicator)?.get(entity)?.get(year);
  }

  origin(entity: string, indicator: string, year: number): CellOrigin | undefined {
    const s = this.data.get(indicator)?.get(entity);
    if (!s || s.get(year) === undefined) return undefined;
    const i = year - s.base;
    return { file: this.files[s.files[i]!] ?? '', line: s.lines[i]! };
  }

  indicators(): string[] {
    return [...this.data.keys()].sort();
  }

  entities(): string[] {
    const all = new Set<string>();
    for (const m of this.data.values()) for (const e of m.keys()) all.add(e);
    return [...all].sort();
  }

  /** [first, last] year with any value, or undefined for an empty panel. */
  yearSpan(): [number, number] | undefined {
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of this.data.values()) {
      for (const s of m.values()) {
        const span = s.span();
        if (!span) continue;
        lo = Math.min(lo, span[0]);
        hi = Math.max(hi, span[1]);
      }
    }
    return lo === Infinity ? undefined : [lo, hi];
  }

  /** Calls `fn` for every stored value, in indicator, entity, year order. */
  forEach(fn: (entity: string, indicator: string, year: number, value: number) => void): void {
    for (const indicator of this.indicators()) {
      const m = this.data.get(indicator)!;
      for (const entity of [...m.keys()].sort()) {
        const s = m.get(entity)!;
        for (let i = 0; i < s.values.length; i++) {
          const v = s.values[i]!;
          if (!Number.isNaN(v)) fn(entity, indicator, s.base + i, v);
        }
      }
    }
  }

  /** The panel as plain data (typed arrays and arrays) to post from a worker thread. */
  toTransfer(): PanelTransfer {
    const series: PanelTransfer['series'] = [];
    for (const [indicator, m] of this.data) for (const [entity, s] of m) series.push({ indicator, entity, base: s.base, values: s.values, lines: s.lines });
    return { series, entityNames: [...this.entityNames], indicatorNames: [...this.indicatorNames] };
  }

  /**
   * Adds the values another thread read from a later part of file `fileId`, its line numbers
   * shifted by `lineOffset`; conflicts are errors as within a file.
   */
  absorb(t: PanelTransfer, fileId: number, lineOffset: number): void {
    for (const { indicator, entity, base, values, lines } of t.series) {
      // A series only the other thread has cannot conflict with anything: it is taken whole
      // rather than stored again value by value (tens of thousands of values for compute).
      if (this.data.get(indicator)?.has(entity) !== true) {
        this.adopt(indicator, entity, base, values, lines, fileId, lineOffset);
        continue;
      }
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v)) this.set(entity, indicator, base + i, v, fileId, lines[i]! + lineOffset);
      }
    }
    for (const [k, v] of t.entityNames) if (!this.entityNames.has(k)) this.entityNames.set(k, v);
    for (const [k, v] of t.indicatorNames) if (!this.indicatorNames.has(k)) this.indicatorNames.set(k, v);
  }

  /** A series this panel lacks, from another thread: as `set` would store it value by value. */
  private adopt(indicator: string, entity: string, base: number, values: Float64Array, lines: Int32Array, fileId: number, lineOffset: number): void {
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i]!)) continue;
      lines[i] = lines[i]! + lineOffset;
      n++;
    }
    // `set` makes a series at its first value: none without one.
    if (n === 0) return;
    const files = new Uint16Array(values.length).fill(fileId);
    let byEntity = this.data.get(indicator);
    if (!byEntity) {
      byEntity = new Map();
      this.data.set(indicator, byEntity);
      this.folded.set(indicator.toUpperCase(), indicator);
    }
    byEntity.set(entity, new Series(base, 0, [values, lines, files]));
    this.cells += n;
  }

  /** Drops every series of the given entities (used for aggregates unless asked to keep them). */
  dropEntities(keep: (entity: string) => boolean): number {
    const dropped = new Set<string>();
    for (const m of this.data.values()) {
      for (const [e, s] of m) {
        if (!keep(e)) {
          dropped.add(e);
          this.cells -= s.count();
          m.delete(e);
        }
      }
    }
    return dropped.size;
  }
}
