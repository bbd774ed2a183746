/** How bad a finding is: errors fail a check, warnings fail it under `--strict`, notes never. */
export const LEVELS = ['error', 'warning', 'note'] as const;
export type Level = (typeof LEVELS)[number];

/** One rule of `migdev check`: a stable code, its level, and what it asks of the data. */
export interface RuleInfo {
  readonly code: string;
  readonly level: Level;
  readonly title: string;
  /** The option that turns the rule on, for rules that are off unless asked for. */
  readonly option?: string;
}

/**
 * Every finding code, in report order. Codes are stable API (scripts and CI filters match on
 * them); a level belongs to its code, so a code means the same everywhere.
 */
export const RULES = [
  { code: 'parse-error', level: 'error', title: 'every file can be read to its end: encoding, CSV quoting, a recognisable header' },
  { code: 'non-numeric-value', level: 'error', title: 'every value cell holds a number or a missing marker' },
  { code: 'invalid-year', level: 'error', title: 'every year cell holds a four-digit year' },
  { code: 'missing-key', level: 'error', title: 'every row names its entity and indicator' },
  { code: 'ragged-row', level: 'error', title: 'no row has more fields than the header' },
  { code: 'conflicting-duplicate', level: 'error', title: 'no entity × indicator × year has two different values' },
  { code: 'duplicate-row', level: 'warning', title: 'no entity × indicator × year is given twice' },
  { code: 'year-out-of-range', level: 'warning', title: 'every year lies in the expected range (--valid-years)' },
  { code: 'unknown-entity', level: 'warning', title: 'every entity code is a World Bank economy or aggregate, or listed in --meta', option: '--known-entities' },
  { code: 'negative-value', level: 'error', title: 'stocks, flows and levels that cannot be negative are not' },
  { code: 'aggregates-mixed', level: 'note', title: 'World Bank aggregates do not sit beside countries in one file' },
  { code: 'share-above-100', level: 'error', title: 'no part exceeds its whole (migrant stock vs population)' },
  { code: 'remittances-above-gdp', level: 'warning', title: 'remittances received stay below 100 % of GDP' },
  { code: 'year-on-year-jump', level: 'warning', title: 'no positive series changes by more than --max-jump from one year to the next', option: '--max-jump' },
  { code: 'bpm6-series-break', level: 'note', title: 'remittance series do not span the BPM5 → BPM6 break of 2005 unnoticed' },
  { code: 'low-coverage', level: 'error', title: 'required metrics cover enough entity-years (--require-coverage)', option: '--require-coverage' },
  { code: 'assertion-failed', level: 'error', title: 'every --assert holds for every entity × year', option: '--assert' },
  { code: 'assertion-not-evaluated', level: 'error', title: 'every --assert can be evaluated on the data', option: '--assert' },
] as const satisfies readonly RuleInfo[];

export type FindingCode = (typeof RULES)[number]['code'];

const BY_CODE = new Map<string, RuleInfo>(RULES.map((r) => [r.code, r]));

export function ruleInfo(code: FindingCode): RuleInfo {
  return BY_CODE.get(code)!;
}

export function isFindingCode(code: string): code is FindingCode {
  return BY_CODE.has(code);
}

/** One thing `check` found. Every place field is null where it does not apply. */
export interface Finding {
  code: FindingCode;
  level: Level;
  /** The rule instance: the code, or for assertions and coverage requirements the one given. */
  rule: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  entity: string | null;
  year: number | null;
  indicator: string | null;
  /** For problems the reader found: its own error code (`csv-bare-quote`, `unknown-layout`…). */
  cause?: string;
}

export interface FindingPlace {
  file?: string | null | undefined;
  line?: number | null | undefined;
  column?: number | null | undefined;
  entity?: string | null | undefined;
  year?: number | null | undefined;
  indicator?: string | null | undefined;
}

export function makeFinding(code: FindingCode, message: string, place: FindingPlace = {}, extra: { rule?: string; cause?: string } = {}): Finding {
  const f: Finding = {
    code,
    level: ruleInfo(code).level,
    rule: extra.rule ?? code,
    message,
    file: place.file ?? null,
    line: place.line ?? null,
    column: place.column ?? null,
    entity: place.entity ?? null,
    year: place.year ?? null,
    indicator: place.indicator ?? null,
  };
  if (extra.cause !== undefined) f.cause = extra.cause;
  return f;
}

const SEVERITY: Record<Level, number> = { error: 0, warning: 1, note: 2 };

export function severity(level: Level): number {
  return SEVERITY[level];
}

/**
 * Report order: by file (in the order the files were read; findings without a file last), line,
 * column, code, entity, year, indicator, message — deterministic whatever order rules ran in.
 */
export function sortFindings(findings: Finding[], files: readonly string[]): Finding[] {
  const fileRank = new Map(files.map((f, i) => [f, i]));
  const rank = (f: Finding): number => (f.file === null ? Number.MAX_SAFE_INTEGER : (fileRank.get(f.file) ?? files.length));
  const num = (v: number | null): number => (v === null ? Number.MAX_SAFE_INTEGER : v);
  const str = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      str(a.file, b.file) ||
      num(a.line) - num(b.line) ||
      num(a.column) - num(b.column) ||
      str(a.code, b.code) ||
      str(a.entity, b.entity) ||
      num(a.year) - num(b.year) ||
      str(a.indicator, b.indicator) ||
      str(a.message, b.message),
  );
}

export interface Shown {
  /** The findings to print, in report order. */
  shown: Finding[];
  /** Code → how many findings of it were left out. */
  omitted: Record<string, number>;
  omittedTotal: number;
}

/**
 * The `max` findings a report prints: the most severe first (errors, then warnings, then notes),
 * in report order within a level; what is left out is counted per code, as Frictionless does.
 */
export function limitFindings(findings: readonly Finding[], max: number): Shown {
  if (findings.length <= max) return { shown: [...findings], omitted: {}, omittedTotal: 0 };
  const order = findings.map((f, i) => [f, i] as const);
  order.sort((a, b) => severity(a[0].level) - severity(b[0].level) || a[1] - b[1]);
  const kept = order.slice(0, max).sort((a, b) => a[1] - b[1]);
  const omitted: Record<string, number> = {};
  for (const [f] of order.slice(max)) omitted[f.code] = (omitted[f.code] ?? 0) + 1;
  const sorted = Object.fromEntries(Object.entries(omitted).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { shown: kept.map(([f]) => f), omitted: sorted, omittedTotal: findings.length - max };
}
