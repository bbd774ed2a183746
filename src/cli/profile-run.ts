import path from 'node:path';
import type { BilateralTable } from '../bilateral.js';
import { usageError } from '../errors.js';
import { MAX_YEAR, MIN_YEAR } from '../ingest/cells.js';
import { assertNotInput, writeFileAtomic, writeStdout } from '../output/destination.js';
import { CONTEXT_CODES, buildProfile, guessBilateralKind, type BilateralKind } from '../profile/build.js';
import { renderProfile, type ProfileFormat } from '../profile/render.js';
import { readVintage } from '../profile/vintage.js';
import type { ProfileFlags } from './commands/profile.js';
import { PROFILE_FORMATS } from './commands/profile.js';
import { parseMap } from './compute-run.js';
import type { CliContext } from './context.js';
import { prepareMetrics } from './custom-metrics.js';
import { inputFiles, loadData } from './load.js';
import { parseYears } from './options.js';

function formatOf(flags: ProfileFlags, ctx: CliContext): ProfileFormat {
  if (flags.format) return flags.format as ProfileFormat;
  if (flags.output && flags.output !== '-') {
    const ext = path.extname(flags.output).toLowerCase();
    const byExt: Record<string, ProfileFormat> = { '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.json': 'json', '.txt': 'table' };
    const f = byExt[ext];
    if (!f) throw usageError('bad-output-format', `cannot tell the format of --output ${flags.output} from its extension`, `name it .md, .html, .json or .txt, or give -f ${PROFILE_FORMATS.join('|')}`);
    return f;
  }
  return ctx.stdoutIsTTY ? 'table' : 'md';
}

function parseTop(text: string | undefined): number {
  const n = Number(text ?? '5');
  if (!Number.isInteger(n) || n < 1 || n > 50) throw usageError('bad-top', `--top '${text}' is not a whole number from 1 to 50`, 'write --top 5');
  return n;
}

/** Which bilateral file is a stock and which a remittance matrix: --stock/--remittances, else the name. */
function kinds(b: BilateralTable, flags: ProfileFlags): Map<string, BilateralKind> {
  const out = new Map<string, BilateralKind>();
  const given = new Map<string, BilateralKind>();
  for (const f of flags.stock ?? []) given.set(path.resolve(f), 'stock');
  for (const f of flags.remittances ?? []) given.set(path.resolve(f), 'remittances');
  for (const f of new Set(b.file)) out.set(f, given.get(path.resolve(f)) ?? guessBilateralKind(f, b.indicators()));
  return out;
}

export async function runProfile(code: string, files: readonly string[], flags: ProfileFlags, ctx: CliContext): Promise<void> {
  if (flags.countries) throw usageError('conflicting-flags', 'profile ranks a country among all countries, so it takes no --countries', `remove --countries; the country is the first argument (${code})`);
  const format = formatOf(flags, ctx);
  const top = parseTop(flags.top);
  const map = parseMap(flags.map ?? []);
  const { wanted } = await prepareMetrics([], map);
  for (const c of CONTEXT_CODES) wanted.add(c);
  // Bilateral matrices hold their values under the indicator `value`.
  wanted.add('VALUE');
  const inputs = inputFiles(files);
  for (const f of [...(flags.stock ?? []), ...(flags.remittances ?? [])]) {
    if (!inputs.some((i) => path.resolve(i) === path.resolve(f))) throw usageError('not-an-input', `${f} is not among the input files`, 'name it among the FILE arguments too');
  }
  const toFile = flags.output !== undefined && flags.output !== '-';
  if (toFile) assertNotInput(flags.output!, inputs);
  // Years are not filtered while reading: growth in the first year needs the year before.
  const { years: yearsFlag, ...readFlags } = flags;
  const { data, meta } = await loadData(inputs, readFlags, ctx, wanted);
  const years = yearsFlag ? parseYears(yearsFlag) : undefined;
  const profile = buildProfile({
    code,
    panel: data.panel,
    meta,
    bilateral: data.bilateral,
    map,
    top,
    bilateralKinds: kinds(data.bilateral, flags),
    vintages: inputs.map(readVintage),
    ...(years ? { years: [years.min ?? MIN_YEAR, years.max ?? MAX_YEAR] as const } : {}),
  });
  const text = renderProfile(profile, format, {
    ...(toFile || ctx.columns === undefined ? {} : { width: ctx.columns }),
    style: toFile
      ? undefined
      : { bold: (s) => ctx.out.bold(s), dim: (s) => ctx.out.dim(s), good: (s) => ctx.out.green(s), bad: (s) => ctx.out.red(s) },
  });
  if (toFile) await writeFileAtomic(flags.output!, [text]);
  else await writeStdout([text]);
}
