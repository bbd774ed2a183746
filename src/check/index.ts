/**
 * `migdev check` as a library: read inputs, run the structural rules and the user's assertions
 * and coverage requirements, and return every finding. Knows nothing of the command line:
 * reports are rendered by ./report/*, exit codes set by the CLI from `failed`.
 */
import { resolveInputs, type InputMap } from '../compute/engine.js';
import { EntityMeta } from '../entities/meta.js';
import { usageError } from '../errors.js';
import type { ReadOptions } from '../ingest/types.js';
import type { RuleContext } from './context.js';
import { RULES, isFindingCode, sortFindings, type Finding, type FindingCode, type Level } from './findings.js';
import { readForCheck, type FileSummary } from './read.js';
import { checkAssertions, compileAssertions } from './rules/assert.js';
import { checkCoverage, coverageRule, validateRequirement, type CoverageRequirement } from './rules/coverage.js';
import { checkAggregatesMixed, checkKnownEntities } from './rules/entities.js';
import { checkNegative, checkShares } from './rules/values.js';
import { checkBpmBreak, checkJumps, checkYearRange } from './rules/years.js';

export { LEVELS, RULES, limitFindings, type Finding, type FindingCode, type Level, type RuleInfo } from './findings.js';
export type { FileSummary } from './read.js';
export type { CoverageRequirement } from './rules/coverage.js';

export interface CheckOptions {
  /** How to read the files (format, encoding, filters…); the problem hook is check's own. */
  read?: Omit<ReadOptions, 'onProblem'>;
  /** Entity metadata (`--meta`); default: Metadata_Country files among the inputs, else the built-in table. */
  meta?: EntityMeta;
  map?: InputMap;
  /** `--assert` formulas: comparisons evaluated per entity × year. */
  asserts?: readonly string[];
  requireCoverage?: readonly CoverageRequirement[];
  /** Year-on-year factor beyond which a positive series is flagged (off when undefined). */
  maxJump?: number;
  /** Expected years, inclusive; default 1900 to the current year. */
  validYears?: readonly [number, number];
  /** The analysis window: the BPM5/BPM6 note is given when it spans 2004–2005. */
  window?: readonly [number, number];
  /** Flag entity codes outside the built-in World Bank table (and the user's metadata). */
  knownEntities?: boolean;
  /** Warnings fail the check too. */
  strict?: boolean;
  /** Codes not to check. */
  ignore?: readonly string[];
}

/** One rule as run: a code, or an assertion / coverage requirement (JUnit: one test case each). */
export interface RuleRun {
  rule: string;
  codes: FindingCode[];
  level: Level;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  findings: number;
  /** Why it did not run. */
  skipped?: string;
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  notes: number;
  findings: number;
  files: number;
  rows: number;
  values: number;
  entities: number;
  indicators: number;
  firstYear: number | null;
  lastYear: number | null;
}

export interface CheckResult {
  /** Every finding, in report order (file, line…). */
  findings: Finding[];
  rules: RuleRun[];
  files: FileSummary[];
  summary: CheckSummary;
  strict: boolean;
  /** An error-level finding, or a warning under `strict`: the CLI exits 1. */
  failed: boolean;
}

/** Checks the options that can be judged before reading anything (usage errors, exit 2). */
function validate(opts: CheckOptions): void {
  for (const code of opts.ignore ?? []) {
    if (!isFindingCode(code)) throw usageError('unknown-code', `--ignore ${code}: no such finding code`, `codes are ${RULES.map((r) => r.code).join(', ')}`);
  }
  if (opts.maxJump !== undefined && !(Number.isFinite(opts.maxJump) && opts.maxJump > 1)) {
    throw usageError('bad-max-jump', `--max-jump ${opts.maxJump} must be a factor above 1`, 'write --max-jump 10 (flags a value over 10 times or under a tenth of the year before)');
  }
  for (const r of opts.requireCoverage ?? []) validateRequirement(r);
}

export async function runCheck(files: readonly string[], opts: CheckOptions = {}): Promise<CheckResult> {
  validate(opts);
  // Formulas first: a bad one is a usage error before any long read.
  const assertions = await compileAssertions(opts.asserts ?? []);
  const ignore = new Set(opts.ignore ?? []);
  const findings: Finding[] = [];
  const emit = (f: Finding): void => {
    if (!ignore.has(f.code)) findings.push(f);
  };

  const { data, files: summaries } = await readForCheck(files, opts.read ?? {}, emit);
  const panel = data.panel;
  const meta = opts.meta ?? (data.meta.records.size > 0 ? data.meta : EntityMeta.builtin());
  const map = opts.map ?? {};
  const ctx: RuleContext = { panel, meta, map, inputs: resolveInputs(panel, map), emit };
  const year = new Date().getUTCFullYear();
  const on = (code: FindingCode): boolean => !ignore.has(code);

  if (on('year-out-of-range')) checkYearRange(ctx, opts.validYears ?? [1900, year]);
  if (opts.knownEntities && on('unknown-entity')) checkKnownEntities(ctx);
  if (on('negative-value')) checkNegative(ctx);
  if (on('aggregates-mixed')) checkAggregatesMixed(ctx);
  if (on('share-above-100') || on('remittances-above-gdp')) checkShares(ctx);
  if (opts.maxJump !== undefined && on('year-on-year-jump')) checkJumps(ctx, opts.maxJump);
  if (on('bpm6-series-break')) checkBpmBreak(ctx, opts.window);
  const coverage = opts.requireCoverage ?? [];
  if (on('low-coverage')) checkCoverage(ctx, coverage);
  if (assertions.length > 0) checkAssertions(ctx, assertions);

  sortFindings(findings, panel.files);
  const strict = opts.strict === true;
  const fails = (f: Finding): boolean => f.level === 'error' || (strict && f.level === 'warning');

  // Rules as run, in catalogue order; assertions and coverage requirements one each.
  const rules: RuleRun[] = [];
  const run = (rule: string, codes: FindingCode[], level: Level, title: string, skipped?: string): void => {
    const mine = skipped === undefined ? findings.filter((f) => f.rule === rule) : [];
    const r: RuleRun = { rule, codes, level, title, status: skipped !== undefined ? 'skipped' : mine.some(fails) ? 'failed' : 'passed', findings: mine.length };
    if (skipped !== undefined) r.skipped = skipped;
    rules.push(r);
  };
  for (const info of RULES) {
    const code = info.code;
    if (code === 'assertion-failed' || code === 'assertion-not-evaluated') continue;
    if (code === 'low-coverage' && coverage.length > 0) {
      for (const r of coverage) run(coverageRule(r), [code], info.level, `${r.name} has a value for at least ${Number((r.min * 100).toPrecision(12))} % of entity-years`, ignore.has(code) ? '--ignore' : undefined);
      continue;
    }
    let skipped: string | undefined;
    if (ignore.has(code)) skipped = '--ignore';
    else if (code === 'unknown-entity' && !opts.knownEntities) skipped = 'off without --known-entities';
    else if (code === 'year-on-year-jump' && opts.maxJump === undefined) skipped = 'off without --max-jump';
    else if (code === 'low-coverage') skipped = 'no --require-coverage given';
    run(code, [code], info.level, info.title, skipped);
  }
  if (assertions.length === 0) run('assert', ['assertion-failed', 'assertion-not-evaluated'], 'error', 'user assertions hold for every entity × year', 'no --assert given');
  for (const a of assertions) {
    const skipped = ignore.has('assertion-failed') && ignore.has('assertion-not-evaluated') ? '--ignore' : undefined;
    run(a.rule, ['assertion-failed', 'assertion-not-evaluated'], 'error', `${a.text} holds for every entity × year`, skipped);
  }

  const count = (level: Level): number => findings.filter((f) => f.level === level).length;
  const span = panel.yearSpan();
  const summary: CheckSummary = {
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
    findings: findings.length,
    files: summaries.length,
    rows: summaries.reduce((n, s) => n + (s.rows ?? 0), 0),
    values: panel.size,
    entities: panel.entities().length,
    indicators: panel.indicators().length,
    firstYear: span?.[0] ?? null,
    lastYear: span?.[1] ?? null,
  };
  return { findings, rules, files: summaries, summary, strict, failed: findings.some(fails) };
}
