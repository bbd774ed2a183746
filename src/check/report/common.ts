import type { CheckResult } from '../index.js';
import { limitFindings, type Finding, type Shown } from '../findings.js';

export const REPORT_FORMATS = ['text', 'json', 'junit', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Findings printed by default: as many as Frictionless reports before it stops counting. */
export const DEFAULT_MAX_FINDINGS = 1000;

export interface ReportOptions {
  /** Cap on the findings printed; the rest are counted per code. */
  maxFindings?: number;
}

export function shownOf(result: CheckResult, opts: ReportOptions): Shown {
  return limitFindings(result.findings, opts.maxFindings ?? DEFAULT_MAX_FINDINGS);
}

/** `FILE:LINE` (or `FILE`, or '' when a finding has no place). */
export function placeOf(f: Finding): string {
  if (f.file === null) return '';
  return f.line === null ? f.file : `${f.file}:${f.line}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `2 errors, 1 warning, 0 notes — 3 files, 120 rows, 1,000 values`. */
export function summaryText(result: CheckResult): string {
  const s = result.summary;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')} — ${plural(s.files, 'file')}, ${plural(s.rows, 'row')}, ${plural(s.values, 'value')}`;
}

/** `12 more findings not shown (--max-findings 100): duplicate-row 2, year-on-year-jump 10`. */
export function omittedText(shown: Shown, max: number): string | undefined {
  if (shown.omittedTotal === 0) return undefined;
  const per = Object.entries(shown.omitted)
    .map(([code, n]) => `${code} ${n.toLocaleString('en-US')}`)
    .join(', ');
  return `${plural(shown.omittedTotal, 'more finding')} not shown (--max-findings ${max}): ${per}`;
}

export function verdict(result: CheckResult): string {
  if (!result.failed) return 'check passed';
  return result.summary.errors === 0 ? 'check failed (--strict: warnings fail)' : 'check failed';
}
