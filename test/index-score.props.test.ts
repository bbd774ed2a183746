import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  AGGREGATIONS,
  MISSING_RULES,
  NORMALIZATIONS,
  TIE_TOLERANCE,
  compositeIndex,
  drawScenarios,
  normalize,
  resolveSpec,
  type CrossSection,
  type IndexSpec,
  type Sign,
} from '../src/index-score/index.js';

// Data magnitudes: subnormal numbers (below ~1e-308) lose precision in any mean, so tiny values are 0.
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (Math.abs(v) < 1e-200 ? 0 : v));
const sign = fc.constantFrom<Sign>(1, -1);

/** A cross-section of n entities × k components, complete or with gaps. */
function sectionArb(opts: { missing: boolean; minN?: number }) {
  return fc
    .record({ n: fc.integer({ min: opts.minN ?? 1, max: 12 }), k: fc.integer({ min: 1, max: 4 }) })
    .chain(({ n, k }) =>
      fc.record({
        n: fc.constant(n),
        k: fc.constant(k),
        values: fc.array(opts.missing ? fc.option(value, { nil: Number.NaN, freq: 4 }) : value, { minLength: n * k, maxLength: n * k }),
        directions: fc.array(sign, { minLength: k, maxLength: k }),
        weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })), { minLength: k, maxLength: k }),
        targets: fc.array(value, { minLength: k, maxLength: k }),
        normalize: fc.constantFrom(...NORMALIZATIONS),
        aggregate: fc.constantFrom(...AGGREGATIONS),
        missing: fc.constantFrom(...MISSING_RULES),
      }),
    );
}

type Case = { n: number; k: number; values: number[]; directions: Sign[]; weights: number[]; targets: number[]; normalize: IndexSpec['normalize']; aggregate: IndexSpec['aggregate']; missing: IndexSpec['missing'] };

const ids = (k: number) => Array.from({ length: k }, (_, c) => `m${c}`);
const byId = <V>(k: number, vs: readonly V[]) => Object.fromEntries(ids(k).map((id, c) => [id, vs[c]!]));

function build(t: Case, over: Partial<Case> = {}): { section: CrossSection; spec: IndexSpec } {
  const c = { ...t, ...over };
  // At least one positive weight (all-zero weights are a usage error).
  const weights = c.weights.some((w) => w > 0) ? c.weights : c.weights.map(() => 1);
  const spec = resolveSpec(
    { components: ids(c.k), weights: byId(c.k, weights), directions: byId(c.k, c.directions), targets: byId(c.k, c.targets), normalize: c.normalize, aggregate: c.aggregate, missing: c.missing, targetsOptional: true },
    () => 'higher',
  ).spec;
  const section = { year: 2000, entities: Array.from({ length: c.n }, (_, i) => `E${String(i).padStart(2, '0')}`), values: Float64Array.from(c.values) };
  return { section, spec };
}

describe('composite index properties', () => {
  test.prop([sectionArb({ missing: true })])('every score lies in [0, 100] and every normalised value too', (t) => {
    const { section, spec } = build(t);
    for (const r of compositeIndex([section], spec).rows) {
      if (r.score !== undefined) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
      }
      for (const v of r.normalized) if (v !== undefined) expect(v >= 0 && v <= 100).toBe(true);
    }
  });

  test.prop([sectionArb({ missing: false })])('ranks are a permutation of 1..n when no two scores tie', (t) => {
    const { section, spec } = build(t);
    const rows = compositeIndex([section], spec).rows;
    const scores = rows.map((r) => r.score!).sort((a, b) => a - b);
    const distinct = scores.every((s, i) => i === 0 || s - scores[i - 1]! > TIE_TOLERANCE);
    fc.pre(distinct);
    expect(rows.map((r) => r.rank).sort((a, b) => a! - b!)).toEqual(rows.map((_, i) => i + 1));
  });

  test.prop([sectionArb({ missing: true })])('ranks order the scores: a higher score never ranks below a lower one', (t) => {
    const { section, spec } = build(t);
    const rows = compositeIndex([section], spec).rows.filter((r) => r.score !== undefined);
    for (const a of rows) for (const b of rows) if (a.score! > b.score! + TIE_TOLERANCE) expect(a.rank!).toBeLessThan(b.rank!);
  });

  test.prop([sectionArb({ missing: false, minN: 2 })])('equal weights + minmax + arithmetic is the plain mean of 100·(x − min)/(max − min)', (t) => {
    const { section, spec } = build(t, { weights: t.weights.map(() => 1), normalize: 'minmax', aggregate: 'arithmetic' });
    const { n, k } = t;
    const expected = Array.from({ length: n }, (_, i) => {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const col = Array.from({ length: n }, (_, j) => t.values[j * k + c]!);
        const lo = Math.min(...col);
        const hi = Math.max(...col);
        const x = col[i]!;
        sum += lo === hi ? 50 : t.directions[c] === 1 ? (100 * (x - lo)) / (hi - lo) : (100 * (hi - x)) / (hi - lo);
      }
      return sum / k;
    });
    compositeIndex([section], spec).rows.forEach((r, i) => expect(r.score!).toBeCloseTo(expected[i]!, 9));
  });

  test.prop([sectionArb({ missing: false }), fc.nat()])('an entity that dominates every component ranks first, in every Monte Carlo run', (t, seed) => {
    // Make entity 0 strictly best on each component: above the others' max (or below their min).
    const values = [...t.values];
    for (let c = 0; c < t.k; c++) {
      const others = Array.from({ length: t.n - 1 }, (_, j) => values[(j + 1) * t.k + c]!);
      values[c] = t.directions[c] === 1 ? Math.max(0, ...others) + 1 : Math.min(0, ...others) - 1;
    }
    const { section, spec } = build(t, { values });
    const rows = compositeIndex([section], spec, { runs: 20, seed, normalization: true, aggregation: true }).rows;
    const top = rows[0]!;
    expect(top.rank).toBe(1);
    expect([top.rankMedian, top.rankP05, top.rankP95]).toEqual([1, 1, 1]);
  });

  test.prop([sectionArb({ missing: true }), fc.nat()])('the same seed gives identical results; intervals are ordered and within 1..n', (t, seed) => {
    const { section, spec } = build(t);
    const opts = { runs: 25, seed, normalization: true, aggregation: true };
    const a = compositeIndex([section], spec, opts);
    expect(compositeIndex([section], spec, opts)).toEqual(a);
    for (const r of a.rows) {
      if (r.rank === undefined) continue;
      expect(1 <= r.rankP05! && r.rankP05! <= r.rankMedian! && r.rankMedian! <= r.rankP95! && r.rankP95! <= t.n).toBe(true);
    }
  });

  test.prop([fc.integer({ min: 2, max: 6 }), fc.nat(), fc.nat()])('different seeds draw different weights', (k, s1, s2) => {
    fc.pre(s1 !== s2);
    const { spec } = build({ n: 1, k, values: Array<number>(k).fill(1), directions: Array<Sign>(k).fill(1), weights: Array<number>(k).fill(1), targets: Array<number>(k).fill(0), normalize: 'minmax', aggregate: 'arithmetic', missing: 'reweight' });
    const a = drawScenarios(spec, { runs: 3, seed: s1 });
    const b = drawScenarios(spec, { runs: 3, seed: s2 });
    expect(a.map((s) => [...s.weights])).not.toEqual(b.map((s) => [...s.weights]));
  });

  // Data-like numbers (two decimals, |x| ≤ 10⁶) and units: in this range rounding in a·x + b
  // moves a normalised value by far less than 0.001 points.
  const cents = fc.integer({ min: -1e8, max: 1e8 }).map((v) => v / 100);
  test.prop([fc.array(cents, { minLength: 2, maxLength: 20 }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom('minmax' as const, 'zscore' as const, 'rank' as const)])(
    'minmax, zscore and rank ignore units: a·x + b (a > 0) normalises like x, and −x with the direction reversed too',
    (xs, a, b, method) => {
      const x = Float64Array.from(xs);
      const base = normalize(x, method, 1);
      const scaled = normalize(x.map((v) => a * v + b), method, 1);
      const negated = normalize(x.map((v) => -v), method, -1);
      base.forEach((v, i) => {
        expect(scaled[i]!).toBeCloseTo(v, 3);
        expect(negated[i]!).toBeCloseTo(v, 9);
      });
    },
  );
});
