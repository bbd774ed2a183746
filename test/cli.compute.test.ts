import { runInProcess, type CliResult } from './helpers/cli.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './helpers/csv.js';

const REMIT = 'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv';
const GDP = 'fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv';
const POP = 'fixtures/wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv';
const BRA = 'fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv';
const tmp = mkdtempSync(path.join(tmpdir(), 'migdev-cli-'));

/** Runs the CLI in this process (see test/helpers/cli.ts): no node start-up per case. */
function migdev(args: string[]): Promise<CliResult> {
  return runInProcess(args);
}


describe('migdev compute', () => {
  it('computes remittances % of GDP from the levels (long CSV when piped)', async () => {
    const r = await migdev(['compute', REMIT, GDP, '--countries', 'KEN', '-m', 'remittances_gdp_pct', '--years', '2023']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = csvRecords(r.stdout);
    expect(rows).toHaveLength(1);
    // 100 × 4,227,611,606.30686 / 108,038,588,970.595: Kenya's 2023 cells in the two fixtures.
    expect(Number(rows[0]!.value)).toBeCloseTo((100 * 4227611606.30686) / 108038588970.595, 12);
    expect(rows[0]).toMatchObject({ code: 'KEN', name: 'Kenya', year: '2023', metric: 'remittances_gdp_pct' });
  });

  it('skips metrics whose inputs are absent with one note, and drops aggregates with a note', async () => {
    const r = await migdev(['compute', REMIT, GDP, POP, '--countries', 'KEN,WLD']);
    expect(r.code).toBe(0);
    const notes = r.stderr.trim().split('\n');
    expect(notes).toHaveLength(2);
    expect(notes.some((n) => /dropped 1 World Bank aggregate \(WLD\)/.test(n))).toBe(true);
    expect(notes.some((n) => /skipped \d+ metrics whose inputs are not in the data/.test(n))).toBe(true);
    expect(new Set(csvRecords(r.stdout).map((row) => row.code))).toEqual(new Set(['KEN']));
  });

  it('keeps aggregates with --include-aggregates', async () => {
    const r = await migdev(['compute', REMIT, GDP, '--countries', 'WLD', '-m', 'remittances_gdp_pct', '--years', '2022', '--include-aggregates']);
    expect(r.code).toBe(0);
    expect(csvRecords(r.stdout)[0]!.code).toBe('WLD');
  });

  it('refuses a named metric whose inputs are missing, listing them (exit 2)', async () => {
    const r = await migdev(['compute', REMIT, '-m', 'remittances_gdp_pct']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^migdev: error: .*gdp_usd.*--map/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown metric with a suggestion', async () => {
    const r = await migdev(['compute', REMIT, GDP, '-m', 'remittances_gdp_pc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/remittances_gdp_pct/);
  });

  it('gives a wide table with --shape wide and JSON with null for missing values', async () => {
    const wide = await migdev(['compute', REMIT, GDP, POP, '--countries', 'NPL', '-m', 'remittances_gdp_pct,remittances_per_capita_usd', '--years', '2022-2023', '--shape', 'wide']);
    expect(wide.stdout.split('\n')[0]).toBe('code,name,year,remittances_gdp_pct,remittances_per_capita_usd');
    const json = await migdev(['compute', REMIT, GDP, POP, '--countries', 'NPL', '-m', 'remittances_gdp_pct,remittances_per_capita_usd', '--years', '2023-2024', '-f', 'json']);
    const rows = JSON.parse(json.stdout) as Array<{ year: number; metric: string; value: number | null }>;
    // The April 2025 GDP and population files stop in 2023; remittances go on to 2024.
    expect(rows.find((r) => r.year === 2024 && r.metric === 'remittances_gdp_pct')?.value).toBeNull();
    expect(json.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('--latest gives each metric once per entity, at the year of its last value', async () => {
    const r = await migdev(['compute', REMIT, GDP, '--countries', 'MEX', '-m', 'remittances_gdp_pct,remittance_growth_pct', '--latest']);
    const rows = csvRecords(r.stdout);
    expect(rows.map((x) => `${x.metric}@${x.year}`)).toEqual(['remittances_gdp_pct@2023', 'remittance_growth_pct@2024']);
  });

  it('--latest --shape wide puts a year column beside each metric', async () => {
    const r = await migdev(['compute', REMIT, GDP, '--countries', 'MEX', '-m', 'remittances_gdp_pct', '--latest', '--shape', 'wide']);
    expect(r.stdout.split('\n')[0]).toBe('code,name,remittances_gdp_pct,remittances_gdp_pct_year');
  });

  it('evaluates a custom formula over inputs and backtick indicator codes', async () => {
    const r = await migdev(['compute', BRA, '-e', 'fdi_gdp=100 * `BX.KLT.DINV.CD.WD` / gdp_usd', '-m', 'fdi_gdp', '--years', '2020']);
    expect(r.code).toBe(0);
    const row = csvRecords(r.stdout)[0]!;
    expect(row.metric).toBe('fdi_gdp');
    // The same file publishes FDI % of GDP (BX.KLT.DINV.WD.GD.ZS) for 2020: 2.59263795330717.
    expect(Number(row.value)).toBeCloseTo(2.59263795330717, 12);
  });

  it('rejects a formula that tries to escape the sandbox (exit 2, nothing on stdout)', async () => {
    const r = await migdev(['compute', REMIT, GDP, '-e', 'x=cos.constructor("return process")()']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^migdev: error: /);
  });

  it('maps an input to another column with --map', async () => {
    const file = path.join(tmp, 'mine.csv');
    writeFileSync(file, 'code,year,remit,gdp\nKEN,2020,10,200\n');
    const r = await migdev(['compute', file, '--map', 'remit_in_usd=remit', '--map', 'gdp_usd=gdp', '-m', 'remittances_gdp_pct']);
    expect(csvRecords(r.stdout)[0]!.value).toBe('5');
  });

  it('sums a bilateral stock matrix into emigrant_stock with --map emigrant_stock=@bilateral', async () => {
    const un = 'fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv';
    const r = await migdev(['compute', POP, un, '--map', 'emigrant_stock=@bilateral', '-m', 'diaspora_population_pct,emigration_rate_pct', '--countries', 'MEX', '--years', '2019']);
    expect(r.code).toBe(0);
    const rows = csvRecords(r.stdout);
    // UN DESA 2019: 11,796,491 Mexicans abroad (sum over destinations; the corridors tests check
    // it); WDI population 2019: read back from the population fixture below.
    const pop = csvRecords((await migdev(['convert', POP, '--countries', 'MEX', '--years', '2019'])).stdout)[0]!;
    const diaspora = rows.find((x) => x.metric === 'diaspora_population_pct')!;
    const rate = rows.find((x) => x.metric === 'emigration_rate_pct')!;
    expect(Number(diaspora.value)).toBeCloseTo((100 * 11796491) / Number(pop.value), 10);
    expect(Number(rate.value)).toBeCloseTo((100 * 11796491) / (Number(pop.value) + 11796491), 10);
    expect(r.stderr).toMatch(/emigrant_stock summed over destinations/);
  });

  it('--map emigrant_stock=@bilateral on a matrix without years (World Bank 2017) is a usage error, not a silent skip', async () => {
    const r = await migdev(['compute', POP, 'fixtures/xlsx/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx', '--map', 'emigrant_stock=@bilateral', '-m', 'emigration_rate_pct']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the bilateral input gives no year, so its sums cannot be placed in a year');
  });

  it('writes -o atomically and the same bytes on every run', async () => {
    const out = path.join(tmp, 'out.csv');
    const args = ['compute', REMIT, GDP, POP, '--countries', 'KEN,NPL,PHL', '-o', out];
    expect((await migdev(args)).code).toBe(0);
    const first = readFileSync(out, 'utf8');
    expect((await migdev(args)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(first.startsWith('code,name,year,metric,value\n')).toBe(true);
  });

  it('reads inputs and settings from --config, flags winning', async () => {
    const cfg = path.join(tmp, 'migdev.json');
    writeFileSync(
      cfg,
      JSON.stringify({ inputs: [path.resolve(REMIT), path.resolve(GDP)], metrics: ['remittances_gdp_pct'], countries: ['KEN'], years: '2022-2023', output: { format: 'json' } }),
    );
    const r = await migdev(['compute', '--config', cfg, '--years', '2023']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('names an unknown config key', async () => {
    const cfg = path.join(tmp, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ metricz: ['x'] }));
    const r = await migdev(['compute', REMIT, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key 'metricz'/);
  });

  it('never writes onto an input file', async () => {
    const copy = path.join(tmp, 'in.csv');
    writeFileSync(copy, readFileSync(REMIT));
    const r = await migdev(['compute', copy, GDP, '-o', copy]);
    expect(r.code).toBe(2);
    expect(readFileSync(copy).equals(readFileSync(REMIT))).toBe(true);
    expect(existsSync(`${copy}.tmp`)).toBe(false);
  });
});

describe('migdev metrics', () => {
  it('lists every catalogue id as JSON', async () => {
    const r = await migdev(['metrics', '--format', 'json']);
    const ids = (JSON.parse(r.stdout) as Array<{ id: string }>).map((m) => m.id);
    expect(ids).toContain('remittances_gdp_pct');
    expect(ids).toContain('remittance_countercyclicality');
  });

  it('describes one metric', async () => {
    const r = await migdev(['metrics', 'refugees_origin_per_100k', '-f', 'table']);
    expect(r.stdout).toMatch(/100000 · refugees_origin \/ \(population \+ refugees_origin\)/);
    expect(r.stdout).toMatch(/10\.7\.4/);
  });

  it('suggests a close id for a typo (exit 2)', async () => {
    const r = await migdev(['metrics', 'remitances_gdp_pct']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean remittances_gdp_pct/);
  });
});
