// `npm run bench`: generates (deterministically, not committed) a file in the bulk WDICSV.csv
// layout at the real size and a small one, then times migdev's compute, inspect and convert on
// them, next to a plain newline-count pass over the same file in the same run. Prints wall
// time, MB/s and peak RSS of each whole process. Optional: MIGDEV_BENCH_DUCKDB=path/to/
// @duckdb/node-api also times DuckDB doing the same compute job (see BENCHMARKS.md).
// Flags: --runs N (default 3), --small-only, --indicators N (default 1500).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.bench');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const smallOnly = args.includes('--small-only');
mkdirSync(dir, { recursive: true });

const WANTED = [
  'BX.TRF.PWKR.CD.DT',
  'BM.TRF.PWKR.CD.DT',
  'NY.GDP.MKTP.CD',
  'NY.GDP.MKTP.KD.ZG',
  'SP.POP.TOTL',
  'SM.POP.TOTL',
  'DT.ODA.ODAT.CD',
  'BX.KLT.DINV.CD.WD',
  'NE.EXP.GNFS.CD',
];
const METRICS = [
  'remittances_gdp_pct',
  'remittances_outflow_gdp_pct',
  'net_remittances_usd',
  'remittances_per_capita_usd',
  'remittances_to_oda_ratio',
  'remittances_to_fdi_ratio',
  'remittances_exports_pct',
  'remittance_growth_pct',
  'migrant_share_pct',
  'remittance_countercyclicality',
];

function generate(file, indicators) {
  if (existsSync(file)) return;
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-bulk.mjs'), file, '--indicators', String(indicators), '--seed', '42'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generating the benchmark file failed');
}

/** Runs a command under GNU time for wall time and peak RSS (best of `runs`). */
function measure(label, argv, bytes) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
    const last = r.stderr.trim().split('\n').pop();
    const [wall, rss] = last.split(' ').map(Number);
    results.push({ wall, rss: rss / 1024 });
  }
  const best = results.reduce((a, b) => (b.wall < a.wall ? b : a));
  const all = results.map((r) => r.wall.toFixed(2)).join(' ');
  return { label, wall: best.wall, rss: Math.max(...results.map((r) => r.rss)), mbps: bytes / 1048576 / best.wall, all };
}

const node = process.execPath;
const migdev = path.join(root, 'bin/migdev.js');
const nlCount = path.join(root, 'scripts/count-lines.mjs');

function suite(file) {
  const bytes = statSync(file).size;
  const rows = [];
  rows.push(measure('newline count (baseline)', [node, nlCount, file], bytes));
  rows.push(
    measure(
      `compute ${METRICS.length} metrics --group-by region`,
      [node, migdev, 'compute', file, '-m', METRICS.join(','), '--group-by', 'region', '-f', 'csv', '-o', path.join(dir, 'out-compute.csv')],
      bytes,
    ),
  );
  rows.push(measure('convert 9 indicators', [node, migdev, 'convert', file, '--indicators', WANTED.join(','), '-f', 'csv', '-o', path.join(dir, 'out-convert.csv')], bytes));
  rows.push(measure('inspect (every row, every value)', [node, migdev, 'inspect', file, '-f', 'json', '-o', path.join(dir, 'out-inspect.json')], bytes));
  if (process.env.MIGDEV_BENCH_DUCKDB) {
    rows.push(measure('DuckDB, same compute job (2 threads)', [node, path.join(root, 'scripts/duckdb-job.mjs'), file, path.join(dir, 'out-duckdb.csv')], bytes));
  }
  const base = rows[0].wall;
  console.log(`\n${path.basename(file)}: ${(bytes / 1048576).toFixed(1)} MB`);
  console.log('| job | wall s (best of runs) | runs | MB/s | peak RSS MB | × newline count |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.label} | ${r.wall.toFixed(2)} | ${r.all} | ${r.mbps.toFixed(0)} | ${r.rss.toFixed(0)} | ${(r.wall / base).toFixed(1)} |`);
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
const small = path.join(dir, 'WDICSV-small.csv');
generate(small, 50);
const metaFile = path.join(dir, 'regions.csv');
if (!existsSync(metaFile)) {
  const { ECONOMIES } = await import('../dist/entities/wdi-economies.js');
  writeFileSync(metaFile, `code,region\n${ECONOMIES.map((e) => `${e[0]},"${e[2]}"`).join('\n')}\n`);
}
suite(small);
if (!smallOnly) {
  const big = path.join(dir, 'WDICSV.csv');
  generate(big, Number(args[args.indexOf('--indicators') + 1]) || 1500);
  suite(big);
}
