import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runInProcess, type CliResult } from './helpers/cli.js';

// These tests run the built CLI (`npm test` builds first): `node bin/migdev.js check …`.
const R = 'test/check-fixtures/rules';
const tmp = mkdtempSync(path.join(tmpdir(), 'migdev-check-cli-'));

type Run = CliResult;

/** The built CLI as a real process (stdin, exit codes); GitHub's own variable unset, as off CI. */
function migdev(args: string[], input = ''): Promise<Run> {
  return runCli(args, { stdin: input, env: { GITHUB_ACTIONS: undefined } });
}

// The WDI downloads plus the 2014-layout population file: two vintages of SP.POP.TOTL.
const WDI = [
  ...readdirSync('fixtures/wdi')
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => `fixtures/wdi/${f}`),
  'fixtures/wdi-old/old_format_total_population_2014.csv',
];

const config = path.join(tmp, 'migdev.json');
const badConfig = path.join(tmp, 'bad.json');
const jsonOut = path.join(tmp, 'report.json');
const xmlOut = path.join(tmp, 'report.xml');
let runs: Record<string, Run>;

beforeAll(async () => {
  writeFileSync(
    config,
    JSON.stringify({
      inputs: [path.resolve(R, 'assertion-failed.bad.csv')],
      checks: { assert: ['remittances_gdp_pct < 50'], requireCoverage: { remittances_gdp_pct: 0.9 }, maxFindings: 5 },
    }),
  );
  writeFileSync(badConfig, JSON.stringify({ checks: { asert: ['x < 1'] } }));
  // The exit codes 0, 1 and 2 and the real-data run in node processes, all at once.
  const jobs: Record<string, Promise<Run>> = {
    pass: migdev(['check', `${R}/negative-value.good.csv`]),
    fail: migdev(['check', `${R}/negative-value.bad.csv`, `${R}/parse-error.bad.csv`]),
    missing: migdev(['check', `${R}/negative-value.good.csv`, `${R}/no-such-file.csv`]),
    real: migdev(['check', ...WDI, '--max-jump', '10', '-f', 'json', '--max-findings', '100000']),
  };
  const done = await Promise.all(Object.values(jobs));
  runs = Object.fromEntries(Object.keys(jobs).map((k, i) => [k, done[i]!]));
  for (const [name, args] of Object.entries({
    warn: ['check', `${R}/duplicate-row.bad.csv`],
    folder: ['check', R],
    number: ['check', `${R}/negative-value.good.csv`, '--assert', 'remit_in_usd * 2'],
    flag: ['check', `${R}/negative-value.good.csv`, '--no-such-flag'],
    badConfig: ['check', '--config', badConfig],
    strict: ['check', `${R}/duplicate-row.bad.csv`, '--strict'],
    toFiles: ['check', `${R}/negative-value.bad.csv`, '-o', jsonOut],
    github: ['check', `${R}/share-above-100.bad.csv`, '-f', 'github'],
    config: ['check', '--config', config, '--max-findings', '1'],
    toXml: ['check', `${R}/negative-value.good.csv`, '-o', xmlOut, '--quiet'],
    ontoConfig: ['check', `${R}/negative-value.good.csv`, '--config', config, '-o', config],
  })) {
    runs[name] = await runInProcess(args);
  }
}, 60000);

describe('migdev check: exit codes, stdout and stderr (node bin/migdev.js, and in-process where marked)', () => {
  it('exit 0 and a summary line when nothing is wrong', () => {
    expect(runs.pass).toEqual({ code: 0, stderr: '', stdout: 'check passed: 0 errors, 0 warnings, 0 notes — 1 file, 6 rows, 6 values\n' });
  });

  it('exit 1 when an error-level finding exists; a parse error is a finding, not exit 2', () => {
    const r = runs.fail!;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        `${R}/negative-value.bad.csv:3: error negative-value: KEN 2019 BX.TRF.PWKR.CD.DT = -3000000: remit_in_usd (personal remittances received, current US$) cannot be negative`,
        '',
        `${R}/parse-error.bad.csv:3: error parse-error: text follows the closing quote of a field — put a delimiter after the closing quote, or quote the whole field; no value of the file was read`,
        '',
        'check failed: 2 errors, 0 warnings, 0 notes — 2 files, 2 rows, 2 values',
        '',
      ].join('\n'),
    );
  });

  it('warnings pass (exit 0) unless --strict (exit 1)', () => {
    expect(runs.warn!.code).toBe(0);
    expect(runs.warn!.stdout).toMatch(/: warning duplicate-row: /);
    expect(runs.strict!.code).toBe(1);
    expect(runs.strict!.stdout.trimEnd().split('\n').at(-1)).toBe('check failed (--strict: warnings fail): 0 errors, 1 warning, 0 notes — 1 file, 3 rows, 2 values');
  });

  it('exit 2, one stderr line and no report for a missing file, a folder, a bad formula, an unknown flag, a bad config, -o onto the config', () => {
    const lines: Record<string, RegExp> = {
      missing: /^migdev: error: test\/check-fixtures\/rules\/no-such-file\.csv: no such file — check the path$/,
      folder: /^migdev: error: test\/check-fixtures\/rules: is a directory, not a file — name the CSV files inside it$/,
      number: /^migdev: error: --assert 'remit_in_usd \* 2' is a number, not a comparison — /,
      flag: /^migdev: error: unknown option '--no-such-flag'/,
      badConfig: /^migdev: error: .*bad\.json: unknown key 'checks\.asert'/,
      ontoConfig: /^migdev: error: --output .*migdev\.json is also an input file — write to another file$/,
    };
    for (const [name, re] of Object.entries(lines)) {
      const r = runs[name]!;
      expect(r.code, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr.split('\n'), name).toHaveLength(2);
      expect(r.stderr.trimEnd(), name).toMatch(re);
    }
    expect(JSON.parse(readFileSync(config, 'utf8')).checks.maxFindings).toBe(5);
  });
});

describe('migdev check: reports', () => {
  it('-o writes the report atomically (format from the extension), the verdict goes to stderr', () => {
    expect(runs.toFiles!.code).toBe(1);
    expect(runs.toFiles!.stdout).toBe('');
    expect(runs.toFiles!.stderr).toBe(`migdev: note: check failed: 1 error, 0 warnings, 0 notes — 1 file, 2 rows, 2 values; report written to ${jsonOut}\n`);
    const doc = JSON.parse(readFileSync(jsonOut, 'utf8'));
    expect(doc).toMatchObject({ valid: false, summary: { errors: 1 } });
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    expect(runs.toXml).toEqual({ code: 0, stdout: '', stderr: '' });
    const xml = readFileSync(xmlOut, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="migdev check"')).toBe(true);
  });

  it('-f github prints workflow commands', () => {
    const lines = runs.github!.stdout.trimEnd().split('\n');
    expect(runs.github!.code).toBe(1);
    expect(lines[0]).toMatch(/^::error file=test\/check-fixtures\/rules\/share-above-100\.bad\.csv,line=3,title=share-above-100::KEN 2019 migrant_share_pct = 114\.068 %/);
    expect(lines[1]).toMatch(/^::error file=.*,line=4,title=share-above-100::UGA 2019 SM\.POP\.TOTL\.ZS/);
    expect(lines[2]).toMatch(/^check failed: 2 errors/);
  });

  it('--config: inputs and the checks section; flags win over it', () => {
    const r = runs.config!;
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    // The config names its input by an absolute path; findings name it from the working directory.
    expect(lines[0]).toMatch(/^test\/check-fixtures\/rules\/assertion-failed\.bad\.csv:4: error assertion-failed: TJK 2020: 'remittances_gdp_pct < 50' is false: remittances_gdp_pct = 62\.2733/);
    // maxFindings 5 in the file, 1 on the command line; the coverage requirement holds (2 of 2).
    expect(lines).toContain('');
    expect(lines.at(-1)).toBe('check failed: 1 error, 0 warnings, 0 notes — 1 file, 4 rows, 4 values');
  });

});

describe('migdev check on the real World Bank fixtures (fixtures/wdi/*.csv and the 2014 population file)', () => {
  it('finds the 2014 population vintage conflicting with the 2025 one, Lesotho, aggregates and the BPM6 break', () => {
    const r = runs.real!;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { summary: Record<string, number>; findings: Array<{ code: string; file: string; entity: string | null; year: number | null; indicator: string | null; message: string }> };
    const count: Record<string, number> = {};
    for (const f of doc.findings) count[f.code] = (count[f.code] ?? 0) + 1;
    expect(count).toEqual({ 'conflicting-duplicate': 243, 'duplicate-row': 55, 'remittances-above-gdp': 14, 'year-on-year-jump': 184, 'aggregates-mixed': 6, 'bpm6-series-break': 2 });
    expect(doc.summary).toMatchObject({ files: 8, errors: 243, warnings: 253, notes: 8 });
    // SP.POP.TOTL as published around 2014 against the April 2025 release: revised, so rows conflict.
    const dup = doc.findings.filter((f) => f.code === 'conflicting-duplicate' || f.code === 'duplicate-row');
    expect(new Set(dup.map((f) => f.file))).toEqual(new Set(['fixtures/wdi-old/old_format_total_population_2014.csv']));
    expect(new Set(dup.map((f) => f.indicator))).toEqual(new Set(['SP.POP.TOTL']));
    // Lesotho's remittances exceeded its GDP in 1982–1995 (miners' earnings in South Africa): a warning, not an error.
    const lso = doc.findings.filter((f) => f.code === 'remittances-above-gdp');
    expect(new Set(lso.map((f) => f.entity))).toEqual(new Set(['LSO']));
    expect(lso.map((f) => f.year)).toEqual(Array.from({ length: 14 }, (_, i) => 1982 + i));
    // Six World Bank API files carry 48 aggregates beside the economies.
    for (const f of doc.findings.filter((x) => x.code === 'aggregates-mixed')) expect(f.message).toMatch(/^the file holds 48 World Bank aggregates/);
    expect(doc.findings.filter((f) => f.code === 'bpm6-series-break').map((f) => f.indicator)).toEqual(['BM.TRF.PWKR.CD.DT', 'BX.TRF.PWKR.CD.DT']);
    // --max-jump 10: Kenya's remittances fall 10.6-fold from 2000 to 2001; the Arab World aggregate
    // falls 23.5-fold from 2023 to 2024: Egypt, Morocco, Jordan, Lebanon have no 2024 value in this
    // July 2025 file, yet the aggregate has one.
    const jump = (entity: string, year: number): string | undefined => doc.findings.find((f) => f.code === 'year-on-year-jump' && f.entity === entity && f.year === year && f.indicator === 'BX.TRF.PWKR.CD.DT')?.message;
    expect(jump('KEN', 2001)).toBe('KEN BX.TRF.PWKR.CD.DT falls 10.6-fold from 537900024.4 in 2000 to 50914426.2781064 in 2001 (--max-jump 10)');
    expect(jump('ARB', 2024)).toMatch(/^ARB BX\.TRF\.PWKR\.CD\.DT falls 23\.5-fold from /);
  });
});
