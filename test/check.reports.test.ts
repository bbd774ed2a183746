import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckResult } from '../src/check/index.js';
import { renderReport } from '../src/check/report/index.js';
import { escapeData, escapeProperty } from '../src/check/report/github.js';
import { all, parseXml } from './check-fixtures/xml.js';

const R = 'test/check-fixtures/rules';
const dir = mkdtempSync(path.join(tmpdir(), 'migdev-reports-'));

let mixed: CheckResult;
let clean: CheckResult;
let nasty: CheckResult;

beforeAll(async () => {
  mixed = await runCheck([`${R}/negative-value.bad.csv`, `${R}/remittances-above-gdp.bad.csv`, `${R}/bpm6-series-break.bad.csv`], { asserts: ['remit_in_usd < 1e11'] });
  clean = await runCheck([`${R}/negative-value.good.csv`]);
  // Text XML and workflow commands must escape: markup, quotes, %, a line break, a control character.
  const nastyFile = path.join(dir, 'a,b:c%.csv');
  writeFileSync(nastyFile, 'code,year,indicator,value\nKEN,2019,SP.POP.TOTL,"<b>&\'x"" 5%\n6\u0001"\n');
  nasty = await runCheck([nastyFile]);
});

describe('text report', () => {
  it('prints FILE:LINE: LEVEL CODE: message, grouped by file, then a summary line', () => {
    const text = renderReport(mixed, 'text');
    const lines = text.trimEnd().split('\n');
    const findingLines = lines.filter((l) => l !== '' && !l.startsWith('check '));
    expect(findingLines).toHaveLength(mixed.findings.length);
    for (const l of findingLines) expect(l).toMatch(/^test\/check-fixtures\/rules\/[a-z0-9.-]+\.csv:\d+: (error|warning|note) [a-z0-9-]+: \S.*$/);
    // Files in the order given, each group separated by a blank line.
    const files = findingLines.map((l) => l.split(':')[0]);
    expect([...new Set(files)]).toEqual([`${R}/negative-value.bad.csv`, `${R}/remittances-above-gdp.bad.csv`, `${R}/bpm6-series-break.bad.csv`]);
    expect(lines.filter((l) => l === '')).toHaveLength(3);
    expect(lines.at(-1)).toBe('check failed: 2 errors, 1 warning, 1 note — 3 files, 7 rows, 7 values');
  });

  it('says when a check passes', () => {
    expect(renderReport(clean, 'text')).toBe('check passed: 0 errors, 0 warnings, 0 notes — 1 file, 6 rows, 6 values\n');
  });

  it('--max-findings: the most severe first, then a count per code of the rest', () => {
    const text = renderReport(mixed, 'text', { maxFindings: 1 });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/: error negative-value: /);
    expect(lines).toContain('3 more findings not shown (--max-findings 1): assertion-failed 1, bpm6-series-break 1, remittances-above-gdp 1');
  });

  it('colours through the style it is given', () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const text = renderReport(clean, 'text', {}, { bold: tag('b'), dim: tag('d'), red: tag('r'), yellow: tag('y'), cyan: tag('c'), green: tag('g') });
    expect(text.startsWith('<g><b>check passed</b></g>: ')).toBe(true);
  });
});

describe('json report', () => {
  it('is one document: valid, summary, files, rules and findings with every place field', () => {
    const doc = JSON.parse(renderReport(mixed, 'json', { maxFindings: 3 }));
    expect(doc).toMatchObject({ tool: 'migdev check', valid: false, strict: false });
    expect(doc.summary).toMatchObject({ errors: 2, warnings: 1, notes: 1, findings: 4, shown: 3, files: 3, rows: 7, values: 7, omitted: { 'bpm6-series-break': 1 } });
    expect(doc.findings).toHaveLength(3);
    for (const f of doc.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['code', 'level', 'rule', 'message', 'file', 'line', 'column', 'entity', 'year', 'indicator']));
    expect(doc.findings[0]).toMatchObject({ code: 'negative-value', level: 'error', file: `${R}/negative-value.bad.csv`, line: 3, entity: 'KEN', year: 2019, indicator: 'BX.TRF.PWKR.CD.DT' });
    expect(doc.rules.find((r: { rule: string }) => r.rule === 'assert remit_in_usd < 1e11')).toMatchObject({ status: 'failed', findings: 1 });
    expect(doc.files.map((f: { format: string }) => f.format)).toEqual(['long', 'long', 'long']);
  });

  it('is byte-identical for identical input', async () => {
    const again = await runCheck([`${R}/negative-value.bad.csv`, `${R}/remittances-above-gdp.bad.csv`, `${R}/bpm6-series-break.bad.csv`], { asserts: ['remit_in_usd < 1e11'] });
    expect(renderReport(again, 'json')).toBe(renderReport(mixed, 'json'));
  });
});

describe('junit report', () => {
  it('(the well-formedness check itself refuses malformed XML)', () => {
    for (const bad of ['<a><b></a>', '<a>x & y</a>', '<a b=c/>', '<a b="<"/>', '<a>\u0001</a>', '<a/><b/>', '<a>']) expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    expect(parseXml('<a b="&lt;&#10;"><c/>t&amp;</a>')).toEqual({ name: 'a', attrs: { b: '<\n' }, children: [{ name: 'c', attrs: {}, children: [], text: '' }], text: 't&' });
  });

  it('is well-formed XML with one test case per rule: failures, passes with output, skips', () => {
    const root = parseXml(renderReport(mixed, 'junit'));
    expect(root.name).toBe('testsuites');
    const cases = all(root, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(mixed.rules.map((r) => r.rule));
    const byName = new Map(cases.map((c) => [c.attrs.name!, c]));
    const negative = byName.get('negative-value')!;
    expect(negative.children[0]!.name).toBe('failure');
    expect(negative.children[0]!.attrs.type).toBe('negative-value');
    expect(negative.children[0]!.text).toContain(`${R}/negative-value.bad.csv:3: error negative-value: KEN 2019 BX.TRF.PWKR.CD.DT = -3000000`);
    expect(byName.get('remittances-above-gdp')!.children[0]!.name).toBe('system-out');
    expect(byName.get('assert remit_in_usd < 1e11')!.children[0]!.name).toBe('failure');
    expect(byName.get('year-on-year-jump')!.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'off without --max-jump' } });
    expect(byName.get('parse-error')!.children).toEqual([]);
    const suite = all(root, 'testsuite')[0]!;
    expect(suite.attrs).toMatchObject({ tests: String(cases.length), failures: '2', errors: '0', skipped: '3' });
  });

  it('escapes markup, quotes and line breaks, and replaces characters XML cannot carry', () => {
    const xml = renderReport(nasty, 'junit');
    const root = parseXml(xml);
    const failure = all(root, 'failure')[0]!;
    expect(failure.attrs.message).toContain(`'<b>&'x" 5%\n6\uFFFD'`);
    expect(failure.text).toContain(`'<b>&'x" 5%\n6\uFFFD' in column 'value' is not a number`);
  });

  it('a passing check is a suite without failures', () => {
    const root = parseXml(renderReport(clean, 'junit'));
    expect(all(root, 'failure')).toEqual([]);
    expect(all(root, 'testsuite')[0]!.attrs.failures).toBe('0');
  });
});

describe('github report', () => {
  const ANNOTATION = /^::(error|warning|notice) (?:file=([^,:]*),)?(?:line=(\d+),)?(?:col=(\d+),)?title=([a-z0-9-]+)::(.*)$/;

  it('one workflow command per finding with file, line and the code as title; then the summary', () => {
    const lines = renderReport(mixed, 'github').trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(mixed.findings.length);
    const parsed = commands.map((l) => ANNOTATION.exec(l));
    for (const m of parsed) expect(m).not.toBeNull();
    expect(parsed.map((m) => m![1])).toEqual(['error', 'error', 'warning', 'notice']);
    expect(parsed[0]!.slice(2, 6)).toEqual([`${R}/negative-value.bad.csv`, '3', undefined, 'negative-value']);
    expect(lines.at(-1)).toMatch(/^check failed: 2 errors/);
  });

  it("escapes % CR LF in messages and also : , in properties, as GitHub's toolkit does", () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a,b:c%.csv')).toBe('a%2Cb%3Ac%25.csv');
    const line = renderReport(nasty, 'github').split('\n')[0]!;
    const m = ANNOTATION.exec(line)!;
    expect(m).not.toBeNull();
    expect(m[2]).toBe(escapeProperty(path.join(dir, 'a,b:c%.csv')));
    expect(m[3]).toBe('2');
    expect(m[4]).toBe('22');
    expect(m[6]).toContain("'<b>&'x\" 5%25%0A6\u0001'");
  });
});
