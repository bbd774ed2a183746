import { MigdevError, usageError } from '../errors.js';
import type { ColumnGetter, Getter } from '../metrics/types.js';
import type { Series } from '../panel.js';
import type { Node, Plan } from './plan.js';
import type { TableBuilder } from './table.js';

type Columns = ReturnType<TableBuilder['reserve']>;

/** The series of one entity, with the first and last year it has data in any of them. */
export interface EntityData {
  code: string;
  series: Array<Series | undefined>;
  lo: number;
  hi: number;
}

/**
 * Evaluates a plan entity by entity. The state lives in flat typed arrays reused across
 * entities and the work is split into small methods: on a cold start V8 optimises short hot
 * functions long before it would one long loop nest, and a CLI run is always a cold start.
 */
export class Evaluator {
  private readonly plan: Plan;
  private readonly nSeries: number;
  private readonly lo: number;
  private readonly span: number;
  private readonly window: readonly [number, number] | undefined;
  private readonly slotOf: Map<string, number>;
  /** The entity's inputs over the evaluation years, slot-major; NaN = missing. */
  private readonly vals: Float64Array;
  /** Annual metric values, node-slot-major; NaN = missing or not evaluated. */
  private readonly buf: Float64Array;
  /** 1 where an annual metric has a row (one of its inputs has a value that year). */
  private readonly seen: Uint8Array;
  private readonly windowValue: Float64Array;
  private readonly windowSeen: Uint8Array;
  private readonly outWindow: Uint8Array;
  private readonly outRow: Int32Array;
  private series: Array<Series | undefined> = [];
  /** Index range (into the evaluation years) the column getter currently serves. */
  private colFrom = 0;
  private colTo = 0;
  readonly get: Getter;
  private readonly col: ColumnGetter;

  constructor(plan: Plan, evalLo: number, span: number, window: readonly [number, number] | undefined) {
    this.plan = plan;
    this.nSeries = plan.slotCodes.length;
    this.lo = evalLo;
    this.span = span;
    this.window = window;
    this.slotOf = plan.slotOf;
    this.vals = new Float64Array(this.nSeries * span);
    this.buf = new Float64Array(plan.annual.length * span);
    this.seen = new Uint8Array(plan.annual.length * span);
    this.windowValue = new Float64Array(plan.window.length);
    this.windowSeen = new Uint8Array(plan.window.length);
    const { slotOf, nSeries, vals, buf } = this;
    this.get = (name, year) => {
      const slot = slotOf.get(name);
      if (slot === undefined) return undefined;
      const i = year - evalLo;
      if (i < 0 || i >= span) {
        // Growth reads t − 1, which can lie before the evaluation years: ask the series then.
        return slot < nSeries ? this.series[slot]?.get(year) : undefined;
      }
      const v = slot < nSeries ? vals[slot * span + i]! : buf[(slot - nSeries) * span + i]!;
      return Number.isNaN(v) ? undefined : v;
    };
    this.col = (input) => {
      const at = slotOf.get(input)! * span;
      return vals.subarray(at + this.colFrom, at + this.colTo + 1);
    };
    // Output k is read from buffer row `outRow[k]`: an annual node's slot, or for a window
    // metric its index in `plan.window` (marked by `outWindow`).
    this.outWindow = new Uint8Array(plan.outputs.map((n) => (n.kind === 'window' ? 1 : 0)));
    this.outRow = new Int32Array(plan.outputs.map((n) => (n.kind === 'window' ? plan.window.indexOf(n) : n.slot)));
  }

  /** Evaluates every metric of one entity; `lo`–`hi` are the evaluation years it has data in. */
  run(ent: EntityData, lo: number, hi: number): void {
    this.series = ent.series;
    this.load(lo, hi);
    this.buf.fill(Number.NaN);
    this.seen.fill(0);
    for (const node of this.plan.annual) this.annual(node, lo, hi);
    this.windowSeen.fill(0);
    const w = this.window;
    if (w) {
      const a = Math.max(w[0], lo);
      const b = Math.min(w[1], hi);
      for (let i = 0; i < this.plan.window.length; i++) this.windowed(i, a, b);
    }
  }

  private load(lo: number, hi: number): void {
    const { vals, span } = this;
    vals.fill(Number.NaN);
    for (const slot of this.plan.usedSlots) {
      const s = this.series[slot];
      if (!s) continue;
      const a = Math.max(lo, s.base);
      const b = Math.min(hi, s.base + s.values.length - 1);
      if (a <= b) vals.set(s.values.subarray(a - s.base, b - s.base + 1), slot * span + a - this.lo);
    }
  }

  /** Marks the years from index `a` to `b` where one of the node's inputs has a value. */
  private mark(node: Node, a: number, b: number): void {
    const { vals, seen, span } = this;
    const off = node.slot * span;
    for (const slot of node.base) {
      const at = slot * span;
      for (let i = a; i <= b; i++) if (!Number.isNaN(vals[at + i]!)) seen[off + i] = 1;
    }
  }

  private annual(node: Node, lo: number, hi: number): void {
    const a = lo - this.lo;
    const b = hi - this.lo;
    if (b < a) return;
    this.mark(node, a, b);
    const { buf, seen, get } = this;
    const off = node.slot * this.span;
    if (node.columns) {
      this.colFrom = a;
      this.colTo = b;
      node.columns(this.col, buf.subarray(off + a, off + b + 1));
      // Same contract as the per-value path: a value only where the node has a row, never ±Infinity.
      for (let i = a; i <= b; i++) if (seen[off + i] === 0 || !Number.isFinite(buf[off + i]!)) buf[off + i] = Number.NaN;
      return;
    }
    const compute = node.annual!;
    for (let i = a; i <= b; i++) {
      if (seen[off + i] === 0) continue;
      const v = node.custom ? this.custom(node, i + this.lo) : compute(get, i + this.lo);
      buf[off + i] = v !== undefined && Number.isFinite(v) ? v : Number.NaN;
    }
  }

  /** A user's formula failing is a usage error naming it; a built-in failing is our bug (exit 3). */
  private custom(node: Node, year: number): number | undefined {
    try {
      return node.annual!(this.get, year);
    } catch (e) {
      if (e instanceof MigdevError) throw e;
      throw usageError('formula-error', `custom metric "${node.id}" failed in ${year}: ${e instanceof Error ? e.message : String(e)}`, 'check the formula');
    }
  }

  /**
   * `a`–`b`: the window cut to the years the entity has data in. The definition gets that range
   * rather than the window as given: they only use years with values, so the result is the same,
   * and a window of `0-100000000` costs no more than the data.
   */
  private windowed(k: number, a: number, b: number): void {
    const node = this.plan.window[k]!;
    if (a > b || !this.anyData(node, a - this.lo, b - this.lo)) return;
    const v = node.windowed!(this.get, a, b);
    this.windowSeen[k] = 1;
    this.windowValue[k] = v !== undefined && Number.isFinite(v) ? v : Number.NaN;
  }

  private anyData(node: Node, a: number, b: number): boolean {
    const { vals, span } = this;
    for (const slot of node.base) {
      const at = slot * span;
      for (let i = a; i <= b; i++) if (!Number.isNaN(vals[at + i]!)) return true;
    }
    return false;
  }

  /**
   * Appends the entity's rows in output order: by year, then metric id; window metrics at the
   * window's last year. `yLo`–`yHi`: the annual years to report. Returns the rows added.
   */
  emit(out: TableBuilder, entity: number, yLo: number, yHi: number): number {
    const wEnd = this.window ? this.window[1] : Number.NaN;
    const start = out.size;
    // Annual years, plus the window's end: never more rows than that, however wide the window.
    // Room for all of them is made once, so the columns stay the same arrays for this entity.
    const col = out.reserve((Math.max(0, yHi - yLo + 1) + 1) * this.outRow.length);
    if (wEnd < yLo) this.emitYear(out, col, entity, wEnd, false, true);
    for (let y = yLo; y <= yHi; y++) this.emitYear(out, col, entity, y, true, y === wEnd);
    if (wEnd > yHi) this.emitYear(out, col, entity, wEnd, false, true);
    return out.size - start;
  }

  private emitYear(out: TableBuilder, col: Columns, entity: number, y: number, annual: boolean, windowEnd: boolean): void {
    const { outWindow, outRow, seen, buf, windowSeen, windowValue, span } = this;
    const i = y - this.lo;
    let n = out.size;
    for (let k = 0; k < outRow.length; k++) {
      const row = outRow[k]!;
      let v: number;
      if (outWindow[k] === 0) {
        const j = row * span + i;
        if (!annual || seen[j] === 0) continue;
        v = buf[j]!;
      } else {
        if (!windowEnd || windowSeen[row] === 0) continue;
        v = windowValue[row]!;
      }
      col.entity[n] = entity;
      col.year[n] = y;
      col.metric[n] = k;
      col.value[n] = v;
      n++;
    }
    out.advance(n - out.size);
  }
}
