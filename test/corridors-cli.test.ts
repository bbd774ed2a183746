import { runInProcess } from './helpers/cli.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './helpers/csv.js';

// These tests run the built CLI (`npm test` builds first), as a user would, with a clean
// environment plus NO_COLOR=1; stdout, stderr and the exit code are checked separately.
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/migdev.js');
const KVDBRACH = 'fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv';
const UN = 'fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv';
const RPW = 'fixtures/rpw/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv';
const SERVICES = 'test/fixtures-prices/synthetic_rpw_services.csv';
const FLOWS = 'test/fixtures-prices/synthetic_flows.csv';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** In this process (test/helpers/cli.ts) unless a case pipes standard input. */
function migdev(args: string[], stdin?: string): Promise<Run> {
  if (stdin === undefined) return runInProcess(args);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** CSV as objects: numbers become numbers, empty cells null (what pandas would do). */
function parseCsv(text: string, delimiter = ','): Array<Record<string, string | number | null>> {
  const cell = (v: string): string | number | null => (v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v));
  return csvRecords(text, delimiter).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])));
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'migdev-corridors-cli-'));
}

describe('migdev corridors (bilateral data)', () => {
  it('default report: concentration per origin, CSV when piped', async () => {
    const r = await migdev(['corridors', KVDBRACH, '--countries', 'USA,MEX']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,indicator,total,partners,hhi,effective_partners,top1,top1_share,top2,top2_share,top3,top3_share');
    const rows = parseCsv(r.stdout);
    expect(rows.map((x) => x.code)).toEqual(['MEX', 'USA']);
    const usa = rows[1]!;
    // The matrix's own Total column for the United States (checked against its sum by check F).
    expect(usa.total as number).toBeCloseTo(109_848.3508, 3);
    expect(usa).toMatchObject({ name: 'United States', year: null, indicator: 'value', partners: 154, top1: 'MEX', top2: 'CHN', top3: 'IND' });
    expect(usa.effective_partners as number).toBeCloseTo(1 / (usa.hhi as number), 12);
  });

  it('--by destination --top 1: what each receiving country gets, from whom (ndjson)', async () => {
    const r = await migdev(['corridors', KVDBRACH, '--by', 'destination', '--countries', 'MEX,NPL', '--top', '1', '-f', 'ndjson']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(rows[0]!)).toEqual(['code', 'name', 'year', 'indicator', 'total', 'partners', 'hhi', 'effective_partners', 'top1', 'top1_share']);
    const mex = rows.find((x) => x.code === 'MEX')!;
    expect(mex.top1).toBe('USA');
    expect(mex.total as number).toBeCloseTo(22_080.25988, 4); // the Total Remittances row for Mexico
    expect(rows.find((x) => x.code === 'NPL')!.top1).toBe('QAT'); // 1,368.7 from Qatar, 1,167.3 from India (python3)
  });
  it('a published total that does not add up is a warning on stderr; the exit code stays 0', async () => {
    const dir = tempDir();
    const path = join(dir, 'matrix.csv');
    writeFileSync(path, 'Sending,Mexico,Guatemala,Total\nUnited States,10,5,15\nCanada,1,2,3.5\n');
    const r = await migdev(['corridors', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `migdev: warning: 1 of 2 published totals differ from the sum of the values by more than 1e-6 relative; largest: the origin total of CAN is 3.5 at ${path}:3 but the values sum to 3 (--report totals lists them all)\n`,
    );
    expect(parseCsv(r.stdout)).toHaveLength(2);
    const loose = await migdev(['corridors', path, '--tolerance', '0.2', '-f', 'table', '--digits', '2']);
    expect(loose.stderr).toBe('');
    expect(loose.stdout).toMatch(/│ USA +│ United States +│/);
    expect(loose.stdout).toMatch(/│ +0\.56 │/); // HHI of 10 and 5: (2/3)² + (1/3)² = 0.5556
  });

  it('--indicator picks one of several bilateral indicators; emigrants without it is a usage error', async () => {
    const dir = tempDir();
    const path = join(dir, 'unhcr.csv');
    writeFileSync(path, 'year,orig,dest,refugees,asylum_seekers\n2020,SYR,TUR,60,1\n2020,SYR,DEU,30,3\n2020,SYR,LBN,10,0\n');
    const [one, none] = await Promise.all([
      migdev(['corridors', path, '--indicator', 'refugees', '--report', 'emigrants']),
      migdev(['corridors', path, '--report', 'emigrants']),
    ]);
    expect(one.code).toBe(0);
    expect(parseCsv(one.stdout)).toEqual([{ code: 'SYR', name: 'Syrian Arab Republic', year: 2020, indicator: 'emigrant_stock', value: 100 }]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('migdev: error: emigrant stock needs one bilateral indicator, and the data hold 2 (asylum_seekers, refugees) — choose one with --indicator\n');
  });
  it('--matrix-rows says which way a matrix runs when its header does not', async () => {
    const dir = tempDir();
    const path = join(dir, 'm.csv');
    writeFileSync(path, 'Country,Mexico,Guatemala,Canada\nUnited States,6,3,1\n');
    const r = await migdev(['corridors', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^migdev: error: .*m\.csv:1:1: cannot tell whether the rows of this matrix are origins or destinations \(its first column is 'Country'\) — pass --matrix-rows origin/);
    const ok = await migdev(['corridors', path, '--matrix-rows', 'origin', '-f', 'tsv']);
    expect(ok.code).toBe(0);
    expect(parseCsv(ok.stdout, '\t')[0]).toMatchObject({ code: 'USA', total: 10, partners: 3, top1: 'MEX', top1_share: 0.6 });
  });

  it('an unresolvable country name: exit 2, one line FILE:LINE:COLUMN on stderr, nothing on stdout', async () => {
    const dir = tempDir();
    const path = join(dir, 'names.csv');
    writeFileSync(path, 'origin,destination,year,value\nMexico,United States,2019,5\nMexico,Atlantis,2019,1\n');
    const r = await migdev(['corridors', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `migdev: error: ${path}:3:8: 'Atlantis' in column 'destination' is not a country name migdev knows — write ISO3 codes (MEX, PHL…) or a World Bank / UN spelling of the name\n`,
    );
  });

  it('usage errors: bad --top, --costs with another report', async () => {
    const [top, both] = await Promise.all([
      migdev(['corridors', KVDBRACH, '--top', '-1']),
      migdev(['corridors', SERVICES, '--costs', 'global', '--report', 'partners']),
    ]);
    expect(top.code).toBe(2);
    expect(top.stderr).toMatch(/^migdev: error: --top '-1' is not a whole number/);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--costs global asks for the cost report, --report partners for another/);
  });
  it('--help explains every report and option, and every example in it runs and gives what it says', async () => {
    const r = await migdev(['corridors', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--report <REPORT>', '--by <SIDE>', '--top <K>', '--indicator <CODE>', '--costs <LEVEL>', '--countries <LIST>', '--years <RANGE>', '-f, --format <FMT>', '-o, --output <FILE>', 'smart_cost_pct', 'Examples:']) {
      expect(r.stdout).toContain(s);
    }
    const examples = r.stdout
      .slice(r.stdout.indexOf('Examples:'))
      .split('\n')
      .filter((l) => l.startsWith('  migdev corridors '))
      .map((l) => l.trim());
    expect(examples).toHaveLength(8);
    const dir = tempDir();
    const runs = await Promise.all(
      examples.map((line) => {
        const args = line.split(/\s+/).slice(1).map((a) => (a === 'fixtures/rpw/*_Data.csv' ? RPW : a));
        const o = args.indexOf('-o');
        if (o >= 0) args[o + 1] = join(dir, args[o + 1]!);
        return migdev(args).then((run) => ({ line, run, out: o >= 0 ? readFileSync(args[o + 1]!, 'utf8') : run.stdout }));
      }),
    );
    const output = (part: string): string => runs.find((x) => x.line.includes(part))!.out;
    for (const { line, run, out } of runs) {
      expect(run.code, `${line}\n${run.stderr}`).toBe(0);
      expect(out.split('\n').length, line).toBeGreaterThan(2);
      expect(run.stderr, line).not.toMatch(/error|warning/);
    }
    // What each example is there to show:
    expect(parseCsv(output('--years 2019 --countries MEX,IND,PHL')).map((x) => [x.code, x.top1])).toEqual([['IND', 'ARE'], ['MEX', 'USA'], ['PHL', 'USA']]);
    expect(parseCsv(output('unhcr_2020.csv')).find((x) => x.code === 'TUR')).toMatchObject({ year: 2020, indicator: 'refugees', top1: 'SYR' });
    const partners = parseCsv(output('--report partners'));
    expect(partners.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(partners.slice(0, 3).map((x) => x.destination)).toEqual(['MEX', 'CHN', 'IND']);
    const emigrants = parseCsv(output('--report emigrants'));
    expect(emigrants).toHaveLength(232);
    expect(emigrants.find((x) => x.code === 'IND')).toEqual({ code: 'IND', name: 'India', year: 2019, indicator: 'emigrant_stock', value: 17_513_533 });
    const totals = JSON.parse(output('--report totals')) as Array<Record<string, unknown>>;
    expect(totals).toHaveLength(429); // SOURCES.md check F: all within 1e-6
    expect(totals.every((x) => x.status === 'ok')).toBe(true);
    expect(totals.find((x) => x.kind === 'grand')).toMatchObject({ declared: 463598.7077, line: 218 });
    expect(parseCsv(output('--costs receiving')).find((x) => x.code === 'BRA')).toMatchObject({ year: 2020, corridors: 6 });
    expect(parseCsv(output('--costs region')).find((x) => x.region === 'Sub-Saharan Africa')).toMatchObject({ period: '2019Q1', average_cost_pct: 9 });
    const global = parseCsv(output('--costs global')).find((x) => x.year === 2020)!;
    expect(global).toMatchObject({ corridors: 367, weighted_corridors: 309, weights_year: 'no year' });
    expect(global.share_above_5 as number).toBeCloseTo(241 / 367, 3);
  });
});

describe('migdev corridors (costs)', () => {
  it('price quotes: per corridor average, SmaRT and its flag, gap to 3 %, ≤ 5 %', async () => {
    const r = await migdev(['corridors', SERVICES, '--years', '2019', '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['origin', 'destination', 'year', 'period', 'services', 'average_cost_pct', 'smart_cost_pct', 'smart_services', 'gap_to_3_pp', 'at_or_below_5']);
    expect(rows.find((x) => x.destination === 'MEX' && x.period === '2019Q1')).toMatchObject({ services: 5, average_cost_pct: 5, smart_services: 3, gap_to_3_pp: 2, at_or_below_5: 1 });
    expect(rows.find((x) => x.destination === 'IND')).toMatchObject({ services: 2, smart_services: 2, smart_cost_pct: 3 });
    expect(rows.find((x) => x.destination === 'XKX')).toMatchObject({ origin: 'DEU', period: '2019Q3' }); // KSV in the file
  });

  it('--costs global with a flow matrix: simple and flow-weighted averages, the weights\' year', async () => {
    const r = await migdev(['corridors', SERVICES, FLOWS, '--costs', 'global', '-f', 'json']);
    expect(r.code).toBe(0);
    const [q1, q3] = JSON.parse(r.stdout) as Array<Record<string, number | string>>;
    expect(q1).toMatchObject({ year: 2019, period: '2019Q1', corridors: 5, services: 15, share_at_or_below_5: 0.6, share_above_5: 0.4, weighted_corridors: 4, weights_year: '2019' });
    expect(q1!.average_cost_pct as number).toBeCloseTo(86.5 / 15, 12);
    expect(q1!.weighted_average_cost_pct as number).toBeCloseTo(5.35, 12);
    expect(q3!.weights_year).toBe('2018, 2019');
    expect(r.stderr).toBe(
      'migdev: note: weighted by value from origin (sending) to destination (receiving): each period uses its own year\'s flow, else the latest earlier year, else a matrix without a year\n',
    );
  });

  it('--costs sending: simple averages over services (markdown)', async () => {
    const r = await migdev(['corridors', SERVICES, '--costs', 'sending', '--countries', 'USA', '-f', 'md', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      '| code | name | year | period | corridors | services | average_cost_pct (%) | gap_to_3_pp (pp) |',
      '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ]);
    // 2019Q1: 9 services summing to 49; 2019Q3: 2, 3, 4
    expect(r.stdout).toContain(`| USA | United States | 2019 | 2019Q1 | 2 | 9 | ${49 / 9} | ${49 / 9 - 3} |`);
    expect(r.stdout).toContain('| USA | United States | 2019 | 2019Q3 | 1 | 3 | 3 | 0 |');
  });
  it('RPW corridors export: one figure per corridor and year, the mean of its quarters', async () => {
    const r = await migdev(['corridors', RPW, '--countries', 'BRA', '--years', '2016']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['origin', 'destination', 'year', 'quarters', 'average_cost_pct', 'gap_to_3_pp', 'at_or_below_5']);
    const prt = rows.find((x) => x.origin === 'PRT' && x.destination === 'BRA')!;
    expect(prt.quarters).toBe(3); // Q2–Q4 2016
    expect(prt.average_cost_pct as number).toBeCloseTo((5.31750011444092 + 4.90374994277954 + 5.11111116409302) / 3, 12);
    expect(r.stderr).toBe("migdev: note: corridor costs from ATCR.CORR: each corridor's yearly figure is the mean of its quarters with a value\n");
  });
});

describe('inspect and convert on bilateral files', () => {
  it('inspect reports the kvdbrach matrix: origins, destinations, flagged partners, totals', async () => {
    const r = await migdev(['inspect', KVDBRACH, '-f', 'json']);
    expect(r.code).toBe(0);
    const [rep] = JSON.parse(r.stdout) as Array<Record<string, any>>;
    expect(rep).toMatchObject({ format: 'bilateral', encoding: 'windows-1252', delimiter: ';', rows: 217, values: 33549 });
    expect(rep!.bilateral).toMatchObject({ origins: 216, destinations: 165, indicators: ['value'], firstYear: null, nonCountries: ['OTHER_NORTH', 'OTHER_SOUTH', 'UNIDENTIFIED'], declaredTotals: 429 });
    expect(rep!.notes).toContain("matrix: rows are origins, columns destinations (header 'Sending')");
  });
  it('convert writes origin,destination,year,indicator,value', async () => {
    const matrix = await migdev(['convert', KVDBRACH]);
    expect(matrix.code).toBe(0);
    const lines = matrix.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('origin,destination,year,indicator,value');
    expect(lines).toHaveLength(33_550);
    expect(lines).toContain('USA,MEX,,value,21693.41602');
  });
  it('stdin works for bilateral data', async () => {
    const r = await migdev(['corridors', '-', '--report', 'partners', '--top', 'all'], 'orig,dest,year,refugees\nSYR,TUR,2019,3\nSYR,DEU,2019,1\n');
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).map((x) => [x.destination, x.share, x.rank])).toEqual([
      ['TUR', 0.75, 1],
      ['DEU', 0.25, 2],
    ]);
  });
});

it('the CLI has been built (npm test builds it first)', () => {
  expect(existsSync(join(ROOT, 'dist/cli/commands/corridors.js'))).toBe(true);
});
