// Generates a file in the exact layout of the World Bank's bulk WDICSV.csv, deterministically
// from a seed: BOM, every field quoted, a trailing empty column, ~14 % empty cells, World Bank
// aggregate rows, realistic magnitudes (numbers up to 1e17), indicator names with commas.
// Usage: node scripts/gen-bulk.mjs OUT.csv [--indicators 1500] [--seed 42]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ECONOMIES, AGGREGATES } from '../dist/entities/wdi-economies.js';

const args = process.argv.slice(2);
const out = args[0];
if (!out) {
  console.error('usage: node scripts/gen-bulk.mjs OUT.csv [--indicators N] [--seed S]');
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const nIndicators = opt('--indicators', 1500);
let seed = opt('--seed', 42) >>> 0;

// mulberry32: small, fast and reproducible across Node versions.
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// The indicators a migration-development job wants, at realistic magnitudes.
export const WANTED = [
  ['BX.TRF.PWKR.CD.DT', 'Personal remittances, received (current US$)', 1e9],
  ['BM.TRF.PWKR.CD.DT', 'Personal remittances, paid (current US$)', 5e8],
  ['NY.GDP.MKTP.CD', 'GDP (current US$)', 5e10],
  ['NY.GDP.MKTP.KD.ZG', 'GDP growth (annual %)', 3],
  ['SP.POP.TOTL', 'Population, total', 2e7],
  ['SM.POP.TOTL', 'International migrant stock, total', 5e5],
  ['DT.ODA.ODAT.CD', 'Net official development assistance received (current US$)', 3e8],
  ['BX.KLT.DINV.CD.WD', 'Foreign direct investment, net inflows (BoP, current US$)', 2e9],
  ['NE.EXP.GNFS.CD', 'Exports of goods and services (current US$)', 1e10],
];

const indicators = [...WANTED];
const prefixes = ['AG', 'EG', 'EN', 'FP', 'IC', 'IT', 'NV', 'SE', 'SH', 'SL', 'TX', 'TM', 'GC', 'FM', 'DT'];
for (let i = indicators.length; i < nIndicators; i++) {
  const p = prefixes[i % prefixes.length];
  // Half the indicators are shares and rates; the rest levels up to 1e17.
  const scale = rand() < 0.5 ? 100 * rand() : 10 ** Math.floor(rand() * 17) * (1 + rand());
  indicators.push([`${p}.X${String(i).padStart(4, '0')}.${['ZS', 'CD', 'KD', 'IN'][i % 4]}`, `Synthetic indicator ${i}, "type ${i % 7}" (% of total, constant 2015 US$)`, scale]);
}
const entities = [...ECONOMIES.map((e) => [e[1], e[0]]), ...AGGREGATES.map((a) => [a[1], a[0]])].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const years = [];
for (let y = 1960; y <= 2024; y++) years.push(y);

const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
function value(scale) {
  if (rand() < 0.14) return '""';
  const v = scale * (0.2 + rand() * 1.8);
  // Mix of the forms the World Bank writes: integers, full doubles, a few exponents.
  const r = rand();
  if (r < 0.35) return q(Math.round(v));
  if (r < 0.8) return q(Number(v.toPrecision(5)));
  if (r < 0.98) return q(v);
  return q(v.toExponential());
}

const stream = createWriteStream(out);
const write = async (s) => {
  if (!stream.write(s)) await once(stream, 'drain');
};
await write(`\uFEFF${['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code', ...years].map(q).join(',')},\r\n`);
let rows = 0;
for (const [name, code] of entities) {
  const parts = [];
  for (const [icode, iname, scale] of indicators) {
    const cells = years.map(() => value(scale));
    parts.push(`${q(name)},${q(code)},${q(iname)},${q(icode)},${cells.join(',')},\r\n`);
    rows++;
  }
  await write(parts.join(''));
}
stream.end();
await once(stream, 'finish');
console.error(`${out}: ${rows} rows × ${years.length} years`);
