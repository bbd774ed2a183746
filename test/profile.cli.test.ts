import { runInProcess, type CliResult } from './helpers/cli.js';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWellFormed } from './chart-wellformed.js';

const WDI = readdirSync('fixtures/wdi')
  .filter((f) => f.startsWith('API_'))
  .map((f) => `fixtures/wdi/${f}`);
const STOCK = 'fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv';
const REMIT_MATRIX = 'fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv';
const tmp = mkdtempSync(path.join(tmpdir(), 'migdev-profile-'));

/** Runs the CLI in this process (see test/helpers/cli.ts): no node start-up per case. */
function migdev(args: string[]): Promise<CliResult> {
  return runInProcess(args);
}

interface JsonMetric {
  id: string;
  kind: string;
  latest: { year: number; value: number } | null;
  earlier: { year: number; value: number } | null;
  trend: Array<{ year: number; value: number | null }>;
}

describe('migdev profile (the CLI in-process; test/cli.subprocess.test.ts runs it as a process)', () => {
  it('KEN -f json: every value equals what migdev compute prints for the same files', async () => {
    const p = await migdev(['profile', 'KEN', ...WDI, STOCK, REMIT_MATRIX, '-f', 'json']);
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/^migdev: note: dropped \d+ World Bank aggregates/);
    expect(p.stderr).toContain(`migdev: note: emigrant_stock summed over destinations from ${STOCK} (1624 origin-years)`);
    const profile = JSON.parse(p.stdout) as { code: string; sections: Array<{ metrics: JsonMetric[] }>; destinations: { top: Array<{ code: string }> } };
    expect(profile.code).toBe('KEN');
    expect(profile.destinations.top[0]!.code).toBe('GBR');
    // The diaspora metrics use the stock file's emigrants, as compute does when told so.
    const c = await migdev(['compute', ...WDI, STOCK, '--map', 'emigrant_stock=@bilateral', '-f', 'json', '--quiet']);
    expect(c.code).toBe(0);
    const rows = JSON.parse(c.stdout) as Array<{ code: string; year: number; metric: string; value: number | null }>;
    const ken = new Map(rows.filter((r) => r.code === 'KEN').map((r) => [`${r.metric}@${r.year}`, r.value]));
    let compared = 0;
    for (const m of profile.sections.flatMap((s) => s.metrics)) {
      if (m.kind === 'input' || !m.latest) continue;
      expect(m.latest.value, m.id).toBe(ken.get(`${m.id}@${m.latest.year}`));
      if (m.earlier) expect(m.earlier.value, m.id).toBe(ken.get(`${m.id}@${m.earlier.year}`));
      for (const t of m.trend) expect(t.value, `${m.id} ${t.year}`).toBe(ken.get(`${m.id}@${t.year}`) ?? null);
      compared++;
    }
    expect(compared).toBe(11);
  });

  it('--map emigrant_stock=@bilateral:INDICATOR sums that indicator of the stock file; an unknown one is an error', async () => {
    const p = await migdev(['profile', 'KEN', ...WDI, STOCK, '--map', 'emigrant_stock=@bilateral:value', '-f', 'json']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain(`emigrant_stock summed over destinations from ${STOCK} (1624 origin-years)`);
    const bad = await migdev(['profile', 'KEN', ...WDI, STOCK, '--map', 'emigrant_stock=@bilateral:stock']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`emigrant_stock cannot be summed from ${STOCK}: it has no indicator 'stock' (value)`);
  });

  it('the World Bank 2017 stock and remittance workbooks together: both blocks, no conflict between their `value`s', async () => {
    const p = await migdev(['profile', 'MEX', ...WDI, 'fixtures/xlsx/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx', 'fixtures/xlsx/WB_Bilateral_Remittance_Estimates_2017.xlsx', '-f', 'json']);
    expect(p.code, p.stderr).toBe(0);
    const profile = JSON.parse(p.stdout) as { destinations: { top: Array<{ code: string }> }; remittanceSources: { top: Array<{ code: string }> } };
    expect(profile.destinations.top[0]!.code).toBe('USA');
    expect(profile.remittanceSources.top[0]!.code).toBe('USA');
    // The 2017 matrices give no year, so emigrant_stock cannot be placed in a year.
    expect(p.stderr).toContain('emigrant_stock not derived from fixtures/xlsx/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx[Bilateral_Migration_2017]: the matrix gives no year');
  });

  it('NPL: md on stdout when piped; html to a file is one well-formed, self-contained page', async () => {
    const out = path.join(tmp, 'npl.html');
    const h = await migdev(['profile', 'NPL', ...WDI, STOCK, REMIT_MATRIX, '-o', out, '--quiet']);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe('');
    expect(h.stderr).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const { texts } = checkWellFormed(html);
    expect(texts.join(' ')).toContain('Nepal (NPL)');
    // Self-contained: no external resources (the SVG namespace is an identifier, not a fetch).
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:|\/\/[a-z]|<script|<link|@import|url\(/i);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(8);
    const md = await migdev(['profile', 'npl', ...WDI, '--quiet']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Nepal \(NPL\)\n/);
    expect(md.stdout).toContain('| Remittances received, % of GDP | 25.41% | 2023 |');
    expect(md.stdout).toMatch(/Remittance growth \(nominal US\$\): partial year: only \d+ countries have a value for 2024/);
  });

  it('an unknown code is a usage error (exit 2) with a suggestion, nothing on stdout', async () => {
    const r = await migdev(['profile', 'KNE', WDI[0]!]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("migdev: error: unknown entity 'KNE': no such code in the inputs — did you mean KEN (Kenya)? profile takes an ISO3 code such as KEN; 'migdev inspect FILE' lists the entities\n");
  });
});
