import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkTotals } from '../src/corridors/totals.js';
import { resolveName } from '../src/entities/index.js';
import { isMigdevError } from '../src/errors.js';
import { shiftDecimal } from '../src/ingest/layouts/undesa.js';
import { readFiles } from '../src/ingest/read.js';
import { openWorkbook } from '../src/xlsx/read.js';
import { Workbook } from '../src/xlsx/workbook.js';
import { runInProcess } from './helpers/cli.js';

const REM = 'fixtures/xlsx/WB_Bilateral_Remittance_Estimates_2017.xlsx';
const STOCK = 'fixtures/xlsx/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx';
const UNDESA = 'fixtures/xlsx/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx';
const TMP = mkdtempSync(join(tmpdir(), 'migdev-xlsx-'));

type Cell = string | number | { date: number } | null;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function col(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A minimal .xlsx: inline strings, numbers, date cells (style 1 = numFmt 14); `raw` replaces a sheet's XML. */
function workbook(sheets: Record<string, Cell[][]>, raw: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(sheets);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names
        .map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}</Relationships>`,
    ),
    'xl/styles.xml': strToU8('<?xml version="1.0"?><styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'),
  };
  names.forEach((name, k) => {
    const rows = sheets[name]!.map((cells, r) => {
      const cs = cells
        .map((c, i) => {
          const ref = `${col(i)}${r + 1}`;
          if (c === null) return '';
          if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`;
          if (typeof c === 'object') return `<c r="${ref}" s="1"><v>${c.date}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    });
    files[`xl/worksheets/sheet${k + 1}.xml`] = strToU8(raw[name] ?? `<?xml version="1.0"?><worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`);
  });
  return zipSync(files);
}

function write(name: string, bytes: Uint8Array | string): string {
  const p = join(TMP, name);
  writeFileSync(p, bytes);
  return p;
}

/** A CLI run that must fail with exit 2 and one line on stderr; returns that line. */
async function fails(args: string[]): Promise<string> {
  const r = await runInProcess(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('World Bank 2017 matrices (.xlsx)', () => {
  it('remittance matrix: each row sums to its WORLD column (max 2.3e-13 US$ m, check F), columns to the WORLD row within 1.2', async () => {
    const d = await readFiles([REM]);
    const checks = checkTotals(d.bilateral);
    const origin = checks.filter((c) => c.kind === 'origin');
    expect(origin).toHaveLength(214);
    expect(Math.max(...origin.map((c) => Math.abs(c.declared - c.computed)))).toBeLessThanOrEqual(2.5e-13);
    const dest = checks.filter((c) => c.kind === 'destination');
    expect(Math.max(...dest.map((c) => Math.abs(c.declared - c.computed)))).toBeLessThan(1.2);
    expect(d.sources[0]!.headerLine).toBe(2);
    expect(d.sources[0]!.sheet).toBe('Bilateral_Remittances_2017');
  });

  it('migrant-stock matrix: row, column and grand totals are exact', async () => {
    const d = await readFiles([STOCK]);
    const checks = checkTotals(d.bilateral);
    expect(checks).toHaveLength(433);
    for (const c of checks) expect(c.computed, `${c.kind} ${c.code}`).toBe(c.declared);
  });

  it('numbers come through as the doubles Excel stored, not as displayed', async () => {
    const r = await runInProcess(['convert', REM, '--countries', 'ZWE', '-f', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    // Zimbabwe (sending, row 216) → Zambia: the cell holds 3.8027629498129936 (a 2-decimal number format).
    expect(r.stdout).toContain('ZWE,ZMB,,value,3.8027629498129936\n');
  });

  it('inspect lists every sheet with its size and detected layout', async () => {
    const r = await runInProcess(['inspect', REM, '-f', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("xlsx workbook, sheet 'Bilateral_Remittances_2017'");
    expect(r.stdout).toMatch(/\* Bilateral_Remittances_2017 +221 rows × 216 columns · bilateral table, header row 2/);
    expect(r.stdout).toMatch(/remshare +2 rows × 1 columns · no table found/);
    expect(r.stdout).toContain("4 note rows under the table skipped (from row 219: 'Notes:')");
  });

  it('convert reads the workbook; --sheet by name or number picks the same sheet', async () => {
    const a = await runInProcess(['convert', STOCK, '-f', 'csv']);
    expect(a.code, a.stderr).toBe(0);
    const lines = a.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(40000);
    const b = await runInProcess(['convert', STOCK, '-f', 'csv', '--sheet', 'bilateral_migration_2017', '--countries', 'MEX']);
    const c = await runInProcess(['convert', STOCK, '-f', 'csv', '--sheet', '1', '--countries', 'MEX']);
    expect(b.stdout).toBe(c.stdout);
    expect(b.stdout).toContain('MEX,USA,');
  });

  it('corridors gives the same results from the workbook as from a CSV export of its sheet', async () => {
    const wb = await openWorkbook(REM);
    const out: string[] = [];
    const q = (t: string): string => (/[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
    wb.eachRow(wb.sheets[0]!, (r) => {
      if (r.row <= 217) out.push(r.texts.map(q).join(','));
    });
    const csv = write('rem2017.csv', `${out.join('\n')}\n`);
    for (const report of ['concentration', 'totals']) {
      const x = await runInProcess(['corridors', REM, '--report', report, '-f', 'csv']);
      const y = await runInProcess(['corridors', csv, '--report', report, '-f', 'csv']);
      expect(x.code, x.stderr).toBe(0);
      expect(y.code, y.stderr).toBe(0);
      // The workbook's places name its sheet: FILE[Bilateral_Remittances_2017],LINE.
      expect(x.stdout.split(`${REM}[Bilateral_Remittances_2017]`).join('FILE')).toBe(y.stdout.split(csv).join('FILE'));
    }
    const warned = await runInProcess(['corridors', REM, '--report', 'totals', '-f', 'csv']);
    expect(warned.stderr).toContain(`the grand total is 613465.8428551668 at ${REM}[Bilateral_Remittances_2017]:217 but`);
  });
});

describe('UN DESA International Migrant Stock 2020 (.xlsx)', () => {
  const t = (n: number): string => `${UNDESA}[Table ${n}]`;

  it('Table 1: band titles become indicators; every country row has an ISO3 code; WORLD is the sum of the countries', async () => {
    const d = await readFiles([t(1)]);
    const p = d.panel;
    expect(p.indicators().sort()).toEqual(['SM.POP.TOTL', 'international_migrant_stock_at_mid_year_females', 'international_migrant_stock_at_mid_year_males']);
    expect(p.get('MEX', 'SM.POP.TOTL', 2020)).toBe(1197624);
    expect(p.get('M49.900', 'SM.POP.TOTL', 2020)).toBe(280598105);
    expect(p.entityNames.get('M49.947')).toBe('Sub-Saharan Africa');
    expect(p.entityNames.get('NIU')).toBe('Niue'); // the footnote star is not part of the name
    const countries = p.entities().filter((e) => !e.startsWith('M49.'));
    expect(countries.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
    expect(countries).toHaveLength(232);
    for (const year of [1990, 2000, 2010, 2020]) {
      const sum = countries.reduce((acc, c) => acc + (p.get(c, 'SM.POP.TOTL', year) ?? 0), 0);
      expect(sum, String(year)).toBe(p.get('M49.900', 'SM.POP.TOTL', year));
    }
    // males + females = both sexes, wherever the table gives the sexes
    let pairs = 0;
    p.forEach((e, ind, year, v) => {
      if (ind !== 'SM.POP.TOTL') return;
      const m = p.get(e, 'international_migrant_stock_at_mid_year_males', year);
      const f = p.get(e, 'international_migrant_stock_at_mid_year_females', year);
      if (m === undefined || f === undefined) return;
      pairs++;
      expect(m + f, `${e} ${year}`).toBe(v);
    });
    expect(pairs).toBeGreaterThan(1900);
  });

  it('location codes and names agree: where the alias table resolves a name, it gives the code the M49 number maps to', async () => {
    const d = await readFiles([t(1)]);
    let resolved = 0;
    for (const code of d.panel.entities()) {
      if (code.startsWith('M49.')) continue;
      const byName = resolveName(d.panel.entityNames.get(code)!);
      if (byName === undefined) continue;
      resolved++;
      expect(byName, d.panel.entityNames.get(code)).toBe(code);
    }
    expect(resolved).toBeGreaterThan(200);
  });

  it('migrant_share_pct from Table 1 (stock) and Table 2 (population, thousands → persons) equals the published Table 3 share', async () => {
    const r = await runInProcess(['compute', '-m', 'migrant_share_pct', t(1), t(2), '-f', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const published = await readFiles([t(3)]);
    let n = 0;
    for (const line of r.stdout.trimEnd().split('\n').slice(1)) {
      const f = line.split(',');
      const [code, year, text] = [f[0]!, Number(f[f.length - 3]), f[f.length - 1]!];
      const want = published.panel.get(code, 'SM.POP.TOTL.ZS', year);
      if (text === '') {
        expect(want, `${code} ${year}`).toBeUndefined();
        continue;
      }
      expect(Math.abs(Number(text) - want!), `${code} ${year}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want!)));
      n++;
    }
    expect(n).toBeGreaterThan(1500);
    expect(r.stderr).toContain('47 UN DESA regions and groups (M49.1500');
  });

  it('population in thousands becomes whole persons: 16,727.437 thousand is 16727437, not 16727437.000000002', async () => {
    expect(shiftDecimal(16727.437, 3)).toBe(16727437);
    expect(shiftDecimal(32866.268, 3)).toBe(32866268);
    expect(shiftDecimal(-2.5, 3)).toBe(-2500);
    expect(shiftDecimal(1.5e-7, 3)).toBe(0.00015);
    expect(shiftDecimal(0, 3)).toBe(0);
    const d = await readFiles([t(2)], { filter: { indicator: (c) => c.startsWith('SP.POP.TOTL') } });
    let n = 0;
    d.panel.forEach((e, ind, year, v) => {
      n++;
      expect(Number.isInteger(v), `${e} ${ind} ${year} ${v}`).toBe(true);
    });
    expect(n).toBeGreaterThan(5000);
    expect(d.panel.get('AFG', 'SP.POP.TOTL.FE.IN', 2015)).toBe(16727437);
  });

  it('a CSV export of the sheet reads to the same table as the workbook', async () => {
    const wb = await openWorkbook(UNDESA);
    const out: string[] = [];
    const q = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    wb.eachRow(wb.sheet('Table 1')!, (r) => {
      while (out.length < r.row - 1) out.push('');
      out.push(r.texts.map(q).join(','));
    });
    const csv = write('ims2020-table1.csv', `${out.join('\n')}\n`);
    const x = await runInProcess(['convert', t(1), '--include-aggregates', '-f', 'csv']);
    const y = await runInProcess(['convert', csv, '--include-aggregates', '-f', 'csv']);
    expect(x.code, x.stderr).toBe(0);
    expect(y.code, y.stderr).toBe(0);
    expect(y.stdout).toBe(x.stdout);
    expect(x.stdout.split('\n').length).toBeGreaterThan(5800);
  });

  it('inspect: every sheet with its layout; the first table is Table 1', async () => {
    const r = await runInProcess(['inspect', UNDESA, '-f', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("undesa · xlsx workbook, sheet 'Table 1'");
    expect(r.stdout).toMatch(/Table of contents +13 rows × 10 columns · no table found/);
    expect(r.stdout).toMatch(/\* Table 1 +290 rows × 26 columns · undesa table, header row 11/);
    expect(r.stdout).toContain("SM.POP.TOTL ('International migrant stock at mid-year, both sexes combined')");
    // 927 Australia and New Zealand is an SDG region and a subregion: one area, counted once.
    expect(r.stdout).toContain('1 area listed twice with the same values, read once: M49.927 (rows 19 and 268)');
    expect(r.stdout).toMatch(/rows +283 · 5,800 values/);
  });

  it('Table 5 holds rates over periods: refused at its first period column; Table 6 reads its year columns and says what it left', async () => {
    const line = await fails(['convert', t(5)]);
    expect(line).toMatch(/\[Table 5\]!F11: the table's columns are periods \(1990-1995\), not years/);
    const r = await runInProcess(['inspect', t(6), '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('6 columns of periods (1990-1995 …) not read');
    expect(r.stdout).toContain('1180 cells marked ~ (withheld for privacy: fewer than five people) read as missing');
  });

  it('check reads a sheet reference; findings name the sheet and row', async () => {
    const r = await runInProcess(['check', t(6), '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { files: Array<{ file: string }>; findings: Array<{ code: string; file: string; line: number; message: string }> };
    expect(doc.files.map((f) => f.file)).toEqual([`${UNDESA}[Table 6]`]);
    const mixed = doc.findings.find((f) => f.code === 'aggregates-mixed')!;
    expect(mixed.file).toBe(`${UNDESA}[Table 6]`);
    expect(mixed.line).toBe(12);
    expect(mixed.message).toMatch(/^the file holds 46 UN DESA regions and groups \(M49\.1500/);
    // Australia and New Zealand (927) is listed twice with the same values: no duplicate finding.
    expect(doc.findings.filter((f) => f.code === 'duplicate-row')).toEqual([]);
  });

  it('a sheet reference names an existing sheet, else the error lists the sheets', async () => {
    const line = await fails(['convert', `${UNDESA}[Table 9]`]);
    expect(line).toContain("the workbook has no sheet 'Table 9' (sheets: Table of contents, Table 1,");
  });
});

describe('cells', () => {
  const data: Cell[][] = [
    ['A title row'],
    [],
    ['code', 'year', 'indicator', 'value'],
    ['KEN', 2019, 'X', 0.1],
    ['MEX', '2019', 'X', ' 1234.5 '],
    ['NPL', 2019, 'X', '..'],
    ['PHL', 2019, 'X', '-'],
    ['IND', 2019, 'X', null],
    ['TJK', 2019, 'X', 1e-7],
  ];

  it('numbers, text numbers, missing markers; errors name the sheet and cell', async () => {
    const p = write('cells.xlsx', workbook({ Data: data }));
    const d = await readFiles([p]);
    const v = (e: string): number | undefined => d.panel.get(e, 'X', 2019);
    expect(v('KEN')).toBe(0.1);
    expect(v('MEX')).toBe(1234.5);
    expect(v('TJK')).toBe(1e-7);
    for (const e of ['NPL', 'PHL', 'IND']) expect(v(e)).toBeUndefined();
    expect(d.panel.origin('KEN', 'X', 2019)?.line).toBe(4);
    expect(d.sources[0]!.headerLine).toBe(3);
  });

  it('a date cell where a number is expected is refused at its cell', async () => {
    const p = write('dates.xlsx', workbook({ Data: [data[2]!, ['KEN', 2019, 'X', { date: 43466 }]] }));
    const line = await fails(['convert', p]);
    expect(line).toBe(`migdev: error: ${p}[Data]!D2: '2019-01-01' in column 'value' is not a number — use a plain decimal number (1234.5), or a missing marker (empty, .., NA)`);
  });

  it('text that is not a number is refused at its cell', async () => {
    const p = write('text.xlsx', workbook({ First: [['nothing here']], 'My data': [data[2]!, ['KEN', 2019, 'X', 'n.a.']] }));
    const line = await fails(['convert', p]);
    expect(line.startsWith(`migdev: error: ${p}[My data]!D2: 'n.a.' in column 'value' is not a number`), line).toBe(true);
  });
});

describe('bad workbooks: exit 2 with one line', () => {
  it('a truncated zip', async () => {
    const p = write('cut.xlsx', readFileSync(REM).subarray(0, 100000));
    expect(await fails(['convert', p])).toMatch(/: the ZIP archive is damaged or truncated: no end-of-directory record/);
  });

  it('a zip bomb: an entry inflating far past its compressed size', async () => {
    const bytes = workbook({ Data: [['code']] }, { Data: `<worksheet><sheetData>${' '.repeat(8 * 1024 * 1024)}</sheetData></worksheet>` });
    const p = write('bomb.xlsx', bytes);
    expect(bytes.length).toBeLessThan(40000);
    expect(await fails(['convert', p])).toMatch(/xl\/worksheets\/sheet1\.xml inflates more than 200 times its compressed size: refused as a possible zip bomb/);
  });

  it('the total uncompressed size is capped', () => {
    const bytes = workbook({ Data: data1() });
    try {
      new Workbook(bytes, 'small.xlsx', { maxTotal: 300, maxRatio: 1e9 });
      expect.unreachable();
    } catch (e) {
      expect(isMigdevError(e) && e.code).toBe('zip-bomb');
    }
  });

  it('a zip that is not a workbook', async () => {
    const p = write('notes.xlsx', zipSync({ 'readme.txt': strToU8('hello') }));
    expect(await fails(['convert', p])).toBe(
      `migdev: error: ${p}: this is a ZIP archive but not an Excel workbook (it has no xl/workbook.xml and no [Content_Types].xml) — unzip it and pass the CSV inside, or save the sheet as CSV`,
    );
  });

  it('a password-protected workbook (an OLE compound file)', async () => {
    const ole = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const p = write('secret.xlsx', ole);
    expect(await fails(['convert', p])).toMatch(/this is an Excel \.xls workbook or a password-protected \.xlsx \(an OLE compound file\), not CSV text — save it in Excel as \.xlsx without a password/);
  });

  it('an empty sheet', async () => {
    const p = write('empty.xlsx', workbook({ Empty: [] }));
    expect(await fails(['convert', p])).toMatch(/: every sheet of the workbook is empty \(Empty\)/);
    const q = write('empty2.xlsx', workbook({ Data: data1(), Empty: [] }));
    expect(await fails(['convert', q, '--sheet', 'Empty'])).toBe(`migdev: error: ${q}[Empty]: the sheet is empty — choose another sheet with --sheet`);
    expect(await fails(['convert', q, '--sheet', '3'])).toMatch(/the workbook has no sheet '3' \(sheets: Data, Empty\)/);
  });

  it('a DTD or an undefined entity is refused, never expanded', async () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>';
    const p = write('dtd.xlsx', workbook({ Data: [] }, { Data: dtd }));
    expect(await fails(['convert', p])).toMatch(/xl\/worksheets\/sheet1\.xml: the part has a DTD/);
    const ent = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>';
    const q = write('entity.xlsx', workbook({ Data: [] }, { Data: ent }));
    expect(await fails(['convert', q])).toMatch(/the reference &e; is not one XML defines/);
  });
});

function data1(): Cell[][] {
  return [
    ['code', 'year', 'indicator', 'value'],
    ['KEN', 2019, 'X', 1],
  ];
}
