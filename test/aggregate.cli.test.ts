import { runInProcess, type CliResult } from './helpers/cli.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

// The built CLI in a subprocess (run `npm run build` first; `npm test` does): stdout, stderr
// and the exit code are asserted separately, and outputs are parsed before they are compared.

const REMIT = 'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv';
const GDP = 'fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv';
const META = 'fixtures/wdi/Metadata_Country_API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv';
const DDF_REMIT = 'fixtures/ddf/ddf--datapoints--bx_trf_pwkr_cd_dt--by--economy--year.csv';
const DDF_GDP = 'fixtures/ddf/ddf--datapoints--ny_gdp_mktp_cd--by--economy--year.csv';
const SSA = 'Sub-Saharan Africa';
const MEA = 'Middle East, North Africa, Afghanistan & Pakistan';
const tmp = mkdtempSync(path.join(tmpdir(), 'migdev-aggregate-cli-'));

/** Runs the CLI in this process (see test/helpers/cli.ts): no node start-up per case. */
function migdev(args: string[]): Promise<CliResult> {
  return runInProcess(args);
}

type Row = Record<string, string>;
const csv = (text: string): Row[] => parse(text, { columns: true }) as Row[];
const notes = (stderr: string): string[] => stderr.trim().split('\n').filter((l) => l !== '');

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

/** Member values of Kenya and Uganda, read from the remittances fixture (`migdev convert`). */
const KEN_2023 = 4227611606.30686;
const UGA_2023 = 1430720000;

describe('migdev aggregate', () => {
  it('prints group rows alone, long, with n and coverage (regional remittances % of GDP, 2025 DDF files)', async () => {
    const r = await migdev(['aggregate', DDF_REMIT, DDF_GDP, '--meta', META, '--group-by', 'region', '-m', 'remittances_gdp_pct', '--years', '2020', '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,metric,value,n,coverage');
    const rows = csv(r.stdout);
    expect(rows.map((x) => x.code)).toEqual(['East Asia & Pacific', 'Europe & Central Asia', 'Latin America & Caribbean', MEA, 'North America', 'South Asia', SSA]);
    const sas = rows.find((x) => x.code === 'South Asia')!;
    // World Bank published SAS 2020 (BX.TRF.PWKR.DT.GD.ZS, 2025 release): 3.7896552921.
    expect(Math.abs(Number(sas.value) - 3.7896552921)).toBeLessThan(5.1e-11);
    expect(sas).toMatchObject({ name: 'South Asia', year: '2020', metric: 'remittances_gdp_pct', n: '6', coverage: '1' });
    expect(notes(r.stderr)).toEqual([
      'migdev: note: dropped 48 World Bank aggregates (AFE, AFW, ARB, CEB, CSS, EAP, …); --include-aggregates keeps them',
      `migdev: note: 7 groups by region from ${META}`,
    ]);
  });

  it('groups by region and income when no grouping is given, and totals the additive inputs', async () => {
    const r = await migdev(['aggregate', REMIT, '--years', '2023', '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ code: string; metric: string; value: number | null; n: number; coverage: number }>;
    expect(new Set(rows.map((x) => x.code)).size).toBe(11);
    expect(new Set(rows.map((x) => x.metric))).toEqual(new Set(['remit_in_usd', 'remittance_growth_pct']));
    // Published SSF 2023 in the same download: 54,639,698,092.4025, all 48 members reporting.
    const ssa = rows.find((x) => x.code === SSA && x.metric === 'remit_in_usd')!;
    expect(ssa.value! / 54639698092.4025).toBeCloseTo(1, 12);
    expect(ssa).toMatchObject({ n: 48, coverage: 1 });
    expect(r.stderr).toMatch(/note: 11 groups by region and income from the built-in World Bank table of 2025-07-01/);
    expect(r.stderr).toMatch(/no group rows for 2 metrics without a WDI aggregation rule: remittance_cagr_pct \(window metric\), remittance_volatility_pp \(window metric\)/);
  });

  it('restricts members to --countries: the group is the sum of those listed', async () => {
    const r = await migdev(['aggregate', REMIT, '--group-by', 'region', '--countries', 'KEN,UGA', '-m', 'remit_in_usd', '--years', '2023']);
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ code: SSA, n: '2', coverage: '1' });
    expect(Number(rows[0]!.value)).toBe(KEN_2023 + UGA_2023);
    expect(r.stderr).toMatch(/1 group by region from the built-in World Bank table of 2025-07-01, members limited to --countries \(6 left without any\)/);
  });

  it('leaves a partial latest year uncomputed, with n and coverage; --min-coverage 0 gives the World Bank\'s partial sum', async () => {
    const strict = csv((await migdev(['aggregate', REMIT, '--group-by', 'region', '-m', 'remit_in_usd', '--years', '2024'])).stdout).find((x) => x.code === SSA)!;
    // 8 of 48 members report 2024 in the July 2025 download.
    expect(strict).toMatchObject({ value: '', n: '8', coverage: String(8 / 48) });
    const lax = csv((await migdev(['aggregate', REMIT, '--group-by', 'region', '-m', 'remit_in_usd', '--years', '2024', '--min-coverage', '0'])).stdout).find((x) => x.code === SSA)!;
    // Published SSF 2024: 23,936,294,868.8023 (the plain sum of the 8).
    expect(Number(lax.value) / 23936294868.8023).toBeCloseTo(1, 12);
  });

  it('wide: a value, _n and _coverage column per metric', async () => {
    const r = await migdev(['aggregate', REMIT, GDP, '--group-by', 'income', '-m', 'remittances_gdp_pct,remit_in_usd', '--years', '2022', '--shape', 'wide']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,remit_in_usd,remit_in_usd_n,remit_in_usd_coverage,remittances_gdp_pct,remittances_gdp_pct_n,remittances_gdp_pct_coverage');
    const rows = csv(r.stdout);
    expect(rows.map((x) => x.code)).toEqual(['High income', 'Low income', 'Lower middle income', 'Upper middle income']);
    // ETH's income group is blank in July 2025: 24 of the 25 Low-income members report.
    expect(rows[1]).toMatchObject({ remit_in_usd_n: '24', remit_in_usd_coverage: '0.96' });
  });

  it('reads groups from a file: a code may be in two groups', async () => {
    const groups = write('eac-igad.csv', 'code,group\nKEN,EAC\nUGA,EAC\nKEN,IGAD\nUGA,IGAD\nETH,IGAD\n');
    const r = await migdev(['aggregate', REMIT, '--groups', groups, '-m', 'remit_in_usd', '--years', '2023', '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ code: string; value: number; n: number; coverage: number }>;
    expect(rows.map((x) => [x.code, x.n, x.coverage])).toEqual([
      ['EAC', 2, 1],
      ['IGAD', 3, 1],
    ]);
    expect(rows[0]!.value).toBe(KEN_2023 + UGA_2023);
    expect(r.stderr).toMatch(/note: 2 groups from .*eac-igad\.csv/);
  });

  it('gives statistics for metrics without a WDI rule with --stat, and says which', async () => {
    // Costs (% of sending 200 US$) for four countries of a made-up group; gaps over 3 % are 5, 1, 3, 7.
    const costs = write('costs.csv', 'code,year,indicator,value\nAAA,2022,SI.RMT.COST.IB.ZS,8\nBBB,2022,SI.RMT.COST.IB.ZS,4\nCCC,2022,SI.RMT.COST.IB.ZS,6\nDDD,2022,SI.RMT.COST.IB.ZS,10\n');
    const groups = write('four.csv', 'code,group\nAAA,G\nBBB,G\nCCC,G\nDDD,G\n');
    const without = await migdev(['aggregate', costs, '--groups', groups, '-m', 'remittance_cost_gap_pp']);
    expect(without.code).toBe(2);
    expect(without.stdout).toBe('');
    expect(notes(without.stderr)).toEqual([
      'migdev: error: none of the metrics has a group aggregate: remittance_cost_gap_pp (no group aggregate) — give --stat median|mean|min|max, or name inputs to total such as -m remit_in_usd',
    ]);
    // Mean and min are checked by hand in aggregate.test.ts; here the flag's way through the CLI.
    for (const [stat, expected] of [
      ['median', 4],
      ['max', 7],
    ] as const) {
      const r = await migdev(['aggregate', costs, '--groups', groups, '-m', 'remittance_cost_gap_pp', '--stat', stat]);
      expect(r.code, stat).toBe(0);
      expect(csv(r.stdout), stat).toEqual([{ code: 'G', name: 'G', year: '2022', metric: 'remittance_cost_gap_pp', value: String(expected), n: '4', coverage: '1' }]);
      expect(r.stderr).toMatch(new RegExp(`note: group ${stat} of the members' values, unweighted: remittance_cost_gap_pp`));
    }
  }, 60000);

  it('aggregates a custom -e metric only with --stat, and says why', async () => {
    const args = ['aggregate', REMIT, '--group-by', 'region', '--countries', 'KEN,UGA', '-e', 'remit_bn=remit_in_usd / 1e9', '-m', 'remit_bn', '--years', '2023'];
    const without = await migdev(args);
    expect(without.code).toBe(2);
    expect(without.stdout).toBe('');
    expect(without.stderr).toBe(
      'migdev: error: none of the metrics has a group aggregate: remit_bn (custom formula: its numerator and denominator are unknown) — give --stat median|mean|min|max, or name inputs to total such as -m remit_in_usd\n',
    );
    const r = await migdev([...args, '--stat', 'max']);
    expect(r.code).toBe(0);
    expect(Number(csv(r.stdout)[0]!.value)).toBeCloseTo(KEN_2023 / 1e9, 12);
  }, 60000);

  it('replaces one metric\'s rule with ID=STAT', async () => {
    const r = await migdev(['aggregate', REMIT, GDP, '--group-by', 'region', '--countries', 'KEN,UGA', '-m', 'remittances_gdp_pct', '--stat', 'remittances_gdp_pct=max', '--years', '2023']);
    expect(r.code).toBe(0);
    // Kenya's 3.913 % (100 × 4,227,611,606.30686 / 108,038,588,970.595) is above Uganda's 2.93 %.
    expect(Number(csv(r.stdout)[0]!.value)).toBeCloseTo((100 * KEN_2023) / 108038588970.595, 12);
  });

  it('--latest gives each group\'s last value with its year', async () => {
    const r = await migdev(['aggregate', REMIT, '--group-by', 'region', '-m', 'remit_in_usd', '--latest', '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ code: string; year: number; n: number }>;
    expect(rows).toHaveLength(7);
    // 2024 is partial for Sub-Saharan Africa (8 of 48): its latest value is 2023's.
    expect(rows.find((x) => x.code === SSA)).toMatchObject({ year: 2023, n: 48 });
  });

  it('writes -o atomically and nothing to stdout', async () => {
    const out = path.join(tmp, 'groups-out.csv');
    const r = await migdev(['aggregate', REMIT, '--group-by', 'region', '-m', 'remit_in_usd', '--years', '2023', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(csv(readFileSync(out, 'utf8'))).toHaveLength(7);
  });

  it('prints a table for people: n as a count, coverage in %, no repeated name column', async () => {
    const r = await migdev(['aggregate', REMIT, '--group-by', 'region', '--countries', 'KEN,UGA', '-m', 'remit_in_usd', '--years', '2023', '-f', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ Sub-Saharan Africa │ 2023 │ 5,658,331,606 │ +2 │ +100% │/);
    expect(r.stdout).not.toMatch(/│ name/);
  });

  it.each([
    [['--stat', 'mode'], /--stat 'mode' is not a statistic — give one of median, mean, min, max/],
    [['--stat', 'nope=median'], /--stat nope=…: nope is not among the metrics computed/],
    [['--group-by', 'lending'], /--group-by lending: no entity of the built-in World Bank table has a lending — group by region, income/],
    [['--group-by', 'region', '--groups', 'g.csv'], /--group-by and --groups exclude each other/],
    [['--min-coverage', '1.5'], /--min-coverage '1.5' is not a share from 0 to 1/],
    [['-m', 'gdp_usd'], /gdp_usd is not in the data \(looked for NY\.GDP\.MKTP\.CD, gdp_usd\)/],
  ])('refuses %j with one line on stderr and exit 2', async (flags, message) => {
    const r = await migdev(['aggregate', REMIT, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(notes(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('names the file and line of a bad groups file', async () => {
    const bad = write('bad.csv', 'code,group\nKEN,EAC\n,EAC\n');
    const r = await migdev(['aggregate', REMIT, '--groups', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`migdev: error: ${bad}:3: a row has no code — give every row a code and a group name\n`);
  });
});

describe('migdev compute --group-by', () => {
  const base = ['compute', REMIT, GDP, '--countries', 'KEN,UGA,TZA', '-m', 'remittances_gdp_pct,remittance_growth_pct', '--years', '2023'];

  it('appends the group rows after the entity rows; entity rows have no n or coverage', async () => {
    const r = await migdev([...base, '--group-by', 'region']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,metric,value,n,coverage');
    const rows = csv(r.stdout);
    expect(rows.map((x) => x.code)).toEqual(['KEN', 'KEN', 'TZA', 'TZA', 'UGA', 'UGA', SSA, SSA]);
    for (const x of rows.slice(0, 6)) expect([x.n, x.coverage]).toEqual(['', '']);
    expect(rows.slice(6).map((x) => [x.metric, x.n, x.coverage])).toEqual([
      ['remittance_growth_pct', '3', '1'],
      ['remittances_gdp_pct', '3', '1'],
    ]);
    // The group's growth is that of the members' total, not the mean of their growth rates.
    const growth = (code: string): number => Number(rows.find((x) => x.code === code && x.metric === 'remittance_growth_pct')!.value);
    expect(Number(rows[6]!.value)).not.toBeCloseTo((growth('KEN') + growth('TZA') + growth('UGA')) / 3, 3);
  });

  it('without grouping flags prints exactly what it printed before', async () => {
    const r = await migdev(base);
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,metric,value');
    expect(csv(r.stdout)).toHaveLength(6);
  });

  it('wide: entity columns, then each metric\'s _n and _coverage for the group rows', async () => {
    const r = await migdev([...base, '--group-by', 'region', '--shape', 'wide', '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(rows[0]!)).toEqual([
      'code',
      'name',
      'year',
      'remittance_growth_pct',
      'remittance_growth_pct_n',
      'remittance_growth_pct_coverage',
      'remittances_gdp_pct',
      'remittances_gdp_pct_n',
      'remittances_gdp_pct_coverage',
    ]);
    expect(rows[0]).toMatchObject({ code: 'KEN', remittances_gdp_pct_n: null, remittances_gdp_pct_coverage: null });
    expect(rows[3]).toMatchObject({ code: SSA, name: SSA, year: 2023, remittances_gdp_pct_n: 3, remittances_gdp_pct_coverage: 1 });
  });

  it('--latest appends each group\'s latest value', async () => {
    const r = await migdev(['compute', REMIT, '--countries', 'KEN,UGA', '-m', 'remittance_growth_pct', '--latest', '--group-by', 'income', '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ code: string; n: number | null }>;
    expect(rows.map((x) => [x.code, x.n])).toEqual([
      ['KEN', null],
      ['UGA', null],
      ['Low income', 1],
      ['Lower middle income', 1],
    ]);
  });

  it('keeps a custom metric\'s entity rows and notes that it has no group row without --stat', async () => {
    const r = await migdev(['compute', REMIT, '--countries', 'KEN,UGA', '-e', 'remit_bn=remit_in_usd / 1e9', '-m', 'remit_bn', '--years', '2023', '--group-by', 'region']);
    expect(r.code).toBe(0);
    expect(csv(r.stdout).map((x) => x.code)).toEqual(['KEN', 'UGA']);
    expect(r.stderr).toMatch(/note: no group rows for custom metric remit_bn: a formula has no numerator or denominator to weight by; --stat median\|mean\|min\|max aggregates it/);
  });

  it('refuses a group named like an entity of the output', async () => {
    const groups = write('clash.csv', 'code,group\nKEN,UGA\nUGA,UGA\n');
    const r = await migdev([...base, '--groups', groups]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('migdev: error: group "UGA" has the code of an entity in the output — rename the group in the groups file, or use migdev aggregate\n');
  });

  it('refuses --stat without a grouping', async () => {
    const r = await migdev([...base, '--stat', 'median']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('migdev: error: --stat applies to group aggregates — add --group-by region (or income, a metadata column) or --groups FILE\n');
  });

  it('is listed in --help with its grouping flags', async () => {
    const r = await migdev(['compute', '--help']);
    expect(r.stdout).toMatch(/--group-by <FIELDS>/);
    expect(r.stdout).toMatch(/--min-coverage <SHARE>/);
    expect((await migdev(['--help'])).stdout).toMatch(/aggregate \[options\] \[FILE\.\.\.\]/);
    expect(existsSync('dist/cli/commands/aggregate.js')).toBe(true);
  });
});
