import { VERSION } from '../../version.js';
import type { CheckResult } from '../index.js';
import { shownOf, type ReportOptions } from './common.js';

/**
 * One JSON document: `valid`, a summary (counts per level, files, rows, values, and what the
 * cap left out per code), the files read, every rule with its status, and the findings shown.
 */
export function jsonReport(result: CheckResult, opts: ReportOptions = {}): string {
  const shown = shownOf(result, opts);
  const doc = {
    tool: 'migdev check',
    version: VERSION,
    valid: !result.failed,
    strict: result.strict,
    summary: { ...result.summary, shown: shown.shown.length, omitted: shown.omitted },
    files: result.files,
    rules: result.rules,
    findings: shown.shown,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
