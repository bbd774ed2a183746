import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { all, parseXml } from './check-fixtures/xml.js';
import { runCli, type CliResult } from './helpers/cli.js';

// The GitHub Actions example of the README, run as the workflow runs it: the `migdev check`
// commands of its `run:` steps, in a copy of the example repository (the workflow writes files).
const EXAMPLE = 'test/check-fixtures/ci-example';
const WORKFLOW = path.join(EXAMPLE, '.github/workflows/data-checks.yml');

/** The `run: migdev check …` commands of the workflow, split into arguments (they hold no quotes). */
function workflowCommands(yaml: string): string[][] {
  return yaml
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('run: migdev check '))
    .map((l) => l.slice('run: '.length).split(/\s+/));
}

type Run = CliResult;

/** A workflow command run in the repository copy: `migdev` as `npm install --global` makes it (bin/migdev.js). */
function run(argv: string[], cwd: string): Promise<Run> {
  return runCli(argv.slice(1), { cwd });
}

const commands = workflowCommands(readFileSync(WORKFLOW, 'utf8'));
const repo = mkdtempSync(path.join(tmpdir(), 'migdev-ci-example-'));
let results: Run[];

beforeAll(async () => {
  cpSync(EXAMPLE, repo, { recursive: true });
  results = await Promise.all(commands.map((c) => run(c, repo)));
}, 30000);

describe('the GitHub Actions example (test/check-fixtures/ci-example)', () => {
  it('runs migdev check --config migdev.json twice: annotations, then a JUnit report', () => {
    expect(commands).toEqual([
      ['migdev', 'check', '--config', 'migdev.json', '--format', 'github'],
      ['migdev', 'check', '--config', 'migdev.json', '--format', 'junit', '--output', 'migdev-check.xml'],
    ]);
  });

  it('the annotations step passes (exit 0) with one notice on the data file: the BPM5/BPM6 break', () => {
    const r = results[0]!;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::notice file=data\/wdi-extract\.csv,line=14,title=bpm6-series-break::BX\.TRF\.PWKR\.CD\.DT has values before and after the 2005 series break for 5 entities \(KEN, MEX, NPL, PHL, TJK\)/);
    expect(lines[1]).toBe('check passed: 0 errors, 0 warnings, 1 note — 1 file, 344 rows, 344 values');
  });

  it('the JUnit step writes a well-formed report: every rule passed or skipped, the assertions and coverage included', () => {
    const r = results[1]!;
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'migdev: note: check passed: 0 errors, 0 warnings, 1 note — 1 file, 344 rows, 344 values; report written to migdev-check.xml\n' });
    const root = parseXml(readFileSync(path.join(repo, 'migdev-check.xml'), 'utf8'));
    expect(all(root, 'failure')).toEqual([]);
    const names = all(root, 'testcase').map((t) => t.attrs.name);
    expect(names).toEqual(expect.arrayContaining(['assert remittances_gdp_pct < 50', 'assert remittances_per_capita_usd >= 0', 'require-coverage remittances_gdp_pct=0.95', 'unknown-entity', 'year-on-year-jump']));
    // With "knownEntities" and "maxJump" in migdev.json, no rule is skipped.
    expect(all(root, 'skipped')).toEqual([]);
  });
});
