import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckResult } from '../src/check/index.js';
import { renderReport } from '../src/check/report/index.js';
import { escapeData, escapeProperty } from '../src/check/report/github.js';

const R = 'test/check-fixtures/rules';
const dir = mkdtempSync(path.join(tmpdir(), 'migdev-reports-'));

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A small XML 1.0 well-formedness parser, enough for JUnit reports: prolog, elements, attributes,
 * character and entity references, self-closing tags. Throws on anything malformed (unbalanced
 * or mismatched tags, unquoted attributes, a raw `<` or `&`, characters XML forbids, trailing text).
 * It walks the text character by character; no regular expression decides the structure.
 */
function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well-formed at ${i}: ${why}`);
  };
  const isNameChar = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.' || c === ':';
  const allowed = (code: number): boolean => code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
  const name = (): string => {
    const start = i;
    while (i < src.length && isNameChar(src[i]!)) i++;
    if (i === start) fail('name expected');
    return src.slice(start, i);
  };
  const space = (): void => {
    while (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r') i++;
  };
  const reference = (): string => {
    const end = src.indexOf(';', i);
    if (end < 0) fail('unterminated reference');
    const ref = src.slice(i + 1, end);
    i = end + 1;
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return fail(`unknown entity &${ref};`);
  };
  const chars = (stop: string): string => {
    let out = '';
    while (i < src.length && src[i] !== stop) {
      const c = src[i]!;
      if (c === '<') fail('raw < in text or attribute');
      if (c === '&') {
        out += reference();
        continue;
      }
      const code = src.codePointAt(i)!;
      if (!allowed(code)) fail(`forbidden character U+${code.toString(16)}`);
      out += String.fromCodePoint(code);
      i += code > 0xffff ? 2 : 1;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('< expected');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      space();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      const key = name();
      space();
      if (src[i] !== '=') fail('= expected');
      i++;
      space();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('quoted attribute value expected');
      i++;
      if (key in el.attrs) fail(`attribute ${key} twice`);
      el.attrs[key] = chars(q!);
      i++;
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${el.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        space();
        if (src[i] !== '>') fail('> expected');
        i++;
        return el;
      }
      if (src[i] === '<') el.children.push(element());
      else el.text += chars('<');
    }
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated prolog');
    i = end + 2;
  }
  space();
  const root = element();
  space();
  if (i !== src.length) fail('content after the root element');
  return root;
}

function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}

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
