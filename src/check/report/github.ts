import type { CheckResult } from '../index.js';
import type { Finding } from '../findings.js';
import { DEFAULT_MAX_FINDINGS, omittedText, shownOf, summaryText, verdict, type ReportOptions } from './common.js';

/** A workflow command's message: `%`, CR and LF escaped (GitHub's toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,` (GitHub's toolkit `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

export function annotation(f: Finding): string {
  const props: string[] = [];
  if (f.file !== null) props.push(`file=${escapeProperty(f.file)}`);
  if (f.line !== null) props.push(`line=${f.line}`);
  if (f.column !== null && f.line !== null) props.push(`col=${f.column}`);
  props.push(`title=${escapeProperty(f.code)}`);
  return `::${COMMAND[f.level]} ${props.join(',')}::${escapeData(f.message)}`;
}

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per
 * finding, with file and line so GitHub shows it on the file; then the summary as plain log text.
 */
export function githubReport(result: CheckResult, opts: ReportOptions = {}): string {
  const shown = shownOf(result, opts);
  const lines = shown.shown.map(annotation);
  const omitted = omittedText(shown, opts.maxFindings ?? DEFAULT_MAX_FINDINGS);
  if (omitted) lines.push(omitted);
  lines.push(`${verdict(result)}: ${summaryText(result)}`);
  return `${lines.join('\n')}\n`;
}
