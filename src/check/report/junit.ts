import type { CheckResult } from '../index.js';
import type { Finding } from '../findings.js';
import { placeOf, shownOf, type ReportOptions } from './common.js';

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F):
 * data quoted in messages may hold them, and one of them makes the whole report unreadable.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: quotes escaped, and line breaks and tabs as references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function line(f: Finding): string {
  const place = placeOf(f);
  return `${place ? `${place}: ` : ''}${f.level} ${f.code}: ${f.message}`;
}

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, Azure, the GitHub test-report actions): one
 * <testcase> per rule — each structural code, each --assert, each --require-coverage — failed
 * when it has an error finding (or a warning under --strict), skipped when it did not run.
 * Failure bodies and <system-out> list the rule's findings, one per line, within the cap.
 */
export function junitReport(result: CheckResult, opts: ReportOptions = {}): string {
  const shown = new Set(shownOf(result, opts).shown);
  const tests = result.rules.length;
  const failures = result.rules.filter((r) => r.status === 'failed').length;
  const skipped = result.rules.filter((r) => r.status === 'skipped').length;
  const s = result.summary;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}"`;
  out.push(`<testsuites name="migdev check" ${counts}>`);
  out.push(`  <testsuite name="migdev check" ${counts}>`);
  out.push('    <properties>');
  for (const [k, v] of [
    ['files', s.files],
    ['rows', s.rows],
    ['values', s.values],
    ['errors', s.errors],
    ['warnings', s.warnings],
    ['notes', s.notes],
    ['strict', String(result.strict)],
  ] as const) {
    out.push(`      <property name="${k}" value="${xmlAttr(String(v))}"/>`);
  }
  out.push('    </properties>');
  for (const rule of result.rules) {
    const open = `    <testcase classname="migdev.check" name="${xmlAttr(rule.rule)}"`;
    if (rule.status === 'skipped') {
      out.push(`${open}>`, `      <skipped message="${xmlAttr(rule.skipped ?? '')}"/>`, '    </testcase>');
      continue;
    }
    const mine = result.findings.filter((f) => f.rule === rule.rule);
    if (mine.length === 0) {
      out.push(`${open}/>`);
      continue;
    }
    const listed = mine.filter((f) => shown.has(f));
    const body = listed.map(line);
    if (listed.length < mine.length) body.push(`… ${mine.length - listed.length} more not shown (--max-findings)`);
    out.push(`${open}>`);
    if (rule.status === 'failed') {
      const first = mine.find((f) => f.level === 'error' || (result.strict && f.level === 'warning'))!;
      const message = `${mine.length} finding${mine.length > 1 ? 's' : ''}; first: ${line(first)}`;
      out.push(`      <failure type="${xmlAttr(first.code)}" message="${xmlAttr(message)}">${xmlText(body.join('\n'))}</failure>`);
    } else {
      out.push(`      <system-out>${xmlText(body.join('\n'))}</system-out>`);
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
