import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Large files are read by two threads, cut at a record boundary (src/ingest/parallel.ts).
// MIGDEV_PARALLEL_MIN_BYTES=1 forces the cut on small files; MIGDEV_THREADS=1 forbids it.
// Whatever the file, both ways must give the same bytes on stdout and stderr, and the same exit.
const dir = mkdtempSync(path.join(tmpdir(), 'migdev-parallel-'));

function run(file: string, args: string[], threads: 'one' | 'two'): { stdout: string; stderr: string; code: number | null } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  if (threads === 'two') env.MIGDEV_PARALLEL_MIN_BYTES = '1';
  else env.MIGDEV_THREADS = '1';
  const r = spawnSync(process.execPath, ['bin/migdev.js', 'convert', file, '--include-aggregates', '-f', 'csv', ...args], { encoding: 'utf8', env });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

function q(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** A WDI bulk-layout file; names may hold quotes, commas and line breaks. */
function wdiFile(rows: Array<{ name: string; code: string; ind: string; values: Array<string> }>, crlf: boolean): string {
  const eol = crlf ? '\r\n' : '\n';
  const years = rows[0]?.values.map((_, i) => 2000 + i) ?? [2000];
  const head = ['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code', ...years.map(String)].map(q).join(',');
  const body = rows.map((r) => [r.name, r.code, `Indicator ${r.ind}`, r.ind, ...r.values].map(q).join(',') + ',');
  return `\uFEFF${head},${eol}${body.join(eol)}${eol}`;
}

describe('two-thread reading', () => {
  it('gives the same table as one thread when a quoted line break sits at the cut', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      name: i % 3 === 0 ? `Land ${i},\nwith "quotes"\nand breaks` : `Land ${i}`,
      code: `C${String(i).padStart(2, '0')}`,
      ind: i % 2 ? 'A.B.C' : 'X.Y.Z',
      values: [String(i * 1.5), '', String(-i), '1e17'],
    }));
    const file = path.join(dir, 'breaks.csv');
    writeFileSync(file, wdiFile(rows, true));
    const one = run(file, ['--indicators', 'A.B.C'], 'one');
    expect(one.code).toBe(0);
    expect(run(file, ['--indicators', 'A.B.C'], 'two')).toEqual(one);
  });

  it('really reads with two threads when forced (inspect notes say so)', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ name: `L${i}`, code: `C${i}`, ind: 'A.B', values: [String(i)] }));
    const file = path.join(dir, 'plain.csv');
    writeFileSync(file, wdiFile(rows, false));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIGDEV_PARALLEL_MIN_BYTES: '1' };
    const r = spawnSync(process.execPath, ['bin/migdev.js', 'inspect', file, '-f', 'json'], { encoding: 'utf8', env });
    const [report] = JSON.parse(r.stdout) as Array<{ notes: string[]; rows: number; values: number }>;
    expect(report!.notes).toContain('read by two threads, cut at a record boundary');
    expect(report!.rows).toBe(50);
    expect(report!.values).toBe(50);
  });

  it('inspect counts the same with two threads, a series repeated across the cut counted once', () => {
    // C0 × A.B comes back at the end with the same values and one more year: the second thread
    // counts it too, and the main thread merges its years with its own.
    const rows = Array.from({ length: 40 }, (_, i) => ({ name: 'L', code: i === 39 ? 'C0' : `C${i}`, ind: i % 2 ? 'A.B' : 'X.Y', values: i === 39 ? ['0', '', '7'] : [String(i), '', ''] }));
    rows[0]!.ind = 'A.B';
    const file = path.join(dir, 'repeat.csv');
    writeFileSync(file, wdiFile(rows, false));
    const inspect = (threads: 'one' | 'two'): unknown => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
      if (threads === 'two') env.MIGDEV_PARALLEL_MIN_BYTES = '1';
      else env.MIGDEV_THREADS = '1';
      const r = spawnSync(process.execPath, ['bin/migdev.js', 'inspect', file, '-f', 'json'], { encoding: 'utf8', env });
      const [report] = JSON.parse(r.stdout) as Array<{ notes: string[]; indicators: Array<{ code: string; entities: number; values: number; firstYear: number; lastYear: number }> }>;
      return { notes: report!.notes.length, indicators: report!.indicators };
    };
    const one = inspect('one');
    expect(one).toEqual({
      notes: 0,
      indicators: [
        { code: 'A.B', name: 'Indicator A.B', entities: 20, firstYear: 2000, lastYear: 2002, values: 21, coverage: 21 / 60 },
        { code: 'X.Y', name: 'Indicator X.Y', entities: 19, firstYear: 2000, lastYear: 2000, values: 19, coverage: 1 },
      ],
    });
    expect(inspect('two')).toEqual({ ...(one as object), notes: 1 });
  });

  it('reports an error in the second half at the same line as one thread', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ name: `L${i}`, code: `C${i}`, ind: 'A.B', values: [i === 25 ? 'oops' : String(i)] }));
    const file = path.join(dir, 'error.csv');
    writeFileSync(file, wdiFile(rows, false));
    const one = run(file, [], 'one');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/error\.csv:27:/);
    expect(run(file, [], 'two')).toEqual(one);
  });

  it('names both places of a conflicting duplicate that straddles the cut', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ name: 'L', code: i === 19 ? 'C0' : `C${i}`, ind: 'A.B', values: [String(i)] }));
    const file = path.join(dir, 'dup.csv');
    writeFileSync(file, wdiFile(rows, false));
    const one = run(file, [], 'one');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/dup\.csv:2\b/);
    expect(run(file, [], 'two')).toEqual(one);
  });

  it('agrees with one thread on generated files (quotes, commas, line breaks, CRLF)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', ' ', 'Ω'), maxLength: 12 });
    const row = fc.record({
      name: text,
      code: fc.constantFrom('AAA', 'BBB', 'CCC', 'DDD'),
      ind: fc.constantFrom('I.ONE', 'I.TWO'),
      values: fc.array(fc.oneof(fc.constant(''), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)), { minLength: 3, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.boolean(), (rows, crlf) => {
        // Unique keys: duplicates are another test's business.
        const seen = new Set<string>();
        const unique = rows.filter((r) => {
          const k = `${r.code}|${r.ind}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        const file = path.join(dir, 'gen.csv');
        writeFileSync(file, wdiFile(unique, crlf));
        const one = run(file, ['--indicators', 'I.ONE'], 'one');
        expect(run(file, ['--indicators', 'I.ONE'], 'two')).toEqual(one);
      }),
      { numRuns: 3 },
    );
  }, 60000);
});
