import path from 'node:path';
import type { BilateralTable } from '../bilateral.js';
import { addEmigrantStock, bilateralStockRef, emigrantStock } from '../corridors/emigrants.js';
import type { Panel } from '../panel.js';
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
  for (const f of new Set(b.file)) {
    // A workbook's values carry `book.xlsx[Sheet]`; --stock names the workbook.
    const workbook = f.replace(/\[[^\][]+\]$/, '');
    out.set(f, given.get(path.resolve(f)) ?? given.get(path.resolve(workbook)) ?? guessBilateralKind(f, b.indicators()));
  }
  return out;
}

/**
 * The `emigrant_stock` input summed over destinations from the first migrant-stock file (as
 * compute's `--map emigrant_stock=@bilateral[:INDICATOR]`), so the diaspora metrics can be
 * shown. `indicator`: the file's bilateral indicator to sum, when it holds several.
 */
function deriveEmigrantStock(b: BilateralTable, fileKinds: Map<string, BilateralKind>, panel: Panel, ctx: CliContext, indicator: string | undefined): void {
  const file = [...fileKinds].find(([, k]) => k === 'stock')?.[0];
  if (file === undefined) {
    if (indicator !== undefined) ctx.note('emigrant_stock not derived: no migrant-stock file among the inputs');
    return;
  }
  const indicators = [...new Set(b.indicator.filter((_, i) => b.file[i] === file))];
  const chosen = indicator === undefined ? (indicators.length === 1 ? indicators[0] : undefined) : indicators.find((i) => i.toUpperCase() === indicator.toUpperCase());
  if (chosen === undefined && indicator !== undefined) {
    throw usageError('unknown-indicator', `emigrant_stock cannot be summed from ${file}: it has no indicator '${indicator}' (${indicators.join(', ')})`, 'name one with --map emigrant_stock=@bilateral:INDICATOR');
  }
  if (chosen === undefined) {
    ctx.note(`emigrant_stock not derived from ${file}: it holds ${indicators.length} indicators (${indicators.join(', ')}); choose one with --map emigrant_stock=@bilateral:INDICATOR`);
    return;
  }
  const rows = emigrantStock(b, { file, indicator: chosen });
  const stored = addEmigrantStock(panel, rows, `emigrant stock summed from ${file}`);
  if (stored === 0) ctx.note(`emigrant_stock not derived from ${file}: the matrix gives no year`);
  else ctx.note(`emigrant_stock summed over destinations from ${file} (${stored} origin-years)`);
}

export async function runProfile(code: string, files: readonly string[], flags: ProfileFlags, ctx: CliContext): Promise<void> {
  if (flags.countries) throw usageError('conflicting-flags', 'profile ranks a country among all countries, so it takes no --countries', `remove --countries; the country is the first argument (${code})`);
  const format = formatOf(flags, ctx);
  const top = parseTop(flags.top);
  const map = parseMap(flags.map ?? []);
  // emigrant_stock comes from the migrant-stock file unless mapped to a column of the data.
  const stockRef = map.emigrant_stock === undefined ? { indicator: undefined } : bilateralStockRef(map.emigrant_stock);
  const stockFromFile = stockRef !== undefined;
  const stockIndicator = stockRef?.indicator;
  if (stockFromFile) delete map.emigrant_stock;
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
  // Each bilateral file is a block of its own (destinations, remittance sources): a stock and a
  // remittance matrix both holding `value` for the same corridor are not a conflict here.
  const { data, meta } = await loadData(inputs, readFlags, ctx, wanted, { bilateralPerFile: true });
  const years = yearsFlag ? parseYears(yearsFlag) : undefined;
  const bilateralKinds = kinds(data.bilateral, flags);
  if (stockFromFile) deriveEmigrantStock(data.bilateral, bilateralKinds, data.panel, ctx, stockIndicator);
  const profile = buildProfile({
    code,
    panel: data.panel,
    meta,
    bilateral: data.bilateral,
    map,
    top,
    bilateralKinds,
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
