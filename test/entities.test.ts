import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { csvRows } from './helpers/csv.js';
import { builtinEntities, builtinEntity, foldName, resolveName } from '../src/entities/index.js';
import { NAME_ALIASES } from '../src/entities/aliases.js';

const fixture = (path: string): URL => new URL(`../fixtures/${path}`, import.meta.url);

describe('NAME_ALIASES table', () => {
  it('has no alias that folds to two codes, nor the same folded alias twice', () => {
    const seen = new Map<string, string[]>();
    for (const [alias, code] of NAME_ALIASES) {
      const key = foldName(alias);
      seen.set(key, [...(seen.get(key) ?? []), `${alias} → ${code}`]);
    }
    const clashes = [...seen.entries()].filter(([, entries]) => entries.length > 1);
    expect(clashes).toEqual([]);
  });

  it('never contradicts (or merely repeats) a built-in World Bank name', () => {
    const builtin = new Map<string, string>();
    for (const info of builtinEntities()) builtin.set(foldName(info.name), info.code);
    const bad = NAME_ALIASES.filter(([alias]) => builtin.has(foldName(alias))).map(
      ([alias, code]) => `${alias} → ${code} (built-in: ${builtin.get(foldName(alias))})`,
    );
    expect(bad).toEqual([]);
  });

  it('uses well-formed codes, and every alias resolves to its own code', () => {
    for (const [alias, code] of NAME_ALIASES) {
      expect(code, alias).toMatch(/^[A-Z]{3}$/);
      expect(resolveName(alias), alias).toBe(code);
    }
  });

  it('maps no alias to a World Bank aggregate', () => {
    const toAggregate = NAME_ALIASES.filter(([, code]) => builtinEntity(code)?.aggregate === true);
    expect(toAggregate).toEqual([]);
  });
});

describe('resolveName', () => {
  const tricky: ReadonlyArray<readonly [string, string]> = [
    // Accents, case and punctuation
    ["COTE D'IVOIRE", 'CIV'],
    ["Côte d'Ivoire", 'CIV'],
    ['Cote d’Ivoire', 'CIV'],
    ['Ivory Coast', 'CIV'],
    ['Curacao', 'CUW'],
    ['Curaçao', 'CUW'],
    ['Turkiye', 'TUR'],
    ['Türkiye', 'TUR'],
    ['TURKEY', 'TUR'],
    ['Reunion', 'REU'],
    ['Réunion*', 'REU'],
    ['Sao Tome & Principe', 'STP'],
    ['Saint Vincent & Grenadines', 'VCT'],
    ['St Kitts and Nevis', 'KNA'],
    ['Saint Kitts and Nevis', 'KNA'],
    // UN M49 / ISO spellings
    ['Bolivia (Plurinational State of)', 'BOL'],
    ['Venezuela (Bolivarian Republic of)', 'VEN'],
    ['Iran (Islamic Republic of)', 'IRN'],
    ['Republic of Korea', 'KOR'],
    ["Democratic People's Republic of Korea", 'PRK'],
    ["Dem. People's Republic of Korea", 'PRK'],
    ['Korea, Dem. Rep.', 'PRK'],
    ['United Republic of Tanzania', 'TZA'],
    ['Viet Nam', 'VNM'],
    ['Vietnam', 'VNM'],
    ['Czechia', 'CZE'],
    ['Czech Republic', 'CZE'],
    ['Russian Federation', 'RUS'],
    ['China, Hong Kong SAR', 'HKG'],
    ['China, Macao SAR', 'MAC'],
    ['State of Palestine', 'PSE'],
    ['West Bank/Gaza Strip', 'PSE'],
    ['Micronesia (Fed. States of)', 'FSM'],
    ['Micronesia, Fed. Sts.', 'FSM'],
    ["Lao People's Democratic Republic", 'LAO'],
    ['Lao, PDR', 'LAO'],
    ['Republic of Moldova', 'MDA'],
    ['Macedonia, FYR', 'MKD'],
    ['Swaziland', 'SWZ'],
    ['Cape Verde', 'CPV'],
    ['Puerto Rico', 'PRI'],
    ['United States of America', 'USA'],
    ['Faeroe Islands', 'FRO'],
    ['Gibralter', 'GIB'],
    ['Kosovo', 'XKX'],
    ['Channel Islands', 'CHI'],
    // Look-alike names
    ['Congo', 'COG'],
    ['Congo, Rep.', 'COG'],
    ['Congo, Dem. Rep', 'COD'],
    ['Democratic Republic of the Congo', 'COD'],
    ['Guinea', 'GIN'],
    ['Equatorial Guinea', 'GNQ'],
    ['Guinea-Bissau', 'GNB'],
    ['Papua New Guinea', 'PNG'],
    ['Niger', 'NER'],
    ['Nigeria', 'NGA'],
    ['Dominica', 'DMA'],
    ['Dominican Republic', 'DOM'],
    ['Sudan', 'SDN'],
    ['South Sudan', 'SSD'],
    ['British Virgin Islands', 'VGB'],
    ['United States Virgin Islands', 'VIR'],
    ['Virgin Islands (U.S.)', 'VIR'],
    ['Virgin Islands (US)', 'VIR'],
    ['Samoa', 'WSM'],
    ['American Samoa', 'ASM'],
    // Not World Bank economies: ISO 3166-1 alpha-3
    ['China, Taiwan Province of China', 'TWN'],
    ['Western Sahara', 'ESH'],
    ['Holy See', 'VAT'],
    ['Anguilla', 'AIA'],
    ['Montserrat', 'MSR'],
    ['Saint Helena', 'SHN'],
    ['Wallis and Futuna Islands', 'WLF'],
    ['Falkland Islands (Malvinas)', 'FLK'],
    ['Saint Pierre and Miquelon', 'SPM'],
    ['Tokelau', 'TKL'],
    ['Niue', 'NIU'],
    ['Cook Islands', 'COK'],
    ['Bonaire, Sint Eustatius and Saba', 'BES'],
    ['Guadeloupe', 'GLP'],
    ['Martinique', 'MTQ'],
    ['French Guiana', 'GUF'],
    ['Mayotte', 'MYT'],
    ['Guernsey', 'GGY'],
    ['Netherlands Antilles', 'ANT'],
    // World Bank aggregates
    ['World', 'WLD'],
    ['WORLD', 'WLD'],
    ['Sub-Saharan Africa', 'SSF'],
    ['Latin America & Caribbean', 'LCN'],
  ];

  it.each(tricky)('%s → %s', (name, code) => {
    expect(resolveName(name)).toBe(code);
  });

  it.each([
    'Other North',
    'Other South',
    'World Total',
    'Total',
    'Total Remittances',
    'Unidentified*',
    'Sub-Saharan Africa (UN)',
    'Latin America and the Caribbean',
    'Northern America',
    'Caribbean',
    'South America',
    'Melanesia',
    'Polynesia',
    'Korea',
    'Micronesia',
    'Virgin Islands',
    'Saint Martin',
    'Sark',
    'Europe',
    'Asia',
    '',
  ])('%j stays unresolved', (name) => {
    expect(resolveName(name)).toBeUndefined();
  });
});

describe('names in the real data files', () => {
  it('UN DESA 2019 origin × destination: every origin and destination resolves', () => {
    // Rows of the Dest column that are UN sub-regions, not countries ("Micronesia" here is the
    // sub-region; the country is "Micronesia (Fed. States of)").
    const nonCountries = new Set(['Caribbean', 'Melanesia', 'Micronesia', 'Polynesia', 'South America']);
    const rows = csvRows(readFileSync(fixture('bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv'), 'utf8'));
    const header = rows[0] ?? [];
    expect(header.slice(0, 2)).toEqual(['Year', 'Dest']);
    const origins = header.slice(2);
    expect(origins).toHaveLength(232);
    expect(origins).toContain('Bonaire, Sint Eustatius and Saba');
    const dests = new Set(rows.slice(1).map((row) => row[1] ?? ''));

    const unresolvedOrigins = origins.filter((name) => resolveName(name) === undefined);
    expect(unresolvedOrigins).toEqual([]);
    const unresolvedDests = [...dests].filter((name) => resolveName(name) === undefined);
    expect(unresolvedDests.sort()).toEqual([...nonCountries].sort());

    // All 232 origins are distinct entities.
    expect(new Set(origins.map((name) => resolveName(name))).size).toBe(origins.length);
    expect(resolveName('Congo')).toBe('COG');
  });

  it('World Bank 2012 bilateral remittance matrix (latin1, ;): every sender and receiver resolves', () => {
    const nonCountries = new Set(['Sending', 'Total', 'Other North', 'Other South', 'Unidentified*', 'Total Remittances']);
    const rows = csvRows(readFileSync(fixture('bilateral/wb_remittance_matrix_2012_kvdbrach.csv'), 'latin1'), ';');
    const receivers = rows[0] ?? [];
    const senders = rows.slice(1).map((row) => row[0] ?? '');
    expect(receivers).toContain("Côte d'Ivoire"); // decoded as latin1, not mojibake
    expect(senders).toContain('Gibralter');

    const names = [...new Set([...receivers, ...senders])];
    const unresolved = names.filter((name) => resolveName(name) === undefined);
    expect(unresolved.sort()).toEqual([...nonCountries].sort());

    // Receivers are distinct entities (no two column names collapse to one code).
    const receiverCodes = receivers.filter((n) => !nonCountries.has(n)).map((n) => resolveName(n));
    expect(new Set(receiverCodes).size).toBe(receiverCodes.length);
  });

  it('RPW corridors: every name resolves to the code in the adjacent column', () => {
    // The RPW export still uses the World Bank's old code for Kosovo; ours is XKX.
    const codeCrosswalk: Readonly<Record<string, string>> = { KSV: 'XKX' };
    const rows = csvRows(readFileSync(fixture('rpw/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv'), 'utf8'));
    const header = rows[0] ?? [];
    const pairs: Array<[number, number]> = [
      [header.indexOf('Sending Countries Name'), header.indexOf('Sending Countries Code')],
      [header.indexOf('Receiving Countries  Name'), header.indexOf('Receiving Countries  Code')],
    ];
    for (const [n, c] of pairs) expect(n >= 0 && c >= 0).toBe(true);

    const expected = new Map<string, string>();
    for (const row of rows.slice(1)) {
      for (const [n, c] of pairs) {
        const name = row[n] ?? '';
        const code = row[c] ?? '';
        if (code === '') continue; // blank and footer rows ("Data from database: …", "Last Updated: …")
        const want = codeCrosswalk[code] ?? code;
        expect(expected.get(name) ?? want, `${name} has two codes in the file`).toBe(want);
        expected.set(name, want);
      }
    }
    expect(expected.size).toBe(139); // 48 senders and 111 receivers, partly the same countries
    expect(expected.get('Congo, Dem. Rep')).toBe('COD');

    const wrong = [...expected].filter(([name, code]) => resolveName(name) !== code);
    expect(wrong.map(([name, code]) => `${name}: want ${code}, got ${resolveName(name)}`)).toEqual([]);
  });
});
