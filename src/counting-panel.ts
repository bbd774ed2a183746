import { Panel } from './panel.js';

/** 32-bit words of year bits per series: 96 years from its first, enough for a WDI row. */
const WORDS = 3;
const SPAN = WORDS * 32;

export interface IndicatorCounts {
  /** Entities with at least one value. */
  entities: number;
  values: number;
  lo: number;
  hi: number;
}

/**
 * A panel that keeps no values, only what `inspect` reports: per indicator the entities with
 * data, the values and the first and last year; which years each entity × indicator has, as bits,
 * so a key given twice is counted once as the stored panel would. The whole bulk WDI file stored
 * its 26 million values with their lines (1.2 GB) just to be counted. Unlike the stored panel it
 * cannot tell a conflicting duplicate from a repeated one (`check` and the other commands do).
 */
export class CountingPanel extends Panel {
  /** Per series slot, its indicator and entity: `[indicator, entity, indicator, entity, …]`. */
  private readonly keys: string[] = [];
  private readonly slots = new Map<string, Map<string, number>>();
  private readonly counts = new Map<string, IndicatorCounts>();
  private readonly entitySet = new Set<string>();
  /** Per series slot: the year of its first bit, and its bits. */
  private base = new Int32Array(1024);
  private bits = new Uint32Array(1024 * WORDS);
  /** Per series slot: 1 once it has a value. */
  private withData = new Uint8Array(1024);
  /** Per series slot, years outside its 96 years of bits (rare: long files spanning centuries). */
  private readonly far = new Map<number, Set<number>>();
  private used = 0;
  private lastEntity = '';
  private lastIndicator = '';
  private lastSlot = -1;
  private lastCounts: IndicatorCounts | undefined;
  private cellCount = 0;
  private lo = Infinity;
  private hi = -Infinity;

  override get size(): number {
    return this.cellCount;
  }

  /** The series' slot, made on first sight; values come row by row, so the last one is kept. */
  private slotOf(entity: string, indicator: string, year: number): number {
    if (entity === this.lastEntity && indicator === this.lastIndicator && this.lastSlot >= 0) return this.lastSlot;
    let byEntity = this.slots.get(indicator);
    let counts = this.counts.get(indicator);
    if (!byEntity || !counts) {
      byEntity = new Map();
      this.slots.set(indicator, byEntity);
      counts = { entities: 0, values: 0, lo: Infinity, hi: -Infinity };
      this.counts.set(indicator, counts);
    }
    let slot = byEntity.get(entity);
    if (slot === undefined) {
      slot = this.used++;
      if (slot === this.base.length) {
        const base = new Int32Array(slot * 2);
        base.set(this.base);
        this.base = base;
        const bits = new Uint32Array(slot * 2 * WORDS);
        bits.set(this.bits);
        this.bits = bits;
        const withData = new Uint8Array(slot * 2);
        withData.set(this.withData);
        this.withData = withData;
      }
      this.base[slot] = year;
      this.keys.push(indicator, entity);
      byEntity.set(entity, slot);
      this.entitySet.add(entity);
    }
    this.lastEntity = entity;
    this.lastIndicator = indicator;
    this.lastSlot = slot;
    this.lastCounts = counts;
    return slot;
  }

  override reserve(entity: string, indicator: string, first: number): void {
    this.slotOf(entity, indicator, first);
  }

  override set(entity: string, indicator: string, year: number): void {
    const slot = this.slotOf(entity, indicator, year);
    const counts = this.lastCounts!;
    const bit = year - this.base[slot]!;
    let fresh: boolean;
    if (bit >= 0 && bit < SPAN) {
      const w = slot * WORDS + (bit >> 5);
      const m = 1 << (bit & 31);
      fresh = (this.bits[w]! & m) === 0;
      this.bits[w] = this.bits[w]! | m;
    } else {
      let years = this.far.get(slot);
      if (!years) this.far.set(slot, (years = new Set()));
      fresh = !years.has(year);
      years.add(year);
    }
    if (!fresh) return;
    if (this.withData[slot] === 0) {
      this.withData[slot] = 1;
      counts.entities++;
    }
    counts.values++;
    if (year < counts.lo) counts.lo = year;
    if (year > counts.hi) counts.hi = year;
    if (year < this.lo) this.lo = year;
    if (year > this.hi) this.hi = year;
    this.cellCount++;
  }

  override indicators(): string[] {
    return [...this.counts.keys()].sort();
  }

  override entities(): string[] {
    return [...this.entitySet].sort();
  }

  override yearSpan(): [number, number] | undefined {
    return this.lo <= this.hi ? [this.lo, this.hi] : undefined;
  }

  /** The counts as plain data, for a worker thread to post (`absorbCounts` takes them in). */
  toCounts(): CountsTransfer {
    return {
      keys: this.keys,
      base: this.base.slice(0, this.used),
      bits: this.bits.slice(0, this.used * WORDS),
      far: [...this.far].map(([slot, years]) => [slot, [...years]]),
      entityNames: [...this.entityNames],
      indicatorNames: [...this.indicatorNames],
    };
  }

  /**
   * Adds what another thread counted over a later part of the file. A series only it has (every
   * series of a WDI file: one row each) is copied whole; one both have is merged year by year.
   */
  absorbCounts(t: CountsTransfer): void {
    const far = new Map(t.far);
    for (let s = 0; s < t.base.length; s++) {
      const indicator = t.keys[2 * s]!;
      const entity = t.keys[2 * s + 1]!;
      const base = t.base[s]!;
      const years: number[] = [...(far.get(s) ?? [])];
      if (this.slots.get(indicator)?.has(entity) !== true) {
        const slot = this.slotOf(entity, indicator, base);
        const counts = this.lastCounts!;
        for (let w = 0; w < WORDS; w++) this.bits[slot * WORDS + w] = t.bits[s * WORDS + w]!;
        let n = 0;
        let lo = Infinity;
        let hi = -Infinity;
        for (let bit = 0; bit < SPAN; bit++) {
          if ((t.bits[s * WORDS + (bit >> 5)]! & (1 << (bit & 31))) === 0) continue;
          n++;
          lo = Math.min(lo, base + bit);
          hi = Math.max(hi, base + bit);
        }
        if (n > 0) {
          this.withData[slot] = 1;
          counts.entities++;
          counts.values += n;
          this.cellCount += n;
          counts.lo = Math.min(counts.lo, lo);
          counts.hi = Math.max(counts.hi, hi);
          this.lo = Math.min(this.lo, lo);
          this.hi = Math.max(this.hi, hi);
        }
      } else {
        this.slotOf(entity, indicator, base);
        for (let bit = 0; bit < SPAN; bit++) if ((t.bits[s * WORDS + (bit >> 5)]! & (1 << (bit & 31))) !== 0) years.push(base + bit);
      }
      for (const y of years) this.set(entity, indicator, y);
    }
    for (const [k, v] of t.entityNames) if (!this.entityNames.has(k)) this.entityNames.set(k, v);
    for (const [k, v] of t.indicatorNames) if (!this.indicatorNames.has(k)) this.indicatorNames.set(k, v);
  }

  countsOf(indicator: string): IndicatorCounts | undefined {
    return this.counts.get(indicator);
  }
}



/** What a second thread counted, as plain data to post back. */
export interface CountsTransfer {
  keys: string[];
  base: Int32Array;
  bits: Uint32Array;
  far: Array<[number, number[]]>;
  entityNames: Array<[string, string]>;
  indicatorNames: Array<[string, string]>;
}
