import { describe, expect, it } from 'vitest';
import {
  aggregate,
  compositeIndex,
  drawScenarios,
  minRanks,
  mulberry32,
  normalize,
  normalizationChoices,
  quantile,
  resolveSpec,
  type CrossSection,
  type IndexSpec,
  type SpecRequest,
} from '../src/index-score/index.js';
import { getMetric } from '../src/metrics/registry.js';
import { isMigdevError } from '../src/errors.js';

/*
 * The hand-worked example used throughout (all expected values below were worked out with a
 * calculator from these eight numbers; the arithmetic is in the comments):
 *
 *   country   x1 (higher is better)   x2 (lower is better, e.g. a cost %)
 *   A         2                       1
 *   B         4                       5
 *   C         6                       2
 *   D         10                      3
 */
const X1 = Float64Array.from([2, 4, 6, 10]);
const X2 = Float64Array.from([1, 5, 2, 3]);
const section: CrossSection = { year: 2020, entities: ['A', 'B', 'C', 'D'], values: Float64Array.from([2, 1, 4, 5, 6, 2, 10, 3]) };

function spec(over: Partial<SpecRequest> = {}): IndexSpec {
  return resolveSpec({ components: ['x1', 'x2'], directions: { x2: -1 }, ...over }, () => undefined).spec;
}

/** score and rank of each country, by code. */
function scores(s: IndexSpec, cs: CrossSection = section): Record<string, { score: number | undefined; rank: number | undefined }> {
  const { rows } = compositeIndex([cs], s);
  return Object.fromEntries(rows.map((r) => [r.code, { score: r.score, rank: r.rank }]));
}

const near = (v: number | undefined): number => v ?? Number.NaN;

describe('normalisation, by hand', () => {
  it('minmax: 100·(x − min)/(max − min), reversed 100·(max − x)/(max − min)', () => {
    // x1: min 2, max 10, range 8 → A 0/8 = 0, B 2/8 = 25, C 4/8 = 50, D 8/8 = 100.
    expect([...normalize(X1, 'minmax', 1)]).toEqual([0, 25, 50, 100]);
    // x2 reversed: max 5, min 1, range 4 → A (5−1)/4 = 100, B 0, C (5−2)/4 = 75, D (5−3)/4 = 50.
    expect([...normalize(X2, 'minmax', -1)]).toEqual([100, 0, 75, 50]);
  });

  it('zscore: 50 + 50·z/3, z from the sample standard deviation', () => {
    // x1: mean 22/4 = 5.5; deviations −3.5, −1.5, 0.5, 4.5; squares 12.25 + 2.25 + 0.25 + 20.25 = 35;
    // sd = √(35/3) = 3.4156503; z = −1.0246951, −0.4391550, 0.1463850, 1.3174651;
    // 50 + 16.666667·z = 32.921749, 42.680750, 52.439750, 71.957751.
    const v1 = normalize(X1, 'zscore', 1);
    [32.921749, 42.68075, 52.43975, 71.957751].forEach((e, i) => expect(v1[i]).toBeCloseTo(e, 5));
    // x2 reversed: mean 11/4 = 2.75; deviations −1.75, 2.25, −0.75, 0.25; squares sum 8.75;
    // sd = √(8.75/3) = 1.7078251; z = −(x − mean)/sd = 1.0246951, −1.3174651, 0.4391550, −0.1463850;
    // → 67.078251, 28.042249, 57.319250, 47.560250.
    const v2 = normalize(X2, 'zscore', -1);
    [67.078251, 28.042249, 57.31925, 47.56025].forEach((e, i) => expect(v2[i]).toBeCloseTo(e, 5));
  });

  it('zscore caps beyond ±3 standard deviations', () => {
    // Nine zeros and one 100: mean 10, sd = √((9·100 + 8100)/9) = √1000 = 31.622777;
    // the outlier's z = 90/31.622777 = 2.846 → 50 + 47.43 = 97.43 (not capped yet);
    // with 19 zeros: mean 5, sd = √((19·25 + 9025)/19) = √500 = 22.36068, z = 4.2485 → capped at 100.
    const ten = Float64Array.from([...Array<number>(9).fill(0), 100]);
    expect(normalize(ten, 'zscore', 1)[9]).toBeCloseTo(50 + (50 * (90 / Math.sqrt(1000))) / 3, 10);
    const twenty = Float64Array.from([...Array<number>(19).fill(0), 100]);
    expect(normalize(twenty, 'zscore', 1)[19]).toBe(100);
  });

  it('rank: percentile rank 100·(r − 1)/(n − 1), ties share the lowest rank', () => {
    // x1 ascending: A 1, B 2, C 3, D 4 → 0, 33.3, 66.7, 100.
    const v1 = normalize(X1, 'rank', 1);
    [0, 100 / 3, 200 / 3, 100].forEach((e, i) => expect(v1[i]).toBeCloseTo(e, 12));
    // x2 reversed (−x ascending: B −5, D −3, C −2, A −1): B 1, D 2, C 3, A 4 → A 100, B 0, C 66.7, D 33.3.
    const v2 = normalize(X2, 'rank', -1);
    [100, 0, 200 / 3, 100 / 3].forEach((e, i) => expect(v2[i]).toBeCloseTo(e, 12));
    // Ties: 1, 3, 3, 7 → ranks 1, 2, 2, 4 → 0, 33.3, 33.3, 100.
    const tied = normalize(Float64Array.from([1, 3, 3, 7]), 'rank', 1);
    [0, 100 / 3, 100 / 3, 100].forEach((e, i) => expect(tied[i]).toBeCloseTo(e, 12));
  });

  it('target: COINr n_dist2targ capped at the target', () => {
    // x1 with target 8: 100·min(1, (x − 2)/(8 − 2)) → A 0, B 2/6 = 33.3, C 4/6 = 66.7, D 10 ≥ 8 → 100.
    const v1 = normalize(X1, 'target', 1, 8);
    [0, 100 / 3, 200 / 3, 100].forEach((e, i) => expect(v1[i]).toBeCloseTo(e, 12));
    // x2 a cost with the SDG 10.c target 3, lower is better: 100·min(1, (5 − x)/(5 − 3))
    // → A 1 ≤ 3 → 100, B (5 − 5)/2 = 0, C 2 ≤ 3 → 100, D 3 ≤ 3 → 100.
    expect([...normalize(X2, 'target', -1, 3)]).toEqual([100, 0, 100, 100]);
    // Everyone meets the target: 100 for all (no division by max − t = 0).
    expect([...normalize(Float64Array.from([1, 2]), 'target', -1, 3)]).toEqual([100, 100]);
  });

  it('a component with one distinct value scores 50 for everyone; missing stays missing', () => {
    const flat = Float64Array.from([4, Number.NaN, 4]);
    for (const m of ['minmax', 'zscore', 'rank'] as const) {
      const v = normalize(flat, m, 1);
      expect(v[0]).toBe(50);
      expect(v[1]).toBeNaN();
      expect(v[2]).toBe(50);
    }
  });
});

describe('aggregation and ranking, by hand', () => {
  it('minmax + arithmetic, equal weights', () => {
    // (x1, x2) normalised: A (0, 100), B (25, 0), C (50, 75), D (100, 50);
    // means: A 50, B 12.5, C 62.5, D 75 → ranks D 1, C 2, A 3, B 4.
    expect(scores(spec())).toEqual({ A: { score: 50, rank: 3 }, B: { score: 12.5, rank: 4 }, C: { score: 62.5, rank: 2 }, D: { score: 75, rank: 1 } });
  });

  it('minmax + arithmetic, weights x1=3, x2=1 (normalised to 0.75, 0.25)', () => {
    // A 0·0.75 + 100·0.25 = 25; B 25·0.75 + 0 = 18.75; C 37.5 + 18.75 = 56.25; D 75 + 12.5 = 87.5.
    const s = scores(spec({ weights: { x1: 3, x2: 1 } }));
    expect(s.A!.score).toBeCloseTo(25, 12);
    expect(s.B!.score).toBeCloseTo(18.75, 12);
    expect(s.C!.score).toBeCloseTo(56.25, 12);
    expect(s.D!.score).toBeCloseTo(87.5, 12);
    expect([s.D!.rank, s.C!.rank, s.A!.rank, s.B!.rank]).toEqual([1, 2, 3, 4]);
  });

  it('minmax + geometric: values moved onto [1, 100], mean, moved back', () => {
    // v′ = 1 + 0.99·v: A (1, 100), B (25.75, 1), C (50.5, 75.25), D (100, 50.5).
    // G = √(v′1 · v′2): A √100 = 10; B √25.75 = 5.0744458; C √3800.125 = 61.645154; D √5050 = 71.063352.
    // score = (G − 1)/0.99: A 9.0909091, B 4.1156018, C 61.257731, D 70.771063 → D, C, A, B.
    const s = scores(spec({ aggregate: 'geometric' }));
    expect(near(s.A!.score)).toBeCloseTo(9.0909091, 6);
    expect(near(s.B!.score)).toBeCloseTo(4.1156018, 6);
    expect(near(s.C!.score)).toBeCloseTo(61.257731, 5);
    expect(near(s.D!.score)).toBeCloseTo(70.771063, 5);
    expect([s.D!.rank, s.C!.rank, s.A!.rank, s.B!.rank]).toEqual([1, 2, 3, 4]);
  });

  it('geometric penalises imbalance: A (0, 100) scores 9.09 where the arithmetic mean gives 50', () => {
    const arith = scores(spec()).A!.score;
    const geo = scores(spec({ aggregate: 'geometric' })).A!.score;
    expect(arith).toBe(50);
    expect(near(geo)).toBeLessThan(10);
    // All 0 → 0 and all 100 → 100 exactly: the shift keeps the 0–100 scale.
    const ends = aggregate(Float64Array.from([0, 0, 100, 100]), 2, 2, [0.5, 0.5], 'geometric', 'drop');
    expect(ends[0]).toBe(0);
    expect(ends[1]).toBe(100);
  });

  it('zscore + arithmetic', () => {
    // From the zscore test: A (32.921749 + 67.078251)/2 = 50; B (42.680750 + 28.042249)/2 = 35.361500;
    // C (52.439750 + 57.319250)/2 = 54.879500; D (71.957751 + 47.560250)/2 = 59.759000 → D, C, A, B.
    const s = scores(spec({ normalize: 'zscore' }));
    expect(near(s.A!.score)).toBeCloseTo(50, 5);
    expect(near(s.B!.score)).toBeCloseTo(35.3615, 4);
    expect(near(s.C!.score)).toBeCloseTo(54.8795, 4);
    expect(near(s.D!.score)).toBeCloseTo(59.759, 4);
    expect([s.D!.rank, s.C!.rank, s.A!.rank, s.B!.rank]).toEqual([1, 2, 3, 4]);
  });

  it('rank + arithmetic: C and D tie at 66.7 and share rank 1; the next is 3', () => {
    // A (0 + 100)/2 = 50; B (33.3 + 0)/2 = 16.7; C (66.7 + 66.7)/2 = 66.7; D (100 + 33.3)/2 = 66.7.
    const s = scores(spec({ normalize: 'rank' }));
    expect(near(s.C!.score)).toBeCloseTo(200 / 3, 10);
    expect(near(s.D!.score)).toBeCloseTo(200 / 3, 10);
    expect([s.C!.rank, s.D!.rank, s.A!.rank, s.B!.rank]).toEqual([1, 1, 3, 4]);
  });

  it('target + arithmetic (x1 target 8, x2 target 3)', () => {
    // x1 → A 0, B 33.3, C 66.7, D 100; x2 → A 100, B 0, C 100, D 100.
    // A 50, B 16.7, C 83.3, D 100 → D, C, A, B.
    const s = scores(spec({ normalize: 'target', targets: { x1: 8, x2: 3 } }));
    expect(near(s.A!.score)).toBeCloseTo(50, 10);
    expect(near(s.B!.score)).toBeCloseTo(50 / 3, 10);
    expect(near(s.C!.score)).toBeCloseTo(250 / 3, 10);
    expect(s.D!.score).toBe(100);
    expect([s.D!.rank, s.C!.rank, s.A!.rank, s.B!.rank]).toEqual([1, 2, 3, 4]);
  });

  it('missing: drop leaves C unscored, reweight scores it on x1 alone', () => {
    // C lacks x2. x2 is normalised over A, B, D (1, 5, 3): reversed minmax → A 100, B 0, D 50.
    const gap: CrossSection = { ...section, values: Float64Array.from([2, 1, 4, 5, 6, Number.NaN, 10, 3]) };
    const drop = scores(spec({ missing: 'drop' }), gap);
    // A (0 + 100)/2 = 50, B 12.5, D (100 + 50)/2 = 75; C none.
    expect(drop).toEqual({ A: { score: 50, rank: 2 }, B: { score: 12.5, rank: 3 }, C: { score: undefined, rank: undefined }, D: { score: 75, rank: 1 } });
    // reweight: C = 50 (its x1 with the whole weight), tying A at 50 → both rank 2, B 4.
    const rew = scores(spec({ missing: 'reweight' }), gap);
    expect(rew).toEqual({ A: { score: 50, rank: 2 }, B: { score: 12.5, rank: 4 }, C: { score: 50, rank: 2 }, D: { score: 75, rank: 1 } });
    expect(compositeIndex([gap], spec({ missing: 'drop' })).notes[0]).toMatch(/^1 entity-years lack a component/);
  });

  it('ranks: 1 = best, ties share the lowest rank, unscored get 0', () => {
    expect([...minRanks(Float64Array.from([10, 30, 30, 20, Number.NaN]))]).toEqual([4, 1, 1, 3, 0]);
    // Floating-point noise is not a rank: 100/3 computed two ways.
    expect([...minRanks(Float64Array.from([0.25 * 100 + 0.75 * (100 / 9), 0.75 * (100 / 3) + 0.25 * (100 / 3)]))].sort()).toEqual([1, 1]);
  });

  it('quantile is R type 7: quantile(1:10, c(.05, .5, .95)) = 1.45, 5.5, 9.55', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantile(x, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantile(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantile(x, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantile([7], 0.05)).toBe(7);
  });
});

describe('specification', () => {
  const dir = (id: string) => getMetric(id)?.direction;
  const catch2 = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (isMigdevError(e)) return `${e.code}: ${e.message}`;
      throw e;
    }
    return 'no error';
  };

  it('takes directions from the catalogue: lower → −1, neutral and custom → +1 with a note', () => {
    const { spec: s, notes } = resolveSpec({ components: ['remittances_gdp_pct', 'remittance_cost_gap_pp', 'remittances_to_fdi_ratio', 'mine'] }, dir);
    expect(s.components.map((c) => c.direction)).toEqual([1, -1, 1, 1]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/remittances_to_fdi_ratio \(neutral in the catalogue\), mine \(custom metric\)/);
  });

  it('normalises weights to sum 1; unnamed components weigh 1', () => {
    const { spec: s } = resolveSpec({ components: ['a', 'b', 'c'], weights: { a: 2 } }, () => 'higher');
    expect(s.components.map((c) => c.weight)).toEqual([0.5, 0.25, 0.25]);
  });

  it('refuses what cannot be meant', () => {
    const base = { components: ['a', 'b'] };
    expect(catch2(() => resolveSpec({ ...base, weights: { z: 1 } }, () => 'higher'))).toMatch(/^not-a-component: --weights names z/);
    expect(catch2(() => resolveSpec({ ...base, weights: { a: -1 } }, () => 'higher'))).toMatch(/^negative-weight/);
    expect(catch2(() => resolveSpec({ ...base, weights: { a: 0, b: 0 } }, () => 'higher'))).toMatch(/^zero-weights/);
    expect(catch2(() => resolveSpec({ ...base, normalize: 'target', targets: { a: 3 } }, () => 'higher'))).toMatch(/^missing-target: .*none for b/);
    expect(catch2(() => resolveSpec({ ...base, targets: { a: 3 } }, () => 'higher'))).toMatch(/^unused-target/);
    expect(catch2(() => resolveSpec({ components: [] }, () => 'higher'))).toMatch(/^no-components/);
    // With the sensitivity analysis drawing normalisations, targets are optional but all-or-none.
    expect(catch2(() => resolveSpec({ ...base, targets: { a: 3 }, targetsOptional: true }, () => 'higher'))).toMatch(/^missing-target: .*to be drawn; none for b/);
    expect(catch2(() => resolveSpec({ ...base, targets: { a: 3, b: 1 }, targetsOptional: true }, () => 'higher'))).toBe('no error');
  });
});

describe('sensitivity runs', () => {
  it('multiply each weight by U(0.5, 1.5) from mulberry32, then renormalise', () => {
    // mulberry32(1)'s first draw is 0.6270739405881613 (the value other projects' tests pin too).
    expect(mulberry32(1)()).toBe(0.6270739405881613);
    const next = mulberry32(1);
    const u1 = next();
    const u2 = next();
    const [run] = drawScenarios(spec(), { runs: 1, seed: 1 });
    // Equal nominal weights 0.5: w1 = 0.5·(0.5 + u1), w2 = 0.5·(0.5 + u2), divided by their sum.
    expect(run!.weights[0]).toBeCloseTo((0.5 + u1) / (1 + u1 + u2), 15);
    expect(run!.weights[1]).toBeCloseTo((0.5 + u2) / (1 + u1 + u2), 15);
    expect(run!.normalize).toBe('minmax');
    expect(run!.aggregate).toBe('arithmetic');
  });

  it('draw the normalisation first, then the aggregation, when asked', () => {
    const next = mulberry32(9);
    const u1 = next();
    const u2 = next();
    const [run] = drawScenarios(spec(), { runs: 1, seed: 9, normalization: true, aggregation: true });
    // No targets: three methods to draw from.
    expect(run!.normalize).toBe((['minmax', 'zscore', 'rank'] as const)[Math.floor(u1 * 3)]);
    expect(run!.aggregate).toBe((['arithmetic', 'geometric'] as const)[Math.floor(u2 * 2)]);
  });

  it('may draw target normalisation only when every component has a target', () => {
    expect(normalizationChoices(spec())).toEqual(['minmax', 'zscore', 'rank']);
    expect(normalizationChoices(spec({ targets: { x1: 8, x2: 3 }, targetsOptional: true }))).toEqual(['minmax', 'zscore', 'rank', 'target']);
  });

  it('report the median and 5–95 % interval of each rank; B is last under any weights', () => {
    const { rows } = compositeIndex([section], spec(), { runs: 200, seed: 3 });
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    // B is worst or next to worst on both components (0 and 25 vs ≥ 50 elsewhere on x1; 0 on x2):
    // whatever the weights it ranks 4.
    expect([byCode.B!.rankMedian, byCode.B!.rankP05, byCode.B!.rankP95]).toEqual([4, 4, 4]);
    for (const r of rows) {
      expect(r.rankP05!).toBeLessThanOrEqual(r.rankMedian!);
      expect(r.rankMedian!).toBeLessThanOrEqual(r.rankP95!);
    }
  });
});
