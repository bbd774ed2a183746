import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../src/inspect.js';
import { readFiles } from '../src/ingest/read.js';

// Expected figures are those of fixtures/README.md, taken from the publishers' files
// (SOURCES.md of the shared data: rows, values and year spans counted with Python's csv module).
describe('WDI API downloads', () => {
  it('reads the July 2025 remittances file: BOM, 4 preamble lines, CRLF, trailing empty column', async () => {
    const r = await inspectFile('fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv');
    expect(r.format).toBe('wdi');
    expect(r.encoding).toBe('utf-8');
    expect(r.bom).toBe(true);
    expect(r.lineEnding).toBe('CRLF');
    expect(r.headerLine).toBe(5);
    expect(r.rows).toBe(266);
    expect(r.values).toBe(10042);
    expect([r.firstYear, r.lastYear]).toEqual([1970, 2024]);
    expect(r.indicators.map((i) => i.code)).toEqual(['BX.TRF.PWKR.CD.DT']);
    expect(r.indicators[0]!.name).toBe('Personal remittances, received (current US$)');
  });

  it.each([
    ['fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv', 14307],
    ['fixtures/wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv', 16930],
    ['fixtures/wdi/API_BX.KLT.DINV.CD.WD_DS2_en_csv_v2_390497.csv', 11894],
    ['fixtures/wdi/API_NY.GDP.PCAP.CD_DS2_en_csv_v2_391545.csv', 14312],
    ['fixtures/wdi/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv', 8581],
  ])('%s holds %i values in 266 rows', async (file, values) => {
    const r = await inspectFile(file);
    expect(r.rows).toBe(266);
    expect(r.values).toBe(values);
  });

  it('reads the LF-only 2021 file the same way', async () => {
    const r = await inspectFile('fixtures/wdi/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv');
    expect(r.lineEnding).toBe('LF');
    expect([r.firstYear, r.lastYear]).toEqual([1970, 2020]);
  });

  it('reads the old 2014 layout with 2 preamble lines', async () => {
    const r = await inspectFile('fixtures/wdi-old/old_format_total_population_2014.csv');
    expect(r.format).toBe('wdi');
    expect(r.headerLine).toBe(3);
    expect(r.rows).toBe(258);
    expect([r.firstYear, r.lastYear]).toEqual([1960, 2013]);
  });

  it('reads all 1,496 indicators of the Brazil country download', async () => {
    const r = await inspectFile('fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv');
    expect(r.rows).toBe(1496);
    expect(r.values).toBe(45030);
    expect(r.entities.total).toBe(1);
  });

  it('tells countries from World Bank aggregates', async () => {
    const r = await inspectFile('fixtures/wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv');
    expect(r.entities.aggregates).toContain('WLD');
    expect(r.entities.aggregates).toContain('SSF');
    expect(r.entities.countries + r.entities.aggregates.length + r.entities.other.length).toBe(r.entities.total);
    // Every one of the 217 economies has population data.
    expect(r.entities.countries).toBe(217);
  });

  it('streams: a filter keeps only the wanted indicator rows and counts the rest', async () => {
    const data = await readFiles(['fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv'], {
      filter: { indicator: (c) => c === 'BX.TRF.PWKR.CD.DT' || c === 'NY.GDP.MKTP.CD' },
    });
    expect(data.panel.indicators()).toEqual(['BX.TRF.PWKR.CD.DT', 'NY.GDP.MKTP.CD']);
    expect(data.sources[0]!.rowsFiltered).toBe(1494);
    // Brazil GDP 2022 as published in the file.
    expect(data.panel.get('BRA', 'NY.GDP.MKTP.CD', 2022)).toBe(1951923942083.32);
  });
});

describe('Metadata_Country files', () => {
  it('reads quoted SpecialNotes with line breaks; a blank Region marks an aggregate', async () => {
    const data = await readFiles(['fixtures/wdi/Metadata_Country_API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv']);
    expect(data.meta.records.size).toBe(265);
    expect(data.meta.get('AFE')?.aggregate).toBe(true);
    expect(data.meta.get('KEN')?.region).toBe('Sub-Saharan Africa');
    expect(data.meta.get('AFG')?.region).toBe('Middle East, North Africa, Afghanistan & Pakistan');
    // July 2025 release: Ethiopia's income group is blank.
    expect(data.meta.get('ETH')?.income).toBe('');
  });

  it('reads the Brazil file whose columns come in another order', async () => {
    const data = await readFiles(['fixtures/bra/Metadata_Country_API_BRA_DS2_en_csv_v2_2392.csv']);
    expect(data.meta.get('BRA')?.region).toBe('Latin America & Caribbean');
    expect(data.meta.get('BRA')?.income).toBe('Upper middle income');
  });
});

describe('DDF (open-numbers) files', () => {
  it('turns lower-case DDF indicator columns into WDI codes and codes into upper case', async () => {
    const data = await readFiles(['fixtures/ddf/ddf--datapoints--sp_pop_totl--by--economy--year.csv']);
    expect(data.sources[0]!.format).toBe('wide');
    expect(data.panel.indicators()).toEqual(['SP.POP.TOTL']);
    expect(data.sources[0]!.values).toBe(17195);
    expect(data.panel.get('KEN', 'SP.POP.TOTL', 2020)).toBeGreaterThan(5e7);
  });
});

describe('several files', () => {
  it('merge into one panel', async () => {
    const data = await readFiles([
      'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv',
      'fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv',
    ]);
    expect(data.panel.indicators()).toEqual(['BX.TRF.PWKR.CD.DT', 'NY.GDP.MKTP.CD']);
    expect(data.panel.origin('KEN', 'NY.GDP.MKTP.CD', 2020)?.file).toContain('NY.GDP.MKTP.CD');
  });

  it('accept the same value twice but name both places when values differ', async () => {
    // The 2024-10 and 2025-04 GDP vintages overlap with revisions (SOURCES.md check D).
    const same = await readFiles(['fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv', 'fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv']);
    expect(same.panel.get('BRA', 'SP.POP.TOTL', 2000)).toBeGreaterThan(1e8);
    await expect(
      readFiles(['fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv', 'fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv']),
    ).rejects.toMatchObject({ code: 'conflicting-duplicate' });
  });
});

describe('inspect counts without storing values', () => {
  it('counts a key given twice once, and years far from a series\' first one', async () => {
    // A long file: KEN × X has 1900, 2019 (twice, same value), 1800 (before its first year) and
    // 2020; UGA × X has nothing but an empty value, so X has one entity with data.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'migdev-inspect-')), 'long.csv');
    writeFileSync(file, 'code,year,indicator,value\nKEN,1900,X,1\nKEN,2019,X,2\nKEN,2019,X,2\nKEN,1800,X,3\nUGA,2000,X,\nKEN,2020,X,4\nKEN,2020,Y,5\n');
    const r = await inspectFile(file);
    expect(r.indicators).toEqual([
      { code: 'X', name: '', entities: 1, firstYear: 1800, lastYear: 2020, values: 4, coverage: 4 / 221 },
      { code: 'Y', name: '', entities: 1, firstYear: 2020, lastYear: 2020, values: 1, coverage: 1 },
    ]);
    expect([r.firstYear, r.lastYear]).toEqual([1800, 2020]);
    expect(r.entities.total).toBe(1);
  });
});
