import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck, RULES, type CheckOptions, type Finding } from '../src/check/index.js';
import { unclassifiedInputs } from '../src/check/rules/values.js';
import { emptyDataset, readInto } from '../src/ingest/read.js';

const R = 'test/check-fixtures/rules';
const f = (name: string): string => path.join(R, name);

interface Case {
  code: Finding['code'];
  opts?: CheckOptions;
  /** Lines of the bad file the findings of `code` point at (null: a finding without a line). */
  lines: Array<number | null>;
  /** Key of the first finding, where it has one. */
  key?: { entity: string | null; year: number | null; indicator: string | null };
}

const ASSERT = { asserts: ['remittances_gdp_pct < 50'] };

// Every rule: the file `<code>.bad.csv` triggers it at these lines, `<code>.good.csv` gives no finding at all.
const CASES: Case[] = [
  { code: 'parse-error', lines: [3] },
  { code: 'non-numeric-value', lines: [3], key: { entity: 'KEN', year: 2020, indicator: 'SP.POP.TOTL' } },
  { code: 'invalid-year', lines: [3], key: { entity: 'KEN', year: null, indicator: 'SP.POP.TOTL' } },
  { code: 'missing-key', lines: [3], key: { entity: null, year: 2019, indicator: 'SP.POP.TOTL' } },
  { code: 'ragged-row', lines: [3], key: { entity: 'KEN', year: null, indicator: 'SP.POP.TOTL' } },
  { code: 'conflicting-duplicate', lines: [4], key: { entity: 'KEN', year: 2019, indicator: 'SP.POP.TOTL' } },
  { code: 'duplicate-row', lines: [4], key: { entity: 'KEN', year: 2019, indicator: 'SP.POP.TOTL' } },
  { code: 'year-out-of-range', lines: [2], key: { entity: 'KEN', year: 1850, indicator: 'SP.POP.TOTL' } },
  { code: 'unknown-entity', opts: { knownEntities: true }, lines: [3], key: { entity: 'KE-30', year: 2019, indicator: 'SP.POP.TOTL' } },
  { code: 'negative-value', lines: [3], key: { entity: 'KEN', year: 2019, indicator: 'BX.TRF.PWKR.CD.DT' } },
  { code: 'aggregates-mixed', lines: [3], key: { entity: 'WLD', year: null, indicator: null } },
  { code: 'share-above-100', lines: [3, 4], key: { entity: 'KEN', year: 2019, indicator: 'SM.POP.TOTL' } },
  { code: 'remittances-above-gdp', lines: [2], key: { entity: 'TON', year: 2019, indicator: 'BX.TRF.PWKR.CD.DT' } },
  { code: 'year-on-year-jump', opts: { maxJump: 10 }, lines: [3, 4], key: { entity: 'NPL', year: 2020, indicator: 'BX.TRF.PWKR.CD.DT' } },
  { code: 'bpm6-series-break', lines: [3], key: { entity: null, year: null, indicator: 'BX.TRF.PWKR.CD.DT' } },
  { code: 'low-coverage', opts: { requireCoverage: [{ name: 'remittances_gdp_pct', min: 0.9 }] }, lines: [null], key: { entity: null, year: null, indicator: 'remittances_gdp_pct' } },
  { code: 'assertion-failed', opts: ASSERT, lines: [4], key: { entity: 'TJK', year: 2020, indicator: 'BX.TRF.PWKR.CD.DT' } },
  { code: 'assertion-not-evaluated', opts: ASSERT, lines: [null], key: { entity: null, year: null, indicator: null } },
];

describe('every rule has a file that triggers it and one that does not', () => {
  it('covers every finding code', () => {
    expect(CASES.map((c) => c.code).sort()).toEqual(RULES.map((r) => r.code).sort());
  });

  for (const c of CASES) {
    it(`${c.code}: triggered by ${c.code}.bad.csv, not by ${c.code}.good.csv`, async () => {
      const bad = await runCheck([f(`${c.code}.bad.csv`)], c.opts);
      const mine = bad.findings.filter((x) => x.code === c.code);
      expect(mine.map((x) => x.line)).toEqual(c.lines);
      const level = RULES.find((r) => r.code === c.code)!.level;
      for (const x of mine) {
        expect(x.level).toBe(level);
        expect(x.message.length).toBeGreaterThan(10);
      }
      if (c.key) expect({ entity: mine[0]!.entity, year: mine[0]!.year, indicator: mine[0]!.indicator }).toEqual(c.key);
      if (mine[0]!.line !== null) expect(mine[0]!.file).toBe(f(`${c.code}.bad.csv`));
      expect(bad.failed).toBe(level === 'error');

      const good = await runCheck([f(`${c.code}.good.csv`)], c.opts);
      expect(good.findings).toEqual([]);
      expect(good.failed).toBe(false);
    });
  }
});

describe('parse problems', () => {
  it('a file-level problem is one finding; the other files are still read and checked', async () => {
    const r = await runCheck([f('parse-error-layout.bad.csv'), f('parse-error.bad.csv'), f('negative-value.bad.csv')]);
    const parse = r.findings.filter((x) => x.code === 'parse-error');
    expect(parse.map((x) => [x.file, x.line, x.cause])).toEqual([
      [f('parse-error-layout.bad.csv'), 1, 'unknown-layout'],
      [f('parse-error.bad.csv'), 3, 'csv-text-after-quote'],
    ]);
    expect(parse[0]!.message).toMatch(/no value of the file was read$/);
    // The scanner judges a chunk before handing out its records: nothing of this small file was stored.
    expect(parse[1]!.message).toBe('text follows the closing quote of a field — put a delimiter after the closing quote, or quote the whole field; no value of the file was read');
    expect(parse[1]!.column).toBe(26);
    expect(r.findings.some((x) => x.code === 'negative-value')).toBe(true);
    expect(r.files.map((s) => s.complete)).toEqual([false, false, true]);
    expect(r.summary.files).toBe(3);
  });

  it('row problems do not stop the file: every bad cell is reported and the good ones are checked', async () => {
    const r = await runCheck([f('non-numeric-value.bad.csv')]);
    expect(r.findings.map((x) => x.code)).toEqual(['non-numeric-value']);
    expect(r.findings[0]).toMatchObject({ column: 22, cause: 'not-a-number' });
    expect(r.summary.values).toBe(1);
  });

  it('a missing file or a folder is an input error (exit 2), not a finding', async () => {
    await expect(runCheck([f('no-such-file.csv')])).rejects.toMatchObject({ code: 'file-not-found', exit: 2 });
    await expect(runCheck([R])).rejects.toMatchObject({ code: 'file-is-directory', exit: 2 });
  });

  it('conflicting values across files name both places', async () => {
    const r = await runCheck([f('conflicting-duplicate.good.csv'), f('conflicting-duplicate.bad.csv')]);
    const c = r.findings.filter((x) => x.code === 'conflicting-duplicate');
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toContain(`is 51000000 here but 52600000 at ${f('conflicting-duplicate.good.csv')}:2`);
    // The rows both files share with equal values: one warning per row pair.
    expect(r.findings.filter((x) => x.code === 'duplicate-row').map((x) => x.line)).toEqual([2, 3]);
  });
});

describe('rule details', () => {
  it('unknown-entity: a code listed in --meta is known', async () => {
    const d = emptyDataset();
    await readInto(f('unknown-entity.meta.csv'), d, { inputFormat: 'meta' });
    const r = await runCheck([f('unknown-entity.bad.csv')], { knownEntities: true, meta: d.meta });
    expect(r.findings).toEqual([]);
  });

  it("unknown-entity: the name the file gives is quoted", async () => {
    const r = await runCheck([f('unknown-entity.bad.csv')], { knownEntities: true });
    expect(r.findings[0]!.message).toMatch(/^'KE-30' \(Nairobi\) is not a World Bank economy or aggregate code/);
  });

  it('negative-value: ODA, FDI, net migration and GDP growth may be negative', async () => {
    const r = await runCheck([f('negative-value.good.csv')]);
    expect(r.summary.values).toBe(6);
    expect(r.findings).toEqual([]);
  });

  it('negative-value: every input is classified as non-negative or signed', () => {
    expect(unclassifiedInputs()).toEqual([]);
  });

  it('share-above-100: computed share and published share, with the values and their places', async () => {
    const r = await runCheck([f('share-above-100.bad.csv')]);
    const [computed, published] = r.findings;
    // 100 × 60,000,000 / 52,600,000 = 114.068…
    expect(computed!.message).toBe(
      `KEN 2019 migrant_share_pct = 114.068 %: migrant_stock = 60000000 (${f('share-above-100.bad.csv')}:3) over population = 52600000 (${f('share-above-100.bad.csv')}:2) — immigrants are part of the population and cannot outnumber it`,
    );
    expect(published!.message).toMatch(/^UGA 2019 SM\.POP\.TOTL\.ZS \(migrant_share_pct as published\) is 104\.2 %/);
  });

  it('year-on-year-jump: both directions, and series with a zero or negative value are left out', async () => {
    const r = await runCheck([f('year-on-year-jump.bad.csv')], { maxJump: 10 });
    expect(r.findings.map((x) => x.message)).toEqual([
      'NPL BX.TRF.PWKR.CD.DT falls 1020-fold from 8250000000 in 2019 to 8100000 in 2020 (--max-jump 10)',
      'NPL BX.TRF.PWKR.CD.DT rises 1030-fold from 8100000 in 2020 to 8330000000 in 2021 (--max-jump 10)',
    ]);
    const off = await runCheck([f('year-on-year-jump.bad.csv')]);
    expect(off.rules.find((x) => x.rule === 'year-on-year-jump')).toMatchObject({ status: 'skipped', skipped: 'off without --max-jump' });
  });

  it('bpm6-series-break: only when the window spans 2004–2005', async () => {
    const inside = await runCheck([f('bpm6-series-break.bad.csv')], { window: [2000, 2010] });
    expect(inside.findings[0]!.message).toMatch(/^within the window 2000–2010, BX\.TRF\.PWKR\.CD\.DT has values before and after the 2005 series break for 1 entity \(MEX\)/);
    const after = await runCheck([f('bpm6-series-break.bad.csv')], { window: [2005, 2010] });
    expect(after.findings).toEqual([]);
  });

  it('low-coverage: entity-years with a value ÷ (entities × years of the data), exactly', async () => {
    // KEN and UGA × 2019–2020 = 4 entity-years; remittances_gdp_pct exists for KEN 2019 and 2020 only.
    const r = await runCheck([f('low-coverage.bad.csv')], {
      requireCoverage: [
        { name: 'remittances_gdp_pct', min: 0.9 },
        { name: 'remittances_gdp_pct', min: 0.5 },
        { name: 'remit_in_usd', min: 0.8 },
        { name: 'NY.GDP.MKTP.CD', min: 0.75 },
        { name: 'remittances_gdp_pc', min: 0.1 },
      ],
    });
    // Sorted like every finding: same file, no line, then by code and indicator.
    expect(r.findings.map((x) => [x.rule, x.message])).toEqual([
      ['require-coverage remit_in_usd=0.8', 'remit_in_usd has a value for 3 of 4 entity-years (75 %), below the required 80 % — 2 entities × 2 years 2019–2020'],
      ['require-coverage remittances_gdp_pct=0.9', 'remittances_gdp_pct has a value for 2 of 4 entity-years (50 %), below the required 90 % — 2 entities × 2 years 2019–2020'],
      [
        'require-coverage remittances_gdp_pc=0.1',
        'remittances_gdp_pc has a value for 0 of 4 entity-years (0 %), below the required 10 %: it is neither a metric id nor an indicator in the data (did you mean remittances_gdp_pct?) — 2 entities × 2 years 2019–2020',
      ],
    ]);
    expect(r.rules.filter((x) => x.rule.startsWith('require-coverage')).map((x) => x.status)).toEqual(['failed', 'passed', 'failed', 'passed', 'failed']);
  });

  it('low-coverage: World Bank aggregates are left out of the entities', async () => {
    const r = await runCheck([f('aggregates-mixed.bad.csv')], { requireCoverage: [{ name: 'SP.POP.TOTL', min: 1 }] });
    expect(r.findings.filter((x) => x.code === 'low-coverage')).toEqual([]);
  });

  it('low-coverage: a window metric is refused before reading', async () => {
    await expect(runCheck([f('low-coverage.bad.csv')], { requireCoverage: [{ name: 'remittance_cagr_pct', min: 0.5 }] })).rejects.toMatchObject({ code: 'bad-coverage' });
  });

  it('assertion-failed: names entity, year, the values involved and where the inputs came from', async () => {
    const r = await runCheck([f('assertion-failed.bad.csv')], ASSERT);
    const file = f('assertion-failed.bad.csv');
    expect(r.findings).toHaveLength(1);
    // 100 × 5,150,000,000 / 8,270,000,000 = 62.2733
    expect(r.findings[0]!.message).toBe(`TJK 2020: 'remittances_gdp_pct < 50' is false: remittances_gdp_pct = 62.2733, remit_in_usd = 5150000000 (${file}:4), gdp_usd = 8270000000 (${file}:5)`);
    expect(r.findings[0]!.rule).toBe('assert remittances_gdp_pct < 50');
  });

  it('assertions read inputs and backtick codes; a row with a missing value is not a failure', async () => {
    const r = await runCheck([f('low-coverage.bad.csv')], { asserts: ['`NY.GDP.MKTP.CD` > 50e9', 'remit_in_usd < 3e9 or remittances_gdp_pct < 3'] });
    // KEN 2020: 3.1e9 ≥ 3e9 and 100 × 3.1e9 / 101e9 = 3.07 ≥ 3; UGA 2020: GDP 37.6e9 ≤ 50e9.
    // UGA 2020 has no remittances: the second assertion is missing there, not false.
    expect(r.findings.map((x) => `${x.entity} ${x.year} ${x.rule}`)).toEqual(['KEN 2020 assert remit_in_usd < 3e9 or remittances_gdp_pct < 3', 'UGA 2020 assert `NY.GDP.MKTP.CD` > 50e9']);
  });

  it('assertion-not-evaluated: an input the assertion needs is absent', async () => {
    const r = await runCheck([f('assertion-not-evaluated.bad.csv')], ASSERT);
    expect(r.findings[0]!.message).toMatch(/^'remittances_gdp_pct < 50' cannot be evaluated: it \(through remittances_gdp_pct\) needs gdp_usd/);
  });

  it('an assertion must be a comparison that reads something; forbidden formulas are usage errors', async () => {
    await expect(runCheck([f('assertion-failed.bad.csv')], { asserts: ['remittances_gdp_pct * 2'] })).rejects.toMatchObject({ code: 'assert-not-comparison', exit: 2 });
    await expect(runCheck([f('assertion-failed.bad.csv')], { asserts: ['1 < 2'] })).rejects.toMatchObject({ code: 'assert-reads-nothing' });
    await expect(runCheck([f('assertion-failed.bad.csv')], { asserts: ['import("fs") < 1'] })).rejects.toMatchObject({ exit: 2 });
    await expect(runCheck([f('assertion-failed.bad.csv')], { asserts: ['remitances_gdp_pct < 1'] })).rejects.toMatchObject({ code: 'formula-unknown-name' });
  });
});

describe('levels, --strict, --ignore', () => {
  it('warnings pass unless --strict; notes never fail', async () => {
    expect((await runCheck([f('duplicate-row.bad.csv')])).failed).toBe(false);
    expect((await runCheck([f('duplicate-row.bad.csv')], { strict: true })).failed).toBe(true);
    expect((await runCheck([f('bpm6-series-break.bad.csv')], { strict: true })).failed).toBe(false);
  });

  it('--ignore drops a code and marks its rule skipped; an unknown code is a usage error', async () => {
    const r = await runCheck([f('negative-value.bad.csv')], { ignore: ['negative-value'] });
    expect(r.findings).toEqual([]);
    expect(r.rules.find((x) => x.rule === 'negative-value')).toMatchObject({ status: 'skipped', skipped: '--ignore' });
    await expect(runCheck([f('negative-value.bad.csv')], { ignore: ['negative'] })).rejects.toMatchObject({ code: 'unknown-code' });
  });

  it('--max-jump must be a factor above 1', async () => {
    await expect(runCheck([f('year-on-year-jump.bad.csv')], { maxJump: 0.5 })).rejects.toMatchObject({ code: 'bad-max-jump' });
  });
});
