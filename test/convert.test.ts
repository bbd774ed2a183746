import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelTable } from '../src/convert.js';
import { EntityMeta } from '../src/entities/meta.js';
import { readFiles } from '../src/ingest/read.js';
import type { Table } from '../src/output/table.js';
import { render } from '../src/output/writers.js';

const WDI = 'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv';
const meta = EntityMeta.builtin();
const dir = mkdtempSync(path.join(tmpdir(), 'migdev-convert-'));

function csv(table: Table): string {
  return [...render(table, { format: 'csv' })].join('');
}

async function tidy(file: string, shape: 'long' | 'wide' = 'long'): Promise<string> {
  const data = await readFiles([file]);
  return csv(panelTable(data.panel, meta, shape));
}

describe('convert gives one table whatever the layout', () => {
  it('WDI → long → read back → the same long table', async () => {
    const long = await tidy(WDI);
    const file = path.join(dir, 'long.csv');
    writeFileSync(file, long);
    expect(await tidy(file)).toBe(long);
    expect(long.split('\n')[0]).toBe('code,name,year,indicator,value');
    expect(long.split('\n').length - 2).toBe(10042);
  });

  it('WDI → wide → read back as a wide table → the same long table', async () => {
    const long = await tidy(WDI);
    const file = path.join(dir, 'wide.csv');
    writeFileSync(file, await tidy(WDI, 'wide'));
    expect(await tidy(file)).toBe(long);
  });

  it('the same data as a DataBank export (`2000 [YR2000]`, `..`, footer) → the same long table', async () => {
    const data = await readFiles([WDI]);
    const years = Array.from({ length: 2024 - 1970 + 1 }, (_, i) => 1970 + i);
    const lines = [`Country Name,Country Code,Series Name,Series Code,${years.map((y) => `${y} [YR${y}]`).join(',')}`];
    for (const e of data.panel.entities()) {
      const s = data.panel.series('BX.TRF.PWKR.CD.DT', e)!;
      const name = data.panel.entityNames.get(e)!;
      const cells = years.map((y) => {
        const v = s.get(y);
        return v === undefined ? '..' : String(v);
      });
      lines.push(`"${name}",${e},"Personal remittances, received (current US$)",BX.TRF.PWKR.CD.DT,${cells.join(',')}`);
    }
    lines.push('', '', '', 'Data from database: World Development Indicators', 'Last Updated: 07/01/2025');
    const file = path.join(dir, 'databank.csv');
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    const again = await readFiles([file]);
    expect(again.sources[0]!.format).toBe('databank');
    expect(again.sources[0]!.footerLines).toBe(2);
    expect(await tidy(file)).toBe(await tidy(WDI));
  });

  it('a European Excel export (`;`, decimal comma) → the same numbers', async () => {
    const file = path.join(dir, 'euro.csv');
    writeFileSync(file, 'code;year;indicator;value\nKEN;2020;X;1234,5\nKEN;2021;X;-0,25\n');
    const data = await readFiles([file]);
    expect(data.sources[0]!.decimalComma).toBe(true);
    expect(data.panel.get('KEN', 'X', 2020)).toBe(1234.5);
    expect(data.panel.get('KEN', 'X', 2021)).toBe(-0.25);
  });
});
