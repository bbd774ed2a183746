import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MigdevError } from '../src/errors.js';
import { emptyDataset, readFiles, readInto } from '../src/ingest/read.js';
import type { ProblemKey } from '../src/ingest/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'migdev-problems-'));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function problemsOf(paths: string[]): Promise<{ problems: Array<{ code: string; line: number | undefined; key: ProblemKey }>; values: number }> {
  const problems: Array<{ code: string; line: number | undefined; key: ProblemKey }> = [];
  const data = await readFiles(paths, { onProblem: (e: MigdevError, key) => problems.push({ code: e.code, line: e.where.line, key }) });
  return { problems, values: data.panel.size };
}

describe('ReadOptions.onProblem: row and cell problems are reported and stepped over', () => {
  it('long files: a non-number cell, a bad year, an empty code and a ragged row; the good rows are read', async () => {
    const p = file('long.csv', 'code,year,indicator,value\nKEN,2019,X,1\nKEN,2020,X,abc\nKEN,20x1,X,3\n,2021,X,4\nKEN,2022,X,5,6\nKEN,2023,X,7\n');
    const { problems, values } = await problemsOf([p]);
    expect(problems).toEqual([
      { code: 'not-a-number', line: 3, key: { entity: 'KEN', indicator: 'X', year: 2020 } },
      { code: 'bad-year', line: 4, key: { entity: 'KEN', indicator: 'X' } },
      { code: 'missing-code', line: 5, key: { indicator: 'X', year: 2021 } },
      { code: 'ragged-row', line: 6, key: { entity: 'KEN', indicator: 'X' } },
    ]);
    expect(values).toBe(2);
  });

  it('WDI files: the key of a bad cell names entity, indicator and year', async () => {
    const p = file('wdi.csv', 'Country Name,Country Code,Indicator Name,Indicator Code,2000,2001,\nKenya,KEN,Pop,SP.POP.TOTL,10,1O,\nMexico,MEX,Pop,SP.POP.TOTL,20,21,\n');
    const { problems, values } = await problemsOf([p]);
    expect(problems).toEqual([{ code: 'not-a-number', line: 2, key: { entity: 'KEN', indicator: 'SP.POP.TOTL', year: 2001 } }]);
    expect(values).toBe(3);
  });

  it('wide files: an empty code skips the row', async () => {
    const p = file('wide.csv', 'code,year,pop\n,2000,1\nKEN,2000,2\n');
    const { problems, values } = await problemsOf([p]);
    expect(problems).toEqual([{ code: 'missing-code', line: 2, key: { year: 2000 } }]);
    expect(values).toBe(1);
  });

  it('without the hook the first problem is thrown, as before', async () => {
    const p = file('long2.csv', 'code,year,indicator,value\nKEN,2019,X,1\nKEN,2020,X,abc\n');
    await expect(readFiles([p])).rejects.toMatchObject({ code: 'not-a-number', where: { line: 3 } });
  });

  it('file-level problems are thrown even with the hook', async () => {
    const p = file('bad.csv', 'a,b\n1,2\n');
    await expect(readFiles([p], { onProblem: () => {} })).rejects.toMatchObject({ code: 'unknown-layout' });
  });
});

describe('a read that fails closes its file', () => {
  it.skipIf(!existsSync('/proc/self/fd'))('no file descriptor stays open after parse errors past the first chunk', async () => {
    // ~700 KB: more than the 256 KB sniffed first, so the error comes while the file is still open.
    const rows = Array.from({ length: 40000 }, (_, i) => `KEN,${1000 + (i % 1000)},X${Math.floor(i / 1000)},${i}`).join('\n');
    const p = file('late-error.csv', `code,year,indicator,value\n${rows}\nKEN,2000,Y,"1"2\n`);
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 5; i++) await expect(readInto(p, emptyDataset())).rejects.toMatchObject({ code: 'csv-text-after-quote' });
    expect(open()).toBe(before);
  });
});
