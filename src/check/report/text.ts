import type { CheckResult } from '../index.js';
import type { Finding, Level } from '../findings.js';
import { DEFAULT_MAX_FINDINGS, omittedText, placeOf, shownOf, summaryText, verdict, type ReportOptions } from './common.js';

/** Colour functions for the text report; identity functions when colour is off. */
export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

const same = (s: string): string => s;
export const PLAIN: TextStyle = { bold: same, dim: same, red: same, yellow: same, cyan: same, green: same };

function levelText(level: Level, c: TextStyle): string {
  return level === 'error' ? c.red(level) : level === 'warning' ? c.yellow(level) : c.cyan(level);
}

/** `FILE:LINE: LEVEL CODE: message` (SPEC "Checks for CI"); no place, no prefix. */
export function findingLine(f: Finding, c: TextStyle = PLAIN): string {
  const place = placeOf(f);
  return `${place ? `${c.bold(place)}: ` : ''}${levelText(f.level, c)} ${c.dim(f.code)}: ${f.message}`;
}

/**
 * The human report: findings grouped by file (a blank line between files, in the order the files
 * were read, by line within a file), the left-out count per code, and a summary line.
 */
export function textReport(result: CheckResult, opts: ReportOptions = {}, c: TextStyle = PLAIN): string {
  const shown = shownOf(result, opts);
  const lines: string[] = [];
  let group: string | null | undefined;
  for (const f of shown.shown) {
    if (group !== undefined && f.file !== group) lines.push('');
    group = f.file;
    lines.push(findingLine(f, c));
  }
  const omitted = omittedText(shown, opts.maxFindings ?? DEFAULT_MAX_FINDINGS);
  if (lines.length > 0) lines.push('');
  if (omitted) lines.push(c.dim(omitted));
  const v = verdict(result);
  lines.push(`${result.failed ? c.red(c.bold(v)) : c.green(c.bold(v))}: ${summaryText(result)}`);
  return `${lines.join('\n')}\n`;
}
