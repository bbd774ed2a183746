import type { Config } from '../config.js';
import { computePanel, latest as latestOf, resolveInputs, selectMetrics, type MetricTable } from '../compute/engine.js';
import { entityName } from '../convert.js';
import type { EntityMeta } from '../entities/meta.js';
import { addEmigrantStock, bilateralStockRef, emigrantStock } from '../corridors/emigrants.js';
import { usageError } from '../errors.js';
import { INPUT_NAMES, isInputName, type InputName } from '../metrics/inputs.js';
import { getMetric } from '../metrics/registry.js';
import { blockTable, type Cell, type Column, type Table } from '../output/table.js';
import type { Panel } from '../panel.js';
import type { CliContext } from './context.js';
import type { ComputeFlags } from './commands/compute.js';
import { chosenFormat, emitTable } from './emit.js';
import { inputFiles, loadData } from './load.js';
import { textSparkline } from '../chart/sparkline.js';
import { closedYears, prepareMetrics } from './custom-metrics.js';
import { fillFlag, fillInputFlags, parseCountries, parseYears } from './options.js';
import { MAX_YEAR, MIN_YEAR } from '../ingest/cells.js';
import path from 'node:path';
import { assertNotInput, writeFileAtomic } from '../output/destination.js';
import { groupRequest, groupTable, runGroups, splitTotals, withGroupRows, type RunMode } from './aggregate-run.js';

/** `--map INPUT=CODE` pairs; an unknown input name is a usage error with the list of inputs. */
export function parseMap(pairs: readonly string[], base: Readonly<Record<string, string>> = {}): Partial<Record<InputName, string>> {
  const map: Partial<Record<InputName, string>> = {};
  const entries: Array<[string, string]> = [...Object.entries(base)];
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at <= 0 || at === p.length - 1) throw usageError('bad-map', `--map '${p}' is not INPUT=CODE`, 'write --map remit_in_usd=BX.TRF.PWKR.CD.DT');
    entries.push([p.slice(0, at).trim(), p.slice(at + 1).trim()]);
  }
  for (const [input, code] of entries) {
    if (!isInputName(input)) throw usageError('unknown-input', `--map: '${input}' is not a semantic input`, `inputs are ${INPUT_NAMES.join(', ')}`);
    map[input] = code;
  }
  return map;
}

/** Command-line flags win over the config file; the config fills in what the flags leave out. */
export function mergeConfig(flags: ComputeFlags, cfg: Config | undefined): ComputeFlags {
  if (!cfg) return flags;
  const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const merged = fillInputFlags(flags, cfg);
  const fill = <K extends keyof ComputeFlags>(key: K, value: ComputeFlags[K] | undefined): void => fillFlag(merged, key, value);
  fill('metrics', list(cfg.metrics));
  fill('expr', cfg.expr ? Object.entries(cfg.expr).map(([k, v]) => `${k}=${v}`) : undefined);
  fill('latest', cfg.latest);
  fill('includeAggregates', cfg.includeAggregates);
  fill('format', cfg.output?.format);
  fill('shape', cfg.output?.shape);
  fill('digits', cfg.output?.digits === undefined ? undefined : String(cfg.output.digits));
  fill('excel', cfg.output?.excel);
  return merged;
}

/** A sparkline of the last `n` years up to `year` (spaces for missing years). */
export function sparkline(values: ReadonlyMap<number, number>, year: number, n = 8): string {
  return textSparkline(Array.from({ length: n }, (_, i) => values.get(year - n + 1 + i)));
}

function unitOf(id: string): string | undefined {
  return getMetric(id)?.unit;
}

function longTable(t: MetricTable, panel: Panel, meta: EntityMeta): Table {
  const names = t.entities.map((code) => entityName(code, panel, meta));
  // The result's own columns, read in place: no row array per value.
  return blockTable(
    [
      { name: 'code', kind: 'text' },
      { name: 'name', kind: 'text' },
      { name: 'year', kind: 'number' },
      { name: 'metric', kind: 'text' },
      { name: 'value', kind: 'number' },
    ],
    [
      {
        length: t.length,
        columns: [
          { kind: 'text', codes: t.entityIndex, dictionary: t.entities },
          { kind: 'text', codes: t.entityIndex, dictionary: names },
          { kind: 'number', values: t.years },
          { kind: 'text', codes: t.metricIndex, dictionary: t.metrics },
          { kind: 'number', values: t.values },
        ],
      },
    ],
  );
}

function wideTable(t: MetricTable, panel: Panel, meta: EntityMeta, withUnits: boolean): Table {
  const metricCol = new Map(t.metrics.map((m, i) => [m, i]));
  const columns: Column[] = [
    { name: 'code', kind: 'text', key: true },
    { name: 'name', kind: 'text', key: true },
    { name: 'year', kind: 'number', key: true },
    ...t.metrics.map((m) => {
      const unit = withUnits ? unitOf(m) : undefined;
      return unit ? { name: m, kind: 'number' as const, unit } : { name: m, kind: 'number' as const };
    }),
  ];
  const rows: Cell[][] = [];
  let cur: Cell[] | undefined;
  for (let i = 0; i < t.length; i++) {
    const code = t.entityAt(i);
    const year = t.yearAt(i);
    if (!cur || cur[0] !== code || cur[2] !== year) {
      cur = [code, entityName(code, panel, meta), year, ...t.metrics.map(() => null)];
      rows.push(cur);
    }
    cur[3 + metricCol.get(t.metricAt(i))!] = t.valueAt(i) ?? null;
  }
  return { columns, rows };
}

/** Latest values, wide: one row per entity, a value and a year column per metric. */
function latestWide(all: MetricTable, last: MetricTable, panel: Panel, meta: EntityMeta, human: boolean): Table {
  const metrics = last.metrics;
  const columns: Column[] = [
    { name: 'code', kind: 'text', key: true },
    { name: 'name', kind: 'text', key: true },
  ];
  for (const m of metrics) {
    const unit = unitOf(m);
    if (human) columns.push(unit ? { name: m, kind: 'text', unit } : { name: m, kind: 'text' });
    else columns.push({ name: m, kind: 'number' }, { name: `${m}_year`, kind: 'number' });
  }
  // entity → metric → year → value, for sparklines.
  const history = new Map<string, Map<string, Map<number, number>>>();
  if (human) {
    for (let i = 0; i < all.length; i++) {
      const v = all.valueAt(i);
      if (v === undefined) continue;
      const e = all.entityAt(i);
      let byMetric = history.get(e);
      if (!byMetric) history.set(e, (byMetric = new Map()));
      let byYear = byMetric.get(all.metricAt(i));
      if (!byYear) byMetric.set(all.metricAt(i), (byYear = new Map()));
      byYear.set(all.yearAt(i), v);
    }
  }
  const rows = new Map<string, Cell[]>();
  const width = human ? metrics.length : metrics.length * 2;
  for (let i = 0; i < last.length; i++) {
    const code = last.entityAt(i);
    let row = rows.get(code);
    if (!row) rows.set(code, (row = [code, entityName(code, panel, meta), ...Array.from({ length: width }, (): Cell => null)]));
    const k = metrics.indexOf(last.metricAt(i));
    const v = last.valueAt(i);
    if (v === undefined) continue;
    const year = last.yearAt(i);
    if (human) {
      const { humanNumber } = humanFormat;
      const spark = sparkline(history.get(code)?.get(last.metricAt(i)) ?? new Map(), year);
      row[2 + k] = `${humanNumber(v)} (${year})${spark ? ` ${spark}` : ''}`;
    } else {
      row[2 + 2 * k] = v;
      row[3 + 2 * k] = year;
    }
  }
  return { columns, rows: [...rows.keys()].sort().map((k) => rows.get(k)!) };
}

// Loaded with the human table writer only when a table is printed.
let humanFormat: typeof import('../output/human.js');

/** `mode` 'aggregate' is `migdev aggregate`: the same job, printing the group rows alone. */
export async function runCompute(files: readonly string[], given: ComputeFlags, ctx: CliContext, mode: RunMode = 'compute'): Promise<void> {
  // Loaded only with --config: its schema library (zod) takes longer to load than a small job runs.
  const cfg = given.config ? (await import('../config.js')).loadConfig(given.config) : undefined;
  const flags = mergeConfig(given, cfg);
  const map = parseMap(flags.map ?? [], cfg?.map);
  // `--map emigrant_stock=@bilateral[:INDICATOR]`: sum a bilateral stock over destinations.
  const fromBilateral = bilateralStockRef(map.emigrant_stock);
  if (fromBilateral) delete map.emigrant_stock;
  const grouping = groupRequest(flags, mode);
  const window = flags.window ? closedYears(flags.window, '--window') : undefined;
  const { customs, wanted } = await prepareMetrics(flags.expr ?? [], map);
  // A bilateral stock file's values are read under its own indicator (`value` for a matrix).
  if (fromBilateral) wanted.add((fromBilateral.indicator ?? 'value').toUpperCase());
  const inputs = inputFiles(files.length > 0 ? files : cfg?.inputs);
  // Years are not filtered while reading: growth in the first year needs the year before.
  const { years: yearsFlag, ...readFlags } = flags;
  const { data, meta } = await loadData(inputs, readFlags, ctx, wanted);
  const panel = data.panel;
  if (fromBilateral) {
    if (data.bilateral.size === 0) throw usageError('no-bilateral-data', '--map emigrant_stock=@bilateral needs a bilateral stock file among the inputs', 'add an origin × destination migrant stock file (UN DESA, World Bank)');
    // Corridors are read when either end is a listed country; only listed origins get a (complete) sum.
    const only = flags.countries ? parseCountries(flags.countries) : undefined;
    const rows = emigrantStock(data.bilateral, { ...(fromBilateral.indicator !== undefined ? { indicator: fromBilateral.indicator } : {}), ...(only ? { keep: (c: string) => only.has(c) } : {}) });
    const stored = addEmigrantStock(panel, rows, 'emigrant stock summed from the bilateral input');
    // A matrix without years (the World Bank's 2017 ones) gives sums no year can hold.
    if (stored === 0 && rows.length > 0) {
      throw usageError('no-years', '--map emigrant_stock=@bilateral: the bilateral input gives no year, so its sums cannot be placed in a year', 'use a stock file with years (UN DESA by origin and destination), or map emigrant_stock to a column');
    }
    ctx.note(`emigrant_stock summed over destinations from the bilateral input (${stored} origin-years)`);
  } else if (data.bilateral.size > 0) {
    ctx.note('bilateral data among the inputs are not used by compute; --map emigrant_stock=@bilateral sums a stock matrix into emigrant_stock');
  }

  const available = resolveInputs(panel, map);
  const { metrics: metricSpec, totals } = splitTotals(flags.metrics, available, mode);
  const selection = selectMetrics(metricSpec, available, customs.map((c) => c.id));
  if (selection.skipped.length > 0 && flags.metrics === undefined) {
    const shown = selection.skipped
      .slice(0, 6)
      .map((s) => `${s.id} (${s.missing.join(', ')})`)
      .join(', ');
    ctx.note(`skipped ${selection.skipped.length} metric${selection.skipped.length > 1 ? 's' : ''} whose inputs are not in the data: ${shown}${selection.skipped.length > 6 ? ', …' : ''}`);
  } else if (selection.skipped.length > 0) {
    ctx.note(`skipped ${selection.skipped.map((s) => `${s.id} (${s.missing.join(', ')})`).join(', ')}: inputs not in the data`);
  }
  if (selection.metrics.length === 0 && customs.length === 0 && totals.length === 0) {
    throw usageError('nothing-to-compute', 'no metric can be computed from these inputs', "run 'migdev inspect' on the files and 'migdev metrics' for the inputs each metric needs");
  }
  const years = yearsFlag ? parseYears(yearsFlag) : undefined;
  const yearRange = years ? ([years.min ?? MIN_YEAR, years.max ?? MAX_YEAR] as const) : undefined;
  const result = computePanel(panel, {
    metrics: selection.metrics,
    map,
    ...(yearRange ? { years: yearRange } : {}),
    ...(window ? { window } : {}),
    extra: customs,
  });
  const format = chosenFormat(flags, ctx);
  const human = format === 'table';
  const shape = flags.shape ?? (human ? 'wide' : 'long');
  const groups = grouping
    ? await runGroups(
        { request: grouping, panel, meta, metaFile: flags.meta, result, metrics: selection.metrics, customs, totals, countries: flags.countries, years: yearRange, mode },
        ctx,
      )
    : undefined;
  if (human && flags.latest && groups) humanFormat = await import('../output/human.js');
  const groupOut = groups
    ? { res: groups, shape: shape === 'wide' ? ('wide' as const) : ('long' as const), latest: flags.latest === true, human, ...(human && flags.latest ? { humanNumber: (v: number) => humanFormat.humanNumber(v) } : {}) }
    : undefined;
  let table: Table;
  if (mode === 'aggregate' && groupOut) {
    table = groupTable(groupOut);
  } else if (flags.latest) {
    const last = latestOf(result.table);
    if (shape === 'long') table = longTable(last, panel, meta);
    else {
      if (human) humanFormat = await import('../output/human.js');
      table = latestWide(result.table, last, panel, meta, human);
    }
  } else table = shape === 'wide' ? wideTable(result.table, panel, meta, human) : longTable(result.table, panel, meta);
  if (mode === 'compute' && groupOut) table = withGroupRows(table, result.table.metrics, groupOut);
  if (flags.plot !== undefined && mode === 'compute') await writePlot(flags.plot, result.table, panel, meta, inputs, ctx);
  await emitTable(table, flags, ctx, inputs);
}

/** `--plot FILE.svg`: the annual metrics of the result as a line chart, written atomically. */
async function writePlot(file: string, table: MetricTable, panel: Panel, meta: EntityMeta, inputs: readonly string[], ctx: CliContext): Promise<void> {
  if (!/\.svg$/i.test(file)) throw usageError('bad-plot-file', `--plot ${file}: the chart is an SVG file`, 'name it FILE.svg');
  assertNotInput(file, inputs);
  const { metricChart } = await import('../chart/metric-chart.js');
  const source = `Source: ${inputs.map((f) => path.basename(f)).join(', ')} — computed with migdev`;
  const { svg, skipped } = metricChart(table, (code) => entityName(code, panel, meta), source);
  if (skipped.length > 0) ctx.note(`--plot leaves out ${skipped.join(', ')}: window metrics have one value per entity`);
  await writeFileAtomic(file, [svg]);
}
