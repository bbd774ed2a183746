import { aggregate } from './aggregate.js';
import type { IndexSpec, Normalization } from './methods.js';
import { normalize } from './normalize.js';
import { minRanks, quantile } from './rank.js';
import type { CrossSection } from './sections.js';
import { drawScenarios, type SensitivityOptions } from './sensitivity.js';

/** One entity's result in one cross-section. */
export interface IndexRow {
  code: string;
  /** The cross-section's year; for latest values, the most recent year among the components. */
  year: number;
  /** 0–100; undefined when the entity gets no score (see `missing`). */
  score: number | undefined;
  /** 1 = best; ties share the lowest rank. */
  rank: number | undefined;
  /** Normalised value of each component (0–100, 100 best), in component order. */
  normalized: Array<number | undefined>;
  /** For latest values: the year of each component's value. */
  years?: Array<number | undefined>;
  /** With a sensitivity analysis: the median and 5th / 95th percentiles of the rank over the runs. */
  rankMedian?: number | undefined;
  rankP05?: number | undefined;
  rankP95?: number | undefined;
}

export interface IndexResult {
  /** Sorted by code, then year. */
  rows: IndexRow[];
  /** Things a user should know (for stderr). */
  notes: string[];
}

const opt = (v: number): number | undefined => (Number.isNaN(v) ? undefined : v);

/** Interpolated ranks such as 162.05 come out of (n − 1)·p as 162.04999999999995: round off the noise. */
const tidy = (v: number): number => Math.round(v * 1e9) / 1e9;

/** All components of a cross-section normalised by `method` (n × k, NaN missing). */
export function normalizeSection(section: CrossSection, spec: IndexSpec, method: Normalization): Float64Array {
  const k = spec.components.length;
  const n = section.entities.length;
  const out = new Float64Array(n * k);
  const column = new Float64Array(n);
  spec.components.forEach((comp, c) => {
    for (let i = 0; i < n; i++) column[i] = section.values[i * k + c]!;
    const norm = normalize(column, method, comp.direction, comp.target);
    for (let i = 0; i < n; i++) out[i * k + c] = norm[i]!;
  });
  return out;
}

/** Scores of a cross-section under the spec (or a run's choices). */
export function scoreSection(section: CrossSection, spec: IndexSpec): { normalized: Float64Array; scores: Float64Array; ranks: Int32Array } {
  const k = spec.components.length;
  const normalized = normalizeSection(section, spec, spec.normalize);
  const scores = aggregate(normalized, section.entities.length, k, spec.components.map((c) => c.weight), spec.aggregate, spec.missing);
  return { normalized, scores, ranks: minRanks(scores) };
}

function normalizedRowHasGap(norm: Float64Array, i: number, k: number): boolean {
  for (let c = 0; c < k; c++) if (Number.isNaN(norm[i * k + c]!)) return true;
  return false;
}

/** A component with a single distinct value in a cross-section (no information: everyone 50). */
function degenerate(section: CrossSection, c: number, k: number): boolean {
  let first = Number.NaN;
  for (let i = 0; i < section.entities.length; i++) {
    const v = section.values[i * k + c]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return false;
  }
  return !Number.isNaN(first);
}

/**
 * The composite index of each cross-section: components normalised over the entities of the
 * cross-section, weighted, aggregated, ranked; with `sensitivity`, each entity's rank statistics
 * over the Monte Carlo runs (the same runs for every cross-section).
 */
export function compositeIndex(sections: readonly CrossSection[], spec: IndexSpec, sensitivity?: SensitivityOptions): IndexResult {
  const k = spec.components.length;
  const scenarios = sensitivity ? drawScenarios(spec, sensitivity) : [];
  const rows: IndexRow[] = [];
  let dropped = 0;
  let partial = 0;
  const flat = new Array<number>(k).fill(0);
  for (const section of sections) {
    const n = section.entities.length;
    const { normalized, scores, ranks } = scoreSection(section, spec);
    if (spec.normalize !== 'target') for (let c = 0; c < k; c++) if (degenerate(section, c, k)) flat[c]!++;

    let stats: { median: Float64Array; p05: Float64Array; p95: Float64Array } | undefined;
    if (scenarios.length > 0) {
      const cache = new Map<Normalization, Float64Array>([[spec.normalize, normalized]]);
      const runRanks = new Int32Array(scenarios.length * n);
      scenarios.forEach((s, r) => {
        let norm = cache.get(s.normalize);
        if (!norm) cache.set(s.normalize, (norm = normalizeSection(section, spec, s.normalize)));
        runRanks.set(minRanks(aggregate(norm, n, k, s.weights, s.aggregate, spec.missing)), r * n);
      });
      stats = { median: new Float64Array(n).fill(Number.NaN), p05: new Float64Array(n).fill(Number.NaN), p95: new Float64Array(n).fill(Number.NaN) };
      const mine = new Int32Array(scenarios.length);
      for (let i = 0; i < n; i++) {
        if (ranks[i] === 0) continue;
        let m = 0;
        for (let r = 0; r < scenarios.length; r++) {
          const rank = runRanks[r * n + i]!;
          if (rank > 0) mine[m++] = rank;
        }
        const sorted = mine.subarray(0, m).sort();
        stats.median[i] = tidy(quantile(sorted, 0.5));
        stats.p05[i] = tidy(quantile(sorted, 0.05));
        stats.p95[i] = tidy(quantile(sorted, 0.95));
      }
    }

    for (let i = 0; i < n; i++) {
      const score = opt(scores[i]!);
      if (score === undefined) dropped++;
      else if (spec.missing === 'reweight' && normalizedRowHasGap(normalized, i, k)) partial++;
      const row: IndexRow = {
        code: section.entities[i]!,
        year: section.year ?? 0,
        score,
        rank: ranks[i]! > 0 ? ranks[i]! : undefined,
        normalized: Array.from({ length: k }, (_, c) => opt(normalized[i * k + c]!)),
      };
      if (section.years) {
        const ys = Array.from({ length: k }, (_, c) => section.years![i * k + c]! || undefined);
        row.years = ys;
        row.year = Math.max(...ys.map((y) => y ?? -Infinity));
      }
      if (stats) {
        row.rankMedian = opt(stats.median[i]!);
        row.rankP05 = opt(stats.p05[i]!);
        row.rankP95 = opt(stats.p95[i]!);
      }
      rows.push(row);
    }
  }
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.year - b.year));

  const notes: string[] = [];
  const what = sections.length === 1 && sections[0]!.year === undefined ? 'entities' : 'entity-years';
  if (dropped > 0) {
    notes.push(
      spec.missing === 'drop'
        ? `${dropped} ${what} lack a component and get no score (--missing reweight scores them on the components they have)`
        : `${dropped} ${what} have no positively weighted component and get no score`,
    );
  }
  if (partial > 0) notes.push(`${partial} ${what} lack a component and are scored on the ones they have (--missing reweight)`);
  const flatIds = spec.components.flatMap((c, i) => (flat[i]! > 0 ? [what === 'entities' ? c.id : `${c.id} in ${flat[i]} year${flat[i]! > 1 ? 's' : ''}`] : []));
  if (flatIds.length > 0) notes.push(`a single distinct value (or a single entity), so 50 for everyone: ${flatIds.join(', ')}`);
  return { rows, notes };
}
