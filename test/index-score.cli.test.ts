import { runInProcess, type CliResult } from './helpers/cli.js';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Subprocess tests of the built CLI (`npm test` builds first), on the real World Bank fixtures.
const REMIT = 'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv';
const GDP = 'fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv';
const POP = 'fixtures/wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv';
const TWO = 'remittances_gdp_pct,remittances_per_capita_usd';
const AGGREGATES_NOTE = /^migdev: note: dropped 48 World Bank aggregates/;

/** Runs the CLI in this process (see test/helpers/cli.ts): no node start-up per case. */
function migdev(args: string[]): Promise<CliResult> {
  return runInProcess(args);
}

type Row = Record<string, string>;
const csv = (text: string): Row[] => parse(text, { columns: true }) as Row[];
const num = (s: string | undefined): number => (s === undefined || s === '' ? Number.NaN : Number(s));

describe('migdev index on the WDI fixtures', () => {
  it('--latest: one row per country, sorted by code, scores 0–100, rank 1 = highest score', async () => {
    const r = await migdev(['index', REMIT, GDP, POP, '-m', TWO, '--latest']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(AGGREGATES_NOTE)]);
    expect(r.stdout.split('\n')[0]).toBe(
      'code,name,year,score,rank,remittances_gdp_pct,remittances_per_capita_usd,remittances_gdp_pct_year,remittances_per_capita_usd_year',
    );
    const rows = csv(r.stdout);
    expect(rows.length).toBeGreaterThan(150);
    const codes = rows.map((x) => x.code!);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    const scored = rows.filter((x) => x.score !== '');
    for (const x of scored) {
      expect(num(x.score)).toBeGreaterThanOrEqual(0);
      expect(num(x.score)).toBeLessThanOrEqual(100);
      expect(num(x.year)).toBe(Math.max(num(x.remittances_gdp_pct_year), num(x.remittances_per_capita_usd_year) || -Infinity));
    }
    const byScore = [...scored].sort((a, b) => num(b.score) - num(a.score));
    expect(num(byScore[0]!.rank)).toBe(1);
    for (let i = 1; i < byScore.length; i++) expect(num(byScore[i]!.rank)).toBeGreaterThanOrEqual(num(byScore[i - 1]!.rank));
  });

  it('reproduces a min–max index worked by hand from `migdev compute` (KEN, MEX, NPL, PHL, 2022)', async () => {
    const args = [REMIT, GDP, POP, '--countries', 'KEN,MEX,NPL,PHL', '-m', TWO, '--years', '2022'];
    const raw = csv((await migdev(['compute', ...args, '--shape', 'wide'])).stdout);
    const r = await migdev(['index', ...args]);
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    // compute gives % of GDP KEN 3.547, MEX 4.197, NPL 22.022, PHL 9.410 and US$ per head
    // KEN 74.83, MEX 477.85, NPL 305.21, PHL 333.87. Min–max: % of GDP (x − 3.547)/18.475 →
    // KEN 0, MEX 3.52, NPL 100, PHL 31.73; per head (x − 74.83)/403.02 → KEN 0, MEX 100,
    // NPL 57.16, PHL 64.27. Means: NPL 78.58, MEX 51.76, PHL 48.00, KEN 0 → ranks 1, 2, 3, 4.
    const mm = (id: string) => {
      const xs = raw.map((x) => num(x[id]));
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      return xs.map((x) => (100 * (x - lo)) / (hi - lo));
    };
    const a = mm('remittances_gdp_pct');
    const b = mm('remittances_per_capita_usd');
    rows.forEach((x, i) => {
      expect(x.code).toBe(raw[i]!.code);
      expect(num(x.remittances_gdp_pct)).toBeCloseTo(a[i]!, 10);
      expect(num(x.remittances_per_capita_usd)).toBeCloseTo(b[i]!, 10);
      expect(num(x.score)).toBeCloseTo((a[i]! + b[i]!) / 2, 10);
    });
    expect(Object.fromEntries(rows.map((x) => [x.code, x.rank]))).toEqual({ NPL: '1', MEX: '2', PHL: '3', KEN: '4' });
    expect(num(rows.find((x) => x.code === 'NPL')!.score)).toBeCloseTo(78.58, 2);
  });

  it('prints the README example exactly (six countries, 2023, --digits 2)', async () => {
    const r = await migdev(['index', REMIT, GDP, POP, '--countries', 'IND,KEN,MEX,NPL,PHL,TJK', '-m', TWO, '--years', '2023', '--digits', '2', '-f', 'csv']);
    expect(r.code).toBe(0);
    // TJK is highest on % of GDP (100) and second on US$ per head (85.13): (100 + 85.13)/2 = 92.57.
    expect(r.stdout).toBe(
      [
        'code,name,year,score,rank,remittances_gdp_pct,remittances_per_capita_usd',
        'IND,India,2023,0.77,6,0,1.55',
        'KEN,Kenya,2023,0.8,5,1.6,0',
        'MEX,Mexico,2023,50.5,3,1,100',
        'NPL,Nepal,2023,62.98,2,62.91,63.04',
        'PHL,Philippines,2023,38.37,4,15.95,60.79',
        'TJK,Tajikistan,2023,92.57,1,100,85.13',
        '',
      ].join('\n'),
    );
  });

  it('--missing drop leaves entity-years lacking a component unscored (JSON null) and says so', async () => {
    // The April 2025 GDP file stops in 2023; remittances go on to 2024, so 2024 has growth but no % of GDP.
    const args = ['index', REMIT, GDP, '--countries', 'MEX,NPL,PHL', '-m', 'remittances_gdp_pct,remittance_growth_pct', '--years', '2023-2024', '-f', 'json'];
    const drop = await migdev([...args, '--missing', 'drop']);
    expect(drop.code).toBe(0);
    const rows = JSON.parse(drop.stdout) as Array<{ code: string; year: number; score: number | null; rank: number | null; remittances_gdp_pct: number | null }>;
    const y2024 = rows.filter((x) => x.year === 2024);
    expect(y2024).toHaveLength(3);
    for (const x of y2024) expect([x.score, x.rank, x.remittances_gdp_pct]).toEqual([null, null, null]);
    expect(drop.stderr).toMatch(/note: 3 entity-years lack a component and get no score/);
    expect(drop.stdout).not.toMatch(/NaN|Infinity/);
    // reweight scores them on growth alone: the 2024 score is the normalised growth itself.
    const reweight = await migdev([...args, '--missing', 'reweight']);
    expect(reweight.stderr).toMatch(/note: 3 entity-years lack a component and are scored on the ones they have/);
    const rew = JSON.parse(reweight.stdout) as Array<{ year: number; score: number | null; rank: number | null; remittance_growth_pct: number }>;
    for (const x of rew.filter((x) => x.year === 2024)) expect(x.score).toBeCloseTo(x.remittance_growth_pct, 12);
    expect(rew.filter((x) => x.year === 2024).map((x) => x.rank).sort()).toEqual([1, 2, 3]);
  });

  it('--sensitivity: rank_median, rank_p05, rank_p95; same seed, same bytes; another seed, other draws', async () => {
    const args = ['index', REMIT, GDP, POP, '-m', `${TWO},remittance_growth_pct`, '--years', '2023', '--sensitivity', '200', '--perturb', 'normalization,aggregation'];
    const a = await migdev([...args, '--seed', '11']);
    const b = await migdev([...args, '--seed', '11']);
    const c = await migdev([...args, '--seed', '12']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const rows = csv(a.stdout);
    expect(Object.keys(rows[0]!).slice(0, 8)).toEqual(['code', 'name', 'year', 'score', 'rank', 'rank_median', 'rank_p05', 'rank_p95']);
    for (const x of rows.filter((x) => x.rank !== '')) {
      expect(num(x.rank_p05)).toBeLessThanOrEqual(num(x.rank_median));
      expect(num(x.rank_median)).toBeLessThanOrEqual(num(x.rank_p95));
    }
  }, 60_000);

  it('the terminal table is in rank order; files stay in code order', async () => {
    const args = ['index', REMIT, GDP, POP, '--countries', 'KEN,MEX,NPL,PHL', '-m', TWO, '--years', '2022'];
    const table = await migdev([...args, '-f', 'table']);
    expect(table.code).toBe(0);
    const order = [...table.stdout.matchAll(/^│ (KEN|MEX|NPL|PHL) /gm)].map((m) => m[1]);
    expect(order).toEqual(['NPL', 'MEX', 'PHL', 'KEN']);
    // Ranks print as whole numbers, not 1.00.
    expect(table.stdout).toMatch(/│ NPL +│ Nepal +│ 2022 │ +78\.58 │ +1 │/);
    expect(csv((await migdev(args)).stdout).map((x) => x.code)).toEqual(['KEN', 'MEX', 'NPL', 'PHL']);
  });

  it('--normalize target scores 100 at or beyond the target', async () => {
    const r = await migdev(['index', REMIT, GDP, '-m', 'remittances_gdp_pct', '--latest', '--normalize', 'target', '--target', 'remittances_gdp_pct=10']);
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    const raw = csv((await migdev(['compute', REMIT, GDP, '-m', 'remittances_gdp_pct', '--latest'])).stdout);
    const value = new Map(raw.map((x) => [x.code, num(x.value)]));
    for (const x of rows) {
      if (value.get(x.code!)! >= 10) expect(num(x.score)).toBe(100);
      else expect(num(x.score)).toBeLessThan(100);
    }
  });

  it('a custom -e metric is a component too, counted higher-is-better with a note', async () => {
    const r = await migdev(['index', REMIT, GDP, '--countries', 'KEN,NPL', '--years', '2022', '-m', 'remittances_gdp_pct', '-e', 'remit_bn=remit_in_usd / 1e9']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,score,rank,remittances_gdp_pct,remit_bn');
    expect(r.stderr).toMatch(/note: counted as higher-is-better, having no direction of their own: remit_bn \(custom metric\)/);
  });

  it.each([
    [['-m', 'remittances_gdp_pc'], /unknown metric "remittances_gdp_pc" — did you mean remittances_gdp_pct\?/],
    [['-m', TWO, '--weights', 'remittances_gdp=2'], /--weights names remittances_gdp, which is not a component of the index — did you mean remittances_gdp_pct\?/],
    [['-m', TWO, '--weights', 'remittances_gdp_pct=-1'], /weights cannot be negative/],
    [['-m', TWO, '--weights', 'remittances_gdp_pct=heavy'], /'heavy' is not a number/],
    [['-m', TWO, '--direction', 'remittances_gdp_pct=2'], /a direction is 1 \(higher is better\) or -1/],
    [['-m', TWO, '--sensitivity', '0'], /--sensitivity 0: the number of runs must be a whole number from 1 to 100000/],
    [['-m', TWO, '--sensitivity', 'many'], /--sensitivity 'many' is not a whole number/],
    [['-m', TWO, '--sensitivity', '10', '--seed', '-3'], /--seed '-3' is not a whole number/],
    [['-m', TWO, '--seed', '3'], /--seed applies to the uncertainty analysis only — add --sensitivity N/],
    [['-m', TWO, '--sensitivity', '10', '--perturb', 'weights,method'], /--perturb 'method' is not normalization or aggregation/],
    [['-m', TWO, '--normalize', 'target', '--target', 'remittances_gdp_pct=3'], /needs a target for every component; none for remittances_per_capita_usd/],
    [['-m', TWO, '--target', 'remittances_gdp_pct=3'], /--target is used only by --normalize target/],
    [['-m', TWO, '--normalize', 'maxmin'], /argument 'maxmin' is invalid/],
    [['-m', 'remittances.*'], /an index names its components one by one/],
    [[], /an index needs at least one component/],
    [['-m', 'remittances_to_fdi_ratio'], /remittances_to_fdi_ratio needs fdi_in_usd/],
  ])('refuses %j with one line on stderr and exit 2', async (extra, message) => {
    const r = await migdev(['index', REMIT, GDP, POP, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^migdev: error: /);
    expect(lines[0]).toMatch(message);
  });

  it('the config file\'s index section gives the same bytes as the flags; flags win over it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migdev-index-'));
    const config = path.join(dir, 'index.json');
    const index = { weights: { remittances_gdp_pct: 2 }, direction: { remittances_per_capita_usd: -1 }, aggregate: 'geometric', sensitivity: 50, seed: 7, perturb: ['normalization'] };
    writeFileSync(config, JSON.stringify({ inputs: [REMIT, GDP, POP].map((f) => path.resolve(f)), metrics: [TWO], latest: true, index }));
    const byConfig = await runInProcess(['index', '--config', config, '-f', 'csv', '--quiet']);
    const byFlags = await runInProcess(['index', REMIT, GDP, POP, '-m', TWO, '--latest', '--weights', 'remittances_gdp_pct=2', '--direction', 'remittances_per_capita_usd=-1', '--aggregate', 'geometric', '--sensitivity', '50', '--seed', '7', '--perturb', 'normalization', '-f', 'csv', '--quiet']);
    expect(byConfig.code, byConfig.stderr).toBe(0);
    expect(byConfig.stdout).toBe(byFlags.stdout);
    const other = await runInProcess(['index', '--config', config, '--seed', '8', '-f', 'csv', '--quiet']);
    expect(other.stdout).not.toBe(byConfig.stdout);
    writeFileSync(config, JSON.stringify({ metrics: [TWO], index: { normalise: 'rank' } }));
    const bad = await runInProcess(['index', REMIT, '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown key 'index.normalise'");
  });

  it('--help states what the sensitivity analysis perturbs', async () => {
    const r = await migdev(['index', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/multiplying every weight by its own U\(0\.5, 1\.5\) draw/);
    expect(r.stdout).toMatch(/mulberry32/);
  });
});
