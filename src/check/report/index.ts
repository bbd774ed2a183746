import type { CheckResult } from '../index.js';
import type { ReportFormat, ReportOptions } from './common.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { PLAIN, textReport, type TextStyle } from './text.js';

export { DEFAULT_MAX_FINDINGS, REPORT_FORMATS, summaryText, verdict, type ReportFormat, type ReportOptions } from './common.js';
export { PLAIN, findingLine, type TextStyle } from './text.js';

/** The report in one format, as one string. */
export function renderReport(result: CheckResult, format: ReportFormat, opts: ReportOptions = {}, style: TextStyle = PLAIN): string {
  switch (format) {
    case 'text':
      return textReport(result, opts, style);
    case 'json':
      return jsonReport(result, opts);
    case 'junit':
      return junitReport(result, opts);
    case 'github':
      return githubReport(result, opts);
  }
}
