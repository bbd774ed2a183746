import { usageError } from '../errors.js';
import type { Direction } from '../metrics/types.js';
import { closest } from '../metrics/suggest.js';
import {
  AGGREGATIONS,
  MISSING_RULES,
  NORMALIZATIONS,
  type Aggregation,
  type Component,
  type IndexSpec,
  type MissingRule,
  type Normalization,
  type Sign,
} from './methods.js';

/** What a caller asks for; `resolveSpec` checks it against the components and fills defaults. */
export interface SpecRequest {
  /** Component ids in output order (metric ids or custom metric names). */
  components: readonly string[];
  /** Relative weights ≥ 0 by id; components not named weigh 1. Default: equal. */
  weights?: Readonly<Record<string, number>>;
  directions?: Readonly<Record<string, Sign>>;
  targets?: Readonly<Record<string, number>>;
  normalize?: Normalization;
  aggregate?: Aggregation;
  missing?: MissingRule;
  /** Targets may be given without `normalize: 'target'` (the sensitivity analysis may draw it). */
  targetsOptional?: boolean;
}

export interface ResolvedSpec {
  spec: IndexSpec;
  /** For stderr: directions that were assumed. */
  notes: string[];
}

/**
 * `a=2,b=1` items of a repeatable flag (each occurrence may hold a comma list) as [key, text]
 * pairs; an item without `=`, an empty side or a key given twice is a usage error.
 */
export function parsePairs(flag: string, items: readonly string[] | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const raw of (items ?? []).flatMap((s) => s.split(','))) {
    const item = raw.trim();
    if (item === '') continue;
    const at = item.indexOf('=');
    const key = at < 0 ? '' : item.slice(0, at).trim();
    const value = at < 0 ? '' : item.slice(at + 1).trim();
    if (key === '' || value === '') throw usageError('bad-pair', `${flag} '${item}' is not METRIC=VALUE`, `write ${flag} remittances_gdp_pct=2`);
    if (seen.has(key)) throw usageError('duplicate-pair', `${flag} names ${key} twice`, 'give each metric once');
    seen.add(key);
    out.push([key, value]);
  }
  return out;
}

function number(flag: string, key: string, text: string): number {
  const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(v)) throw usageError('bad-number', `${flag} ${key}=${text}: '${text}' is not a number`, `write ${flag} ${key}=2`);
  return v;
}

/** `--weights a=2,b=1`: finite, non-negative numbers. */
export function parseWeights(items: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, text] of parsePairs('--weights', items)) {
    const w = number('--weights', key, text);
    if (w < 0) throw usageError('negative-weight', `--weights ${key}=${text}: weights cannot be negative`, `reverse a metric with --direction ${key}=-1 instead`);
    out[key] = w;
  }
  return out;
}

/** `--direction a=-1`: 1, +1, -1, or the words higher / lower. */
export function parseDirections(items: readonly string[] | undefined): Record<string, Sign> {
  const out: Record<string, Sign> = {};
  for (const [key, text] of parsePairs('--direction', items)) {
    const t = text.toLowerCase();
    if (t === '1' || t === '+1' || t === 'higher') out[key] = 1;
    else if (t === '-1' || t === 'lower') out[key] = -1;
    else throw usageError('bad-direction', `--direction ${key}=${text}: a direction is 1 (higher is better) or -1 (lower is better)`, `write --direction ${key}=-1`);
  }
  return out;
}

/** `--target a=3`: finite numbers in the metric's own unit. */
export function parseTargets(items: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, text] of parsePairs('--target', items)) out[key] = number('--target', key, text);
  return out;
}

export function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  const hit = choices.find((c) => c === t);
  if (hit === undefined) throw usageError('bad-choice', `${flag} '${text}' is not one of ${choices.join(', ')}`, `write ${flag} ${choices[0]}`);
  return hit;
}

/** The component a flag's key names: exactly, else case-insensitively; otherwise a usage error. */
function componentOf(flag: string, key: string, ids: readonly string[]): string {
  if (ids.includes(key)) return key;
  const folded = ids.filter((id) => id.toLowerCase() === key.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  const near = closest(key, ids);
  throw usageError(
    'not-a-component',
    `${flag} names ${key}, which is not a component of the index`,
    `${near ? `did you mean ${near}? ` : ''}the components are the metrics of -m: ${ids.join(', ')}`,
  );
}

function keyed<V>(flag: string, given: Readonly<Record<string, V>> | undefined, ids: readonly string[]): Map<string, V> {
  const out = new Map<string, V>();
  for (const [key, v] of Object.entries(given ?? {})) {
    const id = componentOf(flag, key, ids);
    if (out.has(id)) throw usageError('duplicate-pair', `${flag} names ${id} twice`, 'give each metric once');
    out.set(id, v);
  }
  return out;
}

/**
 * Checks a request against its components and completes it: weights normalised to sum 1
 * (default equal), directions from the catalogue (`directionOf`; lower-is-better → −1, neutral
 * or unknown → +1 with a note), minmax / arithmetic / drop by default (a score stands on every component unless asked otherwise).
 */
export function resolveSpec(req: SpecRequest, directionOf: (id: string) => Direction | undefined): ResolvedSpec {
  const ids = req.components;
  if (ids.length === 0) throw usageError('no-components', 'an index needs at least one component', 'name the metrics with -m, e.g. -m remittances_gdp_pct,remittances_per_capita_usd');
  const normalize = req.normalize ?? 'minmax';
  const aggregate = req.aggregate ?? 'arithmetic';
  const missing = req.missing ?? 'drop';
  if (!NORMALIZATIONS.includes(normalize)) throw usageError('bad-choice', `--normalize '${normalize}' is not one of ${NORMALIZATIONS.join(', ')}`);
  if (!AGGREGATIONS.includes(aggregate)) throw usageError('bad-choice', `--aggregate '${aggregate}' is not one of ${AGGREGATIONS.join(', ')}`);
  if (!MISSING_RULES.includes(missing)) throw usageError('bad-choice', `--missing '${missing}' is not one of ${MISSING_RULES.join(', ')}`);

  const weights = keyed('--weights', req.weights, ids);
  const directions = keyed('--direction', req.directions, ids);
  const targets = keyed('--target', req.targets, ids);
  for (const [id, w] of weights) {
    if (!Number.isFinite(w) || w < 0) throw usageError('negative-weight', `--weights ${id}=${w}: weights must be finite and not negative`, `reverse a metric with --direction ${id}=-1 instead`);
  }
  for (const [id, t] of targets) {
    if (!Number.isFinite(t)) throw usageError('bad-number', `--target ${id}=${t} is not a finite number`);
  }
  if (normalize === 'target') {
    const lacking = ids.filter((id) => !targets.has(id));
    if (lacking.length > 0) {
      throw usageError('missing-target', `--normalize target needs a target for every component; none for ${lacking.join(', ')}`, `add --target ${lacking[0]}=VALUE (in the metric's own unit)`);
    }
  } else if (targets.size > 0 && !req.targetsOptional) {
    throw usageError('unused-target', `--target is used only by --normalize target (here ${normalize})`, 'add --normalize target, or drop --target');
  } else if (targets.size > 0 && targets.size < ids.length) {
    // Drawn by the sensitivity analysis only when every component has one: say so, not ignore it.
    const lacking = ids.filter((id) => !targets.has(id));
    throw usageError('missing-target', `--target must cover every component for target normalisation to be drawn; none for ${lacking.join(', ')}`, `add --target ${lacking[0]}=VALUE, or drop --target`);
  }

  const raw = ids.map((id) => weights.get(id) ?? 1);
  const total = raw.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw usageError('zero-weights', 'every weight is 0', 'give at least one component a positive weight');

  const notes: string[] = [];
  const assumed: string[] = [];
  const components: Component[] = ids.map((id, i) => {
    let direction = directions.get(id);
    if (direction === undefined) {
      const d = directionOf(id);
      direction = d === 'lower' ? -1 : 1;
      if (d === 'neutral') assumed.push(`${id} (neutral in the catalogue)`);
      else if (d === undefined) assumed.push(`${id} (custom metric)`);
    }
    const t = targets.get(id);
    return { id, direction, weight: raw[i]! / total, ...(t !== undefined ? { target: t } : {}) };
  });
  if (assumed.length > 0) {
    notes.push(
      `counted as higher-is-better, having no direction of their own: ${assumed.join(', ')}; --direction ${assumed[0]!.split(' ')[0]}=-1 reverses one`,
    );
  }
  return { spec: { components, normalize, aggregate, missing }, notes };
}
