import { type MigdevError, usageError } from '../errors.js';
import { INPUTS, INPUT_NAMES, isInputName, type InputName } from '../metrics/inputs.js';
import { FAMILIES, METRICS, getMetric } from '../metrics/registry.js';
import { closest } from '../metrics/suggest.js';
import type { Family, MetricDef } from '../metrics/types.js';
import type { Panel } from '../panel.js';

/** `--map INPUT=CODE` pairs. */
export type InputMap = Readonly<Partial<Record<InputName, string>>>;

export interface ResolvedInputs {
  /** Input → the indicator code its values are read from, as the panel spells it. */
  readonly codes: Readonly<Partial<Record<InputName, string>>>;
  /** Inputs without data → the codes looked for, in order (empty: no default and no column named like it). */
  readonly missing: Readonly<Partial<Record<InputName, readonly string[]>>>;
}

/**
 * Finds, for every semantic input, the indicator the panel holds it under: the mapped code when
 * the user mapped one (and only that: a mapping is never silently replaced by the default), else
 * the default WDI code, else an indicator named like the input itself. Codes match
 * case-insensitively.
 */
export function resolveInputs(panel: Panel, map: InputMap = {}): ResolvedInputs {
  for (const [key, code] of Object.entries(map)) {
    if (!isInputName(key)) {
      const near = closest(key, INPUT_NAMES);
      throw usageError('unknown-input', `--map ${key}=${code ?? ''}: "${key}" is not an input`, `${near ? `did you mean ${near}? ` : ''}inputs are ${INPUT_NAMES.join(', ')}`);
    }
    if (code === undefined || code.trim() === '') throw usageError('bad-map', `--map ${key}= gives no indicator code`, `write --map ${key}=CODE`);
  }
  const codes: Partial<Record<InputName, string>> = {};
  const missing: Partial<Record<InputName, string[]>> = {};
  for (const input of INPUT_NAMES) {
    const mapped = map[input]?.trim();
    const fallback: string | undefined = INPUTS[input].code;
    const tried = mapped !== undefined ? [mapped] : fallback !== undefined ? [fallback, input] : [input];
    let found: string | undefined;
    for (const code of tried) {
      found = panel.resolveIndicator(code);
      if (found !== undefined) break;
    }
    if (found !== undefined) codes[input] = found;
    else missing[input] = tried;
  }
  return { codes, missing };
}

/** Every input a metric needs, including those of the metrics it uses. */
export function inputsOf(metric: MetricDef): InputName[] {
  const out = new Set<InputName>(metric.inputs);
  for (const u of metric.uses ?? []) {
    const dep = getMetric(u);
    if (dep) for (const i of inputsOf(dep)) out.add(i);
  }
  return [...out].sort();
}

export interface Selection {
  /** The metrics to output, sorted by id. */
  metrics: MetricDef[];
  /** Metrics left out because inputs are missing (never ones the user named by id). */
  skipped: Array<{ id: string; missing: InputName[] }>;
}

export function unknownMetric(names: readonly string[]): MigdevError {
  const candidates = [...METRICS.map((m) => m.id), ...FAMILIES.map((f) => `${f}.*`), 'all'];
  const hints = names.map((u) => [u, closest(u, candidates)] as const).filter((p): p is readonly [string, string] => p[1] !== undefined);
  const did = hints.map(([u, c]) => (names.length > 1 ? `${c} for ${u}` : c)).join(', ');
  return usageError(
    'unknown-metric',
    `unknown metric${names.length > 1 ? 's' : ''} ${names.map((u) => `"${u}"`).join(', ')}`,
    `${did ? `did you mean ${did}? ` : ''}\`migdev metrics\` lists ids and families`,
  );
}

export function describeMissing(input: InputName, available: ResolvedInputs): string {
  const tried = available.missing[input] ?? [];
  return tried.length > 0 ? `${input} (looked for ${tried.join(', ')})` : input;
}

/**
 * Turns `-m` into metric definitions. Items are ids, families (`remittances.*`, or the bare
 * family name) and `all`; undefined means every metric computable from the inputs present.
 * A metric named by its id whose inputs are absent is an error; one reached through a family,
 * `all` or the default is skipped and reported. `customIds` are the user's own metrics, always
 * output anyway, so naming them in `-m` is accepted and ignored here.
 */
export function selectMetrics(spec: readonly string[] | undefined, available: ResolvedInputs, customIds: readonly string[] = []): Selection {
  const explicit = new Set<MetricDef>();
  const implicit = new Set<MetricDef>();
  if (spec === undefined) {
    for (const m of METRICS) implicit.add(m);
  } else {
    const unknown: string[] = [];
    const custom = new Set(customIds);
    for (const raw of spec.flatMap((s) => s.split(','))) {
      const item = raw.trim();
      if (item === '' || custom.has(item)) continue;
      const lower = item.toLowerCase();
      const byId = getMetric(lower);
      if (byId) {
        explicit.add(byId);
        continue;
      }
      if (lower === 'all' || lower === '*') {
        for (const m of METRICS) implicit.add(m);
        continue;
      }
      const family = lower.endsWith('.*') ? lower.slice(0, -2) : lower;
      if ((FAMILIES as readonly string[]).includes(family)) {
        for (const m of METRICS) if (m.family === (family as Family)) implicit.add(m);
        continue;
      }
      unknown.push(item);
    }
    if (unknown.length > 0) throw unknownMetric(unknown);
  }
  const lacking = (m: MetricDef): InputName[] => inputsOf(m).filter((i) => available.codes[i] === undefined);
  const problems: string[] = [];
  const missingInputs = new Set<InputName>();
  for (const m of explicit) {
    const miss = lacking(m);
    if (miss.length > 0) {
      problems.push(`${m.id} needs ${miss.map((i) => describeMissing(i, available)).join(', ')}`);
      for (const i of miss) missingInputs.add(i);
    }
  }
  if (problems.length > 0) {
    const example = [...missingInputs][0]!;
    throw usageError(
      'missing-inputs',
      `${problems.join('; ')}, not found in the data`,
      `add a file that holds ${missingInputs.size > 1 ? 'them' : 'it'}, or map a column with --map ${example}=CODE`,
    );
  }
  const chosen = new Set(explicit);
  const skipped: Selection['skipped'] = [];
  for (const m of implicit) {
    if (chosen.has(m)) continue;
    const miss = lacking(m);
    if (miss.length === 0) chosen.add(m);
    else skipped.push({ id: m.id, missing: miss });
  }
  skipped.sort((a, b) => cmp(a.id, b.id));
  return { metrics: [...chosen].sort((a, b) => cmp(a.id, b.id)), skipped };
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
