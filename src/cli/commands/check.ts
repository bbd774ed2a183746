import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Config } from '../../config.js';
import type { CheckOptions, CoverageRequirement } from '../../check/index.js';
import type { ReportFormat } from '../../check/report/index.js';
import { usageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { addReadOptions, collect, fillInputFlags, parseYears, type InputFlags } from '../options.js';
import { withContext } from './shared.js';

export type CheckFlags = InputFlags & {
  assert?: string[];
  requireCoverage?: string[];
  maxJump?: string;
  validYears?: string;
  window?: string;
  knownEntities?: boolean;
  strict?: boolean;
  maxFindings?: string;
  ignore?: string[];
  map?: string[];
  config?: string;
  format?: ReportFormat;
  output?: string;
};

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'github'];

/** `NAME=SHARE[,NAME=SHARE…]`; the share is 0–1 or a percentage (`90%`). */
export function parseCoverage(items: readonly string[]): CoverageRequirement[] {
  const out: CoverageRequirement[] = [];
  for (const item of items.flatMap((s) => s.split(','))) {
    const t = item.trim();
    if (t === '') continue;
    const m = /^([^=\s]+)\s*=\s*([0-9.]+)\s*(%?)$/.exec(t);
    const share = m ? Number(m[2]) / (m[3] ? 100 : 1) : Number.NaN;
    if (!m || !Number.isFinite(share)) {
      throw usageError('bad-coverage', `--require-coverage '${t}' is not METRIC=SHARE`, 'write --require-coverage remittances_gdp_pct=0.9 (or =90%)');
    }
    out.push({ name: m[1]!, min: share });
  }
  return out;
}

function range(text: string, flag: string): [number, number] {
  const { min, max } = parseYears(text.trim());
  if (min === undefined && max === undefined) throw usageError('bad-years', `${flag} '${text}' is not a year range`, `write ${flag} 2000-2020`);
  return [min ?? -Infinity, max ?? Infinity];
}

function numberOf(text: string, flag: string, hint: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw usageError('bad-number', `${flag} '${text}' is not a number`, hint);
  return n;
}

/** Report format: -f, else from the -o extension (.json, .xml), else text. */
function reportFormat(flags: CheckFlags): ReportFormat {
  if (flags.format) return flags.format;
  const o = flags.output?.toLowerCase() ?? '';
  if (o.endsWith('.json')) return 'json';
  if (o.endsWith('.xml')) return 'junit';
  return 'text';
}

/** Flags win; the config file fills in what they leave out. Assertions add up; coverage merges per metric. */
function merged(flags: CheckFlags, cfg: Config | undefined): { flags: CheckFlags; opts: Omit<CheckOptions, 'read' | 'meta' | 'map'>; maxFindings: number | undefined } {
  const f: CheckFlags = cfg ? fillInputFlags(flags, cfg) : { ...flags };
  const c = cfg?.checks;
  const coverage = new Map<string, number>();
  for (const [name, min] of Object.entries(c?.requireCoverage ?? {})) coverage.set(name, min);
  for (const r of parseCoverage(f.requireCoverage ?? [])) coverage.set(r.name, r.min);
  const maxJump = f.maxJump !== undefined ? numberOf(f.maxJump, '--max-jump', 'write --max-jump 10') : c?.maxJump;
  let maxFindings: number | undefined = c?.maxFindings;
  if (f.maxFindings !== undefined) {
    const n = Number(f.maxFindings);
    if (!Number.isInteger(n) || n < 0) throw usageError('bad-max-findings', `--max-findings '${f.maxFindings}' is not a whole number`, 'write --max-findings 100');
    maxFindings = n;
  }
  const opts: Omit<CheckOptions, 'read' | 'meta' | 'map'> = {
    asserts: [...(c?.assert ?? []), ...(f.assert ?? [])],
    requireCoverage: [...coverage].map(([name, min]) => ({ name, min })),
    ignore: (f.ignore ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
    strict: f.strict ?? c?.strict ?? false,
    knownEntities: f.knownEntities ?? c?.knownEntities ?? false,
  };
  if (maxJump !== undefined) opts.maxJump = maxJump;
  if (f.validYears !== undefined) {
    const [a, b] = range(f.validYears, '--valid-years');
    opts.validYears = [a === -Infinity ? 1900 : a, b === Infinity ? new Date().getUTCFullYear() : b];
  }
  if (f.window !== undefined) opts.window = range(f.window, '--window');
  return { flags: f, opts, maxFindings };
}

/**
 * The config file's inputs come back resolved to absolute paths; findings name them relative to
 * the working directory when they lie under it, as GitHub annotations need (paths from the
 * repository root) and as people wrote them.
 */
function underCwd(file: string): string {
  if (file === '-' || !path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

async function runCheckCommand(files: string[], given: CheckFlags, ctx: CliContext): Promise<void> {
  // Modules are loaded only when needed: zod for --config, the compute front end for --map.
  const cfg = given.config ? (await import('../../config.js')).loadConfig(given.config) : undefined;
  const { flags, opts, maxFindings } = merged(given, cfg);
  const { inputFiles, loadMeta } = await import('../load.js');
  const { readOptions } = await import('../options.js');
  const { emptyDataset } = await import('../../ingest/read.js');
  const { runCheck } = await import('../../check/index.js');
  const { renderReport, summaryText, verdict, PLAIN } = await import('../../check/report/index.js');
  const { emitText } = await import('../emit.js');

  const mapped = (flags.map ?? []).length > 0 || Object.keys(cfg?.map ?? {}).length > 0;
  const map = mapped ? (await import('../compute-run.js')).parseMap(flags.map ?? [], cfg?.map) : {};
  const read = readOptions(flags);
  const inputs = inputFiles(files.length > 0 ? files : cfg?.inputs?.map(underCwd));
  const meta = flags.meta ? await loadMeta(flags, emptyDataset()) : undefined;
  // A progress bar on a terminal's stderr for long reads (the bulk WDI file), as compute has.
  const { createProgress } = await import('../progress.js');
  const progress = createProgress(ctx.stderrIsTTY && !ctx.quiet);
  read.onProgress = (file, done, total) => progress.update(file, done, total);
  let result;
  try {
    result = await runCheck(inputs, { ...opts, read, map, ...(meta ? { meta } : {}) });
  } finally {
    progress.clear();
  }

  const format = reportFormat(flags);
  const toFile = flags.output !== undefined && flags.output !== '-';
  const c = ctx.out;
  const style = format === 'text' && !toFile ? { bold: c.bold, dim: c.dim, red: c.red, yellow: c.yellow, cyan: c.cyan, green: c.green } : PLAIN;
  const report = renderReport(result, format, maxFindings === undefined ? {} : { maxFindings }, style);
  // -o never overwrites what the check read: inputs, the --meta file, the config file.
  const readFiles = [...inputs, ...(flags.meta ? [flags.meta] : []), ...(given.config ? [given.config] : [])];
  await emitText(report, { output: flags.output ?? '-' }, readFiles);
  if (toFile) ctx.note(`${verdict(result)}: ${summaryText(result)}; report written to ${flags.output}`);
  process.exitCode = result.failed ? 1 : 0;
}

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .description('validate data and assert rules for CI; exit 1 when an error-level finding exists')
    .argument('[FILE...]', 'input files (- or none for standard input)')
    .option('--assert <FORMULA>', 'a comparison that must hold for every entity × year, e.g. "remittances_gdp_pct < 50" (repeatable)', collect)
    .option('--require-coverage <METRIC=SHARE>', 'minimum share of entity-years with a value, e.g. remittances_gdp_pct=0.9 (repeatable)', collect)
    .option('--max-jump <FACTOR>', 'flag year-on-year changes of a positive series by more than this factor, up or down')
    .option('--valid-years <RANGE>', 'the years data may have (default 1900 to this year)')
    .option('--window <RANGE>', 'the analysis window: the BPM5/BPM6 note is given when it spans 2004–2005')
    .option('--known-entities', 'flag entity codes outside the built-in World Bank table (and --meta)')
    .option('--strict', 'warnings fail the check too')
    .option('--max-findings <N>', 'print at most N findings (the most severe first), then a count per code of the rest (default 1000)')
    .option('--ignore <CODES>', 'finding codes not to check (comma list, repeatable)', collect)
    .option('--map <INPUT=CODE>', 'read a semantic input from this indicator code or column (repeatable)', collect)
    .option('--config <FILE>', 'a JSON project file: inputs, mappings, and a "checks" section')
    .addOption(new Option('-f, --format <FMT>', 'report format (default text, or from the -o extension: .json, .xml = junit)').choices([...FORMATS]))
    .option('-o, --output <FILE>', 'write the report to FILE atomically')
    .option('--countries <LIST>', 'check only these entity codes (comma list)')
    .option('--years <RANGE>', 'check only these years: 2019, 2000-2020, 2010-, -1990')
    .option('--meta <FILE>', 'entity metadata: aggregates, and codes --known-entities accepts');
  addReadOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Findings print as FILE:LINE: LEVEL CODE: message. Levels: error (exit 1), warning (exit 1 with
--strict), note. Parse problems are findings; a missing or unreadable file is exit 2.

Examples:
  migdev check fixtures/wdi/*.csv
  migdev check data/*.csv --assert "remittances_gdp_pct < 50" --require-coverage remittances_gdp_pct=0.9
  migdev check data/*.csv --max-jump 10 --known-entities --strict -f junit -o check.xml
  migdev check --config migdev.json -f github          # annotations in GitHub Actions`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: CheckFlags) => {
      await runCheckCommand(files, flags, ctx);
    }),
  );
}
