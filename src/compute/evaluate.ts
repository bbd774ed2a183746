import { MigdevError, usageError } from '../errors.js';
import type { Getter } from '../metrics/types.js';
import type { Series } from '../panel.js';
import type { Node, Plan } from './plan.js';
import type { TableBuilder } from './table.js';

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
  readonly get: Getter;

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

  private present(node: Node, i: number): boolean {
    const { vals, span } = this;
    const base = node.base;
    for (let k = 0; k < base.length; k++) if (!Number.isNaN(vals[base[k]! * span + i]!)) return true;
    return false;
  }

  private annual(node: Node, lo: number, hi: number): void {
    const { buf, seen, get } = this;
    const off = node.slot * this.span;
    const compute = node.annual!;
    for (let i = lo - this.lo; i <= hi - this.lo; i++) {
      if (!this.present(node, i)) continue;
      seen[off + i] = 1;
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

  /** `a`–`b`: the window's years the entity has data in. */
  private windowed(k: number, a: number, b: number): void {
    const node = this.plan.window[k]!;
    let present = false;
    for (let i = a - this.lo; i <= b - this.lo && !present; i++) present = this.present(node, i);
    if (!present) return;
    const [w0, w1] = this.window!;
    const v = node.windowed!(this.get, w0, w1);
    this.windowSeen[k] = 1;
    this.windowValue[k] = v !== undefined && Number.isFinite(v) ? v : Number.NaN;
  }

  /**
   * Appends the entity's rows in output order: by year, then metric id; window metrics at the
   * window's last year. `yLo`–`yHi`: the annual years to report. Returns the rows added.
   */
  emit(out: TableBuilder, entity: number, yLo: number, yHi: number): number {
    const before = out.size;
    const w = this.window;
    const rowLo = w ? Math.min(yLo, w[1]) : yLo;
    const rowHi = w ? Math.max(yHi, w[1]) : yHi;
    for (let y = rowLo; y <= rowHi; y++) {
      const annual = y >= yLo && y <= yHi;
      const windowEnd = w !== undefined && y === w[1];
      if (annual || windowEnd) this.emitYear(out, entity, y, annual, windowEnd);
    }
    return out.size - before;
  }

  private emitYear(out: TableBuilder, entity: number, y: number, annual: boolean, windowEnd: boolean): void {
    const { outWindow, outRow, seen, buf, windowSeen, windowValue } = this;
    const i = y - this.lo;
    for (let k = 0; k < outRow.length; k++) {
      const row = outRow[k]!;
      if (outWindow[k] === 0) {
        const j = row * this.span + i;
        if (annual && seen[j] === 1) out.push(entity, y, k, buf[j]!);
      } else if (windowEnd && windowSeen[row] === 1) {
        out.push(entity, y, k, windowValue[row]!);
      }
    }
  }
}
