import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { addInputOptions, addOutputOptions, collect } from '../options.js';
import type { MetricJobFlags } from './compute.js';
import { withContext } from './shared.js';

export type IndexFlags = MetricJobFlags & {
  direction?: string[];
  weights?: string[];
  target?: string[];
  normalize?: string;
  aggregate?: string;
  missing?: string;
  sensitivity?: string;
  seed?: string;
  perturb?: string;
};

const METHOD_HELP = `
How the score is made (per year of --years, or over each entity's latest values with --latest):
  1. normalise each component over the entities scored together, onto 0–100 with 100 best
     (direction -1 reverses a metric):
       minmax  100·(x − min)/(max − min)                                   COINr n_minmax
       zscore  50 + 50·z/3 capped to 0–100, z = (x − mean)/sd, sample sd   COINr n_zscore
       rank    100·(r − 1)/(n − 1), r = rank, ties share the lowest        COINr n_prank
       target  100 once x meets the target t, else 100·(x − min)/(t − min);
               lower-is-better: 100·(max − x)/(max − t)                    COINr n_dist2targ
     a component with a single distinct value scores 50 for everyone (not under target);
  2. weights divided by their sum; aggregate:
       arithmetic  Σ w·v
       geometric   (Π (1 + 0.99·v)^w − 1) / 0.99: values moved onto [1, 100] so a 0 does not
                   zero the score, as COINr advises for its geometric mean;
  3. missing: drop (default) = no score for an entity lacking any component; reweight =
     weights renormalised over the components it has (a stderr note counts both cases);
  4. rank: 1 = highest score; scores within 1e-9 tie and share the lowest rank (1, 2, 2, 4).

--sensitivity N (a Monte Carlo uncertainty analysis like COINr's get_sensitivity): N runs, each
  multiplying every weight by its own U(0.5, 1.5) draw, then renormalising the weights to sum 1
  (COINr noise_factor 0.5); with --perturb normalization each run also draws the normalisation
  uniformly from minmax, zscore, rank (and target when every component has a --target); with
  --perturb aggregation it draws arithmetic or geometric with equal odds. Draws come from one
  mulberry32 stream seeded by --seed (default 1), run by run: normalisation, aggregation, then
  the weights in component order; the same seed gives byte-identical output. Reported per
  entity: rank_median, rank_p05, rank_p95 of its ranks over the runs (R quantile type 7); the
  rank column stays the nominal rank.

Output: code,name,year,score,rank[,rank_median,rank_p05,rank_p95],<normalised components…>,
  plus <component>_year columns with --latest. Files and pipes are sorted by code, then year;
  the terminal table by year, then rank.`;

export function registerIndex(program: Command): void {
  const cmd = program
    .command('index')
    .description('composite index: normalise, weight, aggregate and rank metrics, with uncertainty analysis')
    .argument('[FILE...]', 'input files (- or none for standard input)');
  cmd
    .option('-m, --metrics <LIST>', 'the components: metric ids or -e names, comma list', collect)
    .option('-e, --expr <NAME=FORMULA>', 'a custom metric, a component too (repeatable)', collect)
    .option('--map <INPUT=CODE>', 'read a semantic input from this indicator code or column (repeatable)', collect)
    .option('--direction <ID=±1>', '1 higher is better, -1 lower is better; default from the catalogue (neutral: 1, with a note)', collect)
    .option('--weights <ID=W,…>', 'relative weights ≥ 0, divided by their sum; unnamed components weigh 1 (default: equal)', collect)
    .option('--target <ID=VALUE,…>', 'targets for --normalize target, in the metric’s unit (e.g. a cost metric=3 for SDG 10.c)', collect)
    .addOption(new Option('--normalize <METHOD>', 'normalisation (default minmax)').choices(['minmax', 'zscore', 'rank', 'target']))
    .addOption(new Option('--aggregate <METHOD>', 'aggregation (default arithmetic)').choices(['arithmetic', 'geometric']))
    .addOption(new Option('--missing <RULE>', 'entities lacking a component: drop (default, no score) or reweight').choices(['drop', 'reweight']))
    .option('--sensitivity <N>', 'N Monte Carlo runs perturbing the weights: adds rank_median, rank_p05, rank_p95')
    .option('--seed <S>', 'seed of the runs, 0 to 4294967295 (default 1)')
    .option('--perturb <LIST>', 'also draw in each run: normalization, aggregation (comma list)')
    .option('--latest', 'score each entity’s most recent value of each component (years shown per component)')
    .option('--window <RANGE>', 'years of window metrics used as components, e.g. 2000-2020')
    .option('--config <FILE>', 'a JSON project file: inputs, mappings, metrics, custom formulas, output');
  addInputOptions(cmd);
  addOutputOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `${METHOD_HELP}

Examples:
  migdev index fixtures/wdi/API_*.csv -m remittances_gdp_pct,remittances_per_capita_usd --latest
  migdev index fixtures/wdi/API_*.csv -m remittances_gdp_pct,remittances_per_capita_usd --years 2019-2023 \\
    --weights remittances_gdp_pct=2 --aggregate geometric -f csv
  migdev index fixtures/wdi/API_*.csv -m remittances_gdp_pct,remittances_per_capita_usd --latest \\
    --sensitivity 1000 --seed 7 --perturb normalization,aggregation`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: IndexFlags) => {
      await runIndex(files, flags, ctx);
    }),
  );
}

/** `--perturb normalization,aggregation` (weights are always perturbed). */
function parsePerturb(text: string | undefined, usageError: typeof import('../../errors.js').usageError): { normalization: boolean; aggregation: boolean } {
  const out = { normalization: false, aggregation: false };
  for (const raw of (text ?? '').split(',')) {
    const item = raw.trim().toLowerCase();
    if (item === '' || item === 'weights') continue;
    if (item === 'normalization' || item === 'normalisation') out.normalization = true;
    else if (item === 'aggregation') out.aggregation = true;
    else throw usageError('bad-perturb', `--perturb '${raw.trim()}' is not normalization or aggregation`, 'write --perturb normalization,aggregation (weights are always perturbed)');
  }
  return out;
}

function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

async function runIndex(files: readonly string[], given: IndexFlags, ctx: CliContext): Promise<void> {
  // Loaded here, not at start-up: `migdev --help` and other commands need none of it.
  const [{ loadConfig }, { mergeConfig, parseMap }, prep, engine, idx, { usageError }, { getMetric, METRICS, FAMILIES }, load, emit, { fillFlag, parseYears }, { entityName }, { MAX_YEAR, MIN_YEAR }, { unknownMetric }] =
    await Promise.all([
      import('../../config.js'),
      import('../compute-run.js'),
      import('../custom-metrics.js'),
      import('../../compute/engine.js'),
      import('../../index-score/index.js'),
      import('../../errors.js'),
      import('../../metrics/registry.js'),
      import('../load.js'),
      import('../emit.js'),
      import('../options.js'),
      import('../../convert.js'),
      import('../../ingest/cells.js'),
      import('../../compute/select.js'),
    ]);
  const cfg = given.config ? loadConfig(given.config) : undefined;
  // mergeConfig copies every flag it is given, so the index flags pass through it unchanged.
  const flags = mergeConfig(given, cfg) as IndexFlags;
  // The config's `index` section, in the flags' own spelling; flags on the command line win.
  const ic = cfg?.index;
  if (ic) {
    const fill = <K extends keyof IndexFlags>(key: K, value: IndexFlags[K] | undefined): void => fillFlag(flags, key, value);
    const pairs = (r: Record<string, number> | undefined): string[] | undefined =>
      r === undefined ? undefined : [Object.entries(r).map(([id, v]) => `${id}=${v}`).join(',')];
    fill('weights', pairs(ic.weights));
    fill('direction', pairs(ic.direction));
    fill('target', pairs(ic.target));
    fill('normalize', ic.normalize);
    fill('aggregate', ic.aggregate);
    fill('missing', ic.missing);
    fill('sensitivity', ic.sensitivity?.toString());
    fill('seed', ic.seed?.toString());
    fill('perturb', ic.perturb?.join(','));
  }
  const map = parseMap(flags.map ?? [], cfg?.map);
  const window = flags.window ? prep.closedYears(flags.window, '--window') : undefined;
  const { customs, wanted } = await prep.prepareMetrics(flags.expr ?? [], map);
  const customIds = customs.map((c) => c.id);

  // Components: the -m ids, in the order given, then the -e metrics not named there.
  const components: string[] = [];
  const builtins: string[] = [];
  const unknown: string[] = [];
  for (const raw of (flags.metrics ?? []).flatMap((s) => s.split(','))) {
    const item = raw.trim();
    if (item === '') continue;
    const lower = item.toLowerCase();
    let id: string | undefined;
    if (customIds.includes(item)) id = item;
    else if (getMetric(lower)) builtins.push((id = lower));
    else if (lower === 'all' || lower === '*' || (FAMILIES as readonly string[]).includes(lower.replace(/\.\*$/, ''))) {
      throw usageError('index-needs-ids', `-m ${item}: an index names its components one by one`, `list the metric ids, e.g. -m ${METRICS[0]!.id},…; \`migdev metrics\` lists them`);
    } else unknown.push(item);
    if (id !== undefined && !components.includes(id)) components.push(id);
  }
  if (unknown.length > 0) throw unknownMetric(unknown);
  for (const id of customIds) if (!components.includes(id)) components.push(id);

  const { spec, notes } = idx.resolveSpec(
    {
      components,
      weights: idx.parseWeights(flags.weights),
      directions: idx.parseDirections(flags.direction),
      targets: idx.parseTargets(flags.target),
      ...(flags.normalize !== undefined ? { normalize: idx.parseChoice('--normalize', flags.normalize, idx.NORMALIZATIONS)! } : {}),
      ...(flags.aggregate !== undefined ? { aggregate: idx.parseChoice('--aggregate', flags.aggregate, idx.AGGREGATIONS)! } : {}),
      ...(flags.missing !== undefined ? { missing: idx.parseChoice('--missing', flags.missing, idx.MISSING_RULES)! } : {}),
      targetsOptional: flags.sensitivity !== undefined && parsePerturb(flags.perturb, usageError).normalization,
    },
    (id) => getMetric(id)?.direction,
  );
  let sensitivity: import('../../index-score/index.js').SensitivityOptions | undefined;
  if (flags.sensitivity !== undefined) {
    sensitivity = { runs: wholeNumber(flags.sensitivity), seed: flags.seed === undefined ? 1 : wholeNumber(flags.seed), ...parsePerturb(flags.perturb, usageError) };
    if (Number.isNaN(sensitivity.runs)) throw usageError('bad-runs', `--sensitivity '${flags.sensitivity}' is not a whole number of runs`, 'write --sensitivity 1000');
    if (Number.isNaN(sensitivity.seed)) throw usageError('bad-seed', `--seed '${flags.seed}' is not a whole number`, 'write --seed 42');
    idx.checkSensitivity(sensitivity);
  } else if (flags.seed !== undefined || flags.perturb !== undefined) {
    throw usageError('needs-sensitivity', `${flags.seed !== undefined ? '--seed' : '--perturb'} applies to the uncertainty analysis only`, 'add --sensitivity N');
  }

  const inputs = load.inputFiles(files.length > 0 ? files : cfg?.inputs);
  // Years are not filtered while reading: growth in the first year needs the year before.
  const { years: yearsFlag, ...readFlags } = flags;
  const { data, meta } = await load.loadData(inputs, readFlags, ctx, wanted);
  const panel = data.panel;
  const available = engine.resolveInputs(panel, map);
  // Every component was named, so a missing input is an error here, never a silent skip.
  const selection = engine.selectMetrics(builtins, available, customIds);
  const years = yearsFlag ? parseYears(yearsFlag) : undefined;
  const result = engine.computePanel(panel, {
    metrics: selection.metrics,
    map,
    ...(years ? { years: [years.min ?? MIN_YEAR, years.max ?? MAX_YEAR] as const } : {}),
    ...(window ? { window } : {}),
    extra: customs,
  });
  const sections = flags.latest ? [idx.latestCrossSection(result.table, components)] : idx.crossSectionsByYear(result.table, components);
  const index = idx.compositeIndex(sections, spec, sensitivity);
  for (const n of [...notes, ...index.notes]) ctx.note(n);
  if (index.rows.length === 0) ctx.note('no entity has a value of any component in these years');

  const human = emit.chosenFormat(flags, ctx) === 'table';
  const table = idx.indexTable(index, spec, {
    name: (code) => entityName(code, panel, meta),
    human,
    componentYears: flags.latest === true,
    sensitivity: sensitivity !== undefined,
  });
  await emit.emitTable(table, flags, ctx, inputs);
}
