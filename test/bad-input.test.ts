import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { parseDigits, readOptions, type InputFlags } from '../src/cli/options.js';
import { MigdevError } from '../src/errors.js';
import { readFiles } from '../src/ingest/read.js';
import type { ReadOptions } from '../src/ingest/types.js';
import { assertNotInput, writeFileAtomic } from '../src/output/destination.js';
import { runCli, runInProcess } from './helpers/cli.js';

const DIR = fileURLToPath(new URL('./bad-input/', import.meta.url));

interface LibCase {
  read?: string[];
  opts?: ReadOptions;
  line?: number;
  column?: number;
  flags?: InputFlags;
  digits?: string;
  output?: string;
  inputs?: string[];
  write?: string;
}

interface ErrorCase {
  name: string;
  args: string[];
  stdin?: string;
  where: string;
  keyword: string;
  code: string | null;
  lib?: LibCase;
  /** A file whose bytes the command must leave as they were. */
  untouched?: string;
  /** An --output path that must not exist afterwards. */
  output?: string;
}

interface GoodCase {
  name: string;
  args: string[];
  read: string[];
  format: string;
  encoding?: string;
  delimiter?: string;
  lineEnding?: string;
  decimalComma?: boolean;
  values: Array<[string, number, string, number]>;
  names?: Record<string, string>;
}

/** Output order: code, year, indicator. */
function byKey(a: [string, number, string, number], b: [string, number, string, number]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] - b[1];
  return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}

const manifest = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as { errors: ErrorCase[]; good: GoodCase[] };

/** Runs the library call a case names; resolves to the MigdevError it must throw. */
async function libraryError(lib: LibCase): Promise<unknown> {
  try {
    if (lib.read) await readFiles(lib.read.map((f) => path.join(DIR, f)), lib.opts ?? {});
    else if (lib.flags) readOptions(lib.flags);
    else if (lib.digits !== undefined) parseDigits(lib.digits);
    else if (lib.output !== undefined) assertNotInput(path.join(DIR, lib.output), (lib.inputs ?? []).map((f) => path.join(DIR, f)));
    else if (lib.write !== undefined) await writeFileAtomic(path.join(DIR, lib.write), ['x\n']);
  } catch (e) {
    return e;
  }
  return undefined;
}

// Each case spawns the CLI: the cases run side by side (none writes into the folder).
// Sequential: the cases run in this process, sharing stdout, stderr and the working directory.
describe('bad-input corpus', { timeout: 60_000 }, () => {
  it('has at least 30 error cases, each file of the folder used', () => {
    expect(manifest.errors.length).toBeGreaterThanOrEqual(30);
    const named = new Set([...manifest.errors.flatMap((c) => [...c.args, c.stdin ?? '']), ...manifest.good.flatMap((c) => c.args)]);
    const files = readdirSync(DIR).filter((f) => f !== 'cases.json');
    expect(files.filter((f) => !named.has(f))).toEqual([]);
  });

  for (const c of manifest.errors) it(`${c.name}: migdev ${c.args.join(' ')} → exit 2, one line on stderr`, async () => {
    const before = readdirSync(DIR).sort();
    const untouched = c.untouched ? readFileSync(path.join(DIR, c.untouched)) : undefined;
    // In this process unless the case pipes standard input (which needs a real process).
    const r = c.stdin ? await runCli(c.args, { cwd: DIR, stdin: readFileSync(path.join(DIR, c.stdin)) }) : await runInProcess(c.args, { cwd: DIR });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines.length, r.stderr).toBe(2);
    expect(lines[1]).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // One line means no control character at all: no CR, no terminal escape.
    expect(r.stderr.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f]/);
    const line = lines[0]!;
    expect(line.startsWith('migdev: error: ')).toBe(true);
    if (c.where) expect(line.startsWith(`migdev: error: ${c.where}: `), line).toBe(true);
    else expect(line, 'a usage error names no file').not.toMatch(/^migdev: error: [^ ]*\.csv[:]/);
    expect(line).toContain(c.keyword);
    // The SPEC's form: what is wrong — what to do.
    expect(line).toContain(' — ');
    if (c.output) expect(existsSync(path.join(DIR, c.output))).toBe(false);
    if (untouched) expect(readFileSync(path.join(DIR, c.untouched!)).equals(untouched)).toBe(true);
    // No temporary file left behind, nothing else written.
    expect(readdirSync(DIR).sort()).toEqual(before);
  });

  for (const c of manifest.errors.filter((e) => e.lib)) it(`${c.name}: the library throws MigdevError ${c.code}`, async () => {
    const lib = c.lib!;
    const e = await libraryError(lib);
    expect(e).toBeInstanceOf(MigdevError);
    const err = e as MigdevError;
    expect(err.code).toBe(c.code);
    expect(err.exit).toBe(2);
    expect(err.where.line).toBe(lib.line);
    expect(err.where.column).toBe(lib.column);
    if (lib.read) expect(err.where.file).toBe(path.join(DIR, c.where.split(':')[0]!));
    expect(err.oneLine().replaceAll(DIR, '')).toContain(c.keyword);
  });
});

describe('odd but good inputs', { timeout: 60_000 }, () => {
  for (const c of manifest.good) it(`${c.name}: reads with the detected format and exactly these values`, async () => {
    const data = await readFiles(c.read.map((f) => path.join(DIR, f)));
    const info = data.sources[0]!;
    expect(info.format).toBe(c.format);
    if (c.encoding) expect(info.encoding).toBe(c.encoding);
    if (c.delimiter) expect(info.delimiter).toBe(c.delimiter);
    if (c.lineEnding) expect(info.lineEnding).toBe(c.lineEnding);
    if (c.decimalComma !== undefined) expect(info.decimalComma).toBe(c.decimalComma);
    const got: Array<[string, number, string, number]> = [];
    data.panel.forEach((e, i, y, v) => got.push([e, y, i, v]));
    expect(got.sort(byKey)).toEqual([...c.values].sort(byKey));
    for (const [code, name] of Object.entries(c.names ?? {})) expect(data.panel.entityNames.get(code)).toBe(name);
  });

  for (const c of manifest.good) it(`${c.name}: migdev ${c.args.join(' ')} exits 0 and writes those values as CSV`, async () => {
    const r = await runInProcess([...c.args, '-f', 'csv', '--include-aggregates'], { cwd: DIR });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row.code, Number(row.year), row.indicator, Number(row.value)])).toEqual([...c.values].sort(byKey));
    for (const row of rows) if (c.names?.[row.code!]) expect(row.name).toBe(c.names[row.code!]);
  });
});
