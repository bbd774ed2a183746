import { describe, expect, it } from 'vitest';
import { runCli, runInProcess } from './helpers/cli.js';

// Most CLI tests run the program in this process (test/helpers/cli.ts) to keep the suite fast.
// Here the commands (inspect, aggregate and index share compute's and convert's paths) also run as a real `node bin/migdev.js` process, NO_COLOR=1, and must give
// exactly what the in-process run gives: same stdout, stderr and exit code.
const REMIT = 'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv';
const GDP = 'fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv';
const POP = 'fixtures/wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv';
const UN = 'fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv';

const CASES: Array<[string, string[], number]> = [
  ['compute', ['compute', REMIT, GDP, '--countries', 'KEN,NPL', '-m', 'remittances_gdp_pct', '--years', '2020-2023'], 0],
  ['metrics', ['metrics', 'remittances_gdp_pct', '-f', 'json'], 0],
  ['check', ['check', REMIT, GDP, '--assert', 'remittances_gdp_pct < 50', '--countries', 'LSO', '--years', '1975-1976', '-f', 'json'], 1],
  ['corridors', ['corridors', UN, '--years', '2019', '--countries', 'NPL'], 0],
  ['profile', ['profile', 'NPL', REMIT, GDP, '-f', 'json'], 0],
  ['convert', ['convert', POP, '--countries', 'KEN', '--years', '2020-'], 0],
  ['usage error', ['compute', REMIT, '--years', 'soon'], 2],
  ['input error', ['convert', 'no/such/file.csv'], 2],
];

describe('each command as a real process', () => {
  it.each(CASES)('%s', async (_name, args, code) => {
    const [real, here] = await Promise.all([runCli(args), runInProcess(args)]);
    expect(real.code).toBe(code);
    expect(real.stdout).toBe(here.stdout);
    expect(real.stderr).toBe(here.stderr);
    expect(here.code).toBe(code);
    if (code === 2) expect(real.stderr).toMatch(/^migdev: error: [^\n]+\n$/);
    else expect(real.stdout.length).toBeGreaterThan(0);
  });
});
