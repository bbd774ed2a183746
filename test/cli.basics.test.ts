import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { BIN, ROOT, cliEnv, runCli } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const dir = mkdtempSync(path.join(tmpdir(), 'migdev-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

// Codes outside the built-in table, so no World Bank names or aggregate notes get involved.
const LONG = file(
  'long.csv',
  [
    'code,name,year,indicator,value',
    'QAA,=SUM(A1:A9),2019,X.ONE,-5',
    'QAA,=SUM(A1:A9),2020,X.ONE,1234567.5',
    'QBB,+cmd,2019,X.TWO,-0.25',
    'QCC,-minus,2019,X.ONE,7',
    'QDD,@at,2020,X.TWO,1e21',
    'QEE,"Tab\there, ""quoted""",2019,X.ONE,0',
  ].join('\n') + '\n',
);
const ANSI = /\u001b\[/;
const BIG = path.join(ROOT, 'fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv');

// Subprocesses: generous time for a loaded CI machine (each run takes ~0.3 s when idle).
describe.concurrent('migdev basics', { timeout: 60_000 }, () => {
  it('--version prints the version of package.json', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ stdout: `${pkg.version}\n`, stderr: '', code: 0 });
  });

  it('--help lists the commands and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\s+inspect\b/m);
    expect(r.stdout).toMatch(/^\s+convert\b/m);
    expect(r.stdout).toContain('Exit codes');
  });

  it('an unknown command or flag is a usage error: exit 2, one line', async () => {
    const cases = [['frobnicate'], ['--frobnicate'], ['convert', LONG, '--frobnicate']];
    const results = await Promise.all(cases.map((args) => runCli(args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]!.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^migdev: error: unknown (command|option) '.*\n$/);
    });
  });

  it.each(['csv', 'json'])('stops quietly when the reader closes the pipe (-f %s | head -1): exit 0, nothing on stderr', async (format) => {
    // migdev's own exit status, not head's: PIPESTATUS[0].
    const script = `"${process.execPath}" "${BIN}" convert "${BIG}" --include-aggregates -f ${format} 2>"${dir}/epipe-${format}.err" | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const r = await new Promise<{ out: string; code: number | null }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { env: cliEnv() });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ out, code }));
    });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(format === 'csv' ? 'code,name,year,indicator,value' : '[');
    expect(lines[1]).toBe('status=0');
    expect(readFileSync(path.join(dir, `epipe-${format}.err`), 'utf8')).toBe('');
  });

  it('table output has no colour with NO_COLOR=1', async () => {
    const r = await runCli(['convert', LONG, '-f', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('QAA');
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('table output has colour with FORCE_COLOR=1 (not a TTY)', async () => {
    const r = await runCli(['convert', LONG, '-f', 'table'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
  });

  it('NO_COLOR wins over FORCE_COLOR, --no-color over both; CSV never has colour', async () => {
    const [both, flag, csv] = await Promise.all([
      runCli(['convert', LONG, '-f', 'table'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }),
      runCli(['--no-color', 'convert', LONG, '-f', 'table'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }),
      runCli(['convert', LONG, '-f', 'csv'], { env: { NO_COLOR: undefined, FORCE_COLOR: '3' } }),
    ]);
    expect(both.stdout).toContain('QAA');
    expect(both.stdout).not.toMatch(ANSI);
    expect(flag.stdout).toContain('QAA');
    expect(flag.stdout).not.toMatch(ANSI);
    expect(csv.stdout).toContain('QAA');
    expect(csv.stdout).not.toMatch(ANSI);
  });

  it('table output prints years as years (2019, not 2,019)', async () => {
    const r = await runCli(['convert', LONG, '-f', 'table']);
    expect(r.stdout).toMatch(/│\s+2019\s+│/);
    expect(r.stdout).not.toContain('2,019');
    // while values keep their thousands separators
    expect(r.stdout).toContain('1,234,568');
  });

  it('table output never passes control characters from the data to the terminal', async () => {
    const input = file('esc.csv', 'code,name,year,indicator,value\nQAA,"\u001b[2J\u001b[31mclear\rand\tred",2019,X,1\n');
    const r = await runCli(['convert', input, '-f', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('\\u001b[2J\\u001b[31mclear\\rand\\tred');
  });

  it('-f csv is byte-identical on two runs', async () => {
    const args = ['convert', LONG, BIG, '-f', 'csv', '--include-aggregates', '--years', '2015-'];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(10000);
    expect(Buffer.from(b.stdout).equals(Buffer.from(a.stdout))).toBe(true);
  });

  it('CSV: RFC 4180 with LF, no BOM; --excel adds a BOM and CRLF', async () => {
    const [plain, excel] = await Promise.all([runCli(['convert', LONG, '-f', 'csv']), runCli(['convert', LONG, '-f', 'csv', '--excel'])]);
    expect(plain.stdout.startsWith('code,')).toBe(true);
    expect(plain.stdout).not.toContain('\r\n');
    expect(excel.code).toBe(0);
    expect(excel.stdout.startsWith('\uFEFFcode,name,year,indicator,value\r\n')).toBe(true);
    expect(excel.stdout.endsWith('\r\n')).toBe(true);
    expect(excel.stdout.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    // Same cells either way.
    expect(parse(excel.stdout, { bom: true })).toEqual(parse(plain.stdout));
  });

  it("text cells that look like formulas get a ' prefix; numbers (negative too) never do", async () => {
    const r = await runCli(['convert', LONG, '-f', 'csv']);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    const by = (code: string, year: string): Record<string, string> => rows.find((row) => row.code === code && row.year === year)!;
    expect(by('QAA', '2019')).toEqual({ code: 'QAA', name: "'=SUM(A1:A9)", year: '2019', indicator: 'X.ONE', value: '-5' });
    expect(by('QBB', '2019')).toMatchObject({ name: "'+cmd", value: '-0.25' });
    expect(by('QCC', '2019')).toMatchObject({ name: "'-minus", value: '7' });
    expect(by('QDD', '2020')).toMatchObject({ name: "'@at", value: '1e+21' });
    expect(by('QEE', '2019')).toMatchObject({ name: 'Tab\there, "quoted"', value: '0' });
    expect(r.stdout).toContain('QAA,\'=SUM(A1:A9),2019,X.ONE,-5\n');
  });

  it('missing values are empty in CSV and null in JSON', async () => {
    const [csv, json] = await Promise.all([runCli(['convert', LONG, '--shape', 'wide', '-f', 'csv']), runCli(['convert', LONG, '--shape', 'wide', '-f', 'json'])]);
    expect(csv.stdout.split('\n')).toContain("QAA,'=SUM(A1:A9),2019,-5,");
    expect(csv.stdout.split('\n')).toContain("QBB,'+cmd,2019,,-0.25");
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows[0]).toEqual({ code: 'QAA', name: '=SUM(A1:A9)', year: 2019, 'X.ONE': -5, 'X.TWO': null });
    expect(rows.find((r) => r.code === 'QDD')).toEqual({ code: 'QDD', name: '@at', year: 2020, 'X.ONE': null, 'X.TWO': 1e21 });
  });

  it('-f md: one table row per line (line breaks in a cell become spaces, | is escaped)', async () => {
    const input = file('md.csv', 'code,name,year,indicator,value\nQAA,"two\r\nlines | and\ra CR",2019,X|Y,1\n');
    const r = await runCli(['convert', input, '-f', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '| code | name | year | indicator | value |',
      '| --- | --- | ---: | --- | ---: |',
      '| QAA | two lines \\| and a CR | 2019 | X\\|Y | 1 |',
      '',
    ]);
    expect(r.stdout).not.toContain('\r');
  });

  it('-o into a FIFO (or a device such as /dev/stdout) writes through it and never replaces it', async () => {
    const fifo = path.join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader is a subprocess, so a writer that never comes cannot block this one's threads.
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (b: Buffer) => (read += b.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const r = await runCli(['convert', LONG, '-f', 'csv', '-o', fifo]);
    const stillFifo = lstatSync(fifo).isFIFO();
    if (!stillFifo) reader.kill();
    await closed;
    expect(stillFifo).toBe(true);
    expect(r).toMatchObject({ stdout: '', stderr: '', code: 0 });
    expect(read.startsWith('code,name,year,indicator,value\n')).toBe(true);
    // Only this output's temporary files: the other cases of this concurrent block write beside it.
    expect(readdirSync(dir).filter((f) => f.startsWith('.out.fifo') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('-o through a symbolic link replaces the file it points to and keeps the link', async () => {
    const target = file('linked-target.csv', 'old\n');
    const link = path.join(dir, 'link.csv');
    symlinkSync(target, link);
    const r = await runCli(['convert', LONG, '-o', link]);
    expect(r).toMatchObject({ stdout: '', stderr: '', code: 0 });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8').startsWith('code,name,year,indicator,value\n')).toBe(true);
  });

  it('-o out.json writes the JSON to the file atomically and nothing to stdout', async () => {
    const out = path.join(dir, 'out', 'result.json');
    mkdirSync(path.dirname(out));
    writeFileSync(out, 'old content that must be replaced whole');
    const r = await runCli(['convert', LONG, '-o', out]);
    expect(r).toMatchObject({ stdout: '', stderr: '', code: 0 });
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ code: 'QAA', name: '=SUM(A1:A9)', year: 2019, indicator: 'X.ONE', value: -5 });
    // The temporary file was renamed over the target: nothing else is left in the folder.
    expect(readdirSync(path.dirname(out))).toEqual(['result.json']);
  });
});
