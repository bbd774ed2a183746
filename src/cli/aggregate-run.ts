import {
  ADDITIVE_INPUTS,
  aggregateGroups,
  appendGroupRows,
  groupLatestWideTable,
  groupLongTable,
  groupWideTable,
  groupsFromMeta,
  latestGroupRows,
  parseGroupBy,
  parseMinCoverage,
  parseStat,
  percent,
  readGroupsFile,
  restrictGroups,
  type AggregateItem,
  type AggregateResult,
  type GroupRow,
  type ShapeOptions,
  type Stat,
} from '../aggregate/index.js';
import type { ComputeResult, CustomMetric, ResolvedInputs } from '../compute/engine.js';
import { WDI_VINTAGE } from '../entities/index.js';
import type { EntityMeta } from '../entities/meta.js';
import { usageError } from '../errors.js';
import { INPUTS, isInputName, type InputName } from '../metrics/inputs.js';
import { getMetric } from '../metrics/registry.js';
import type { MetricDef } from '../metrics/types.js';
import type { Table } from '../output/table.js';
import type { Panel } from '../panel.js';
import type { CliContext } from './context.js';
import { parseCountries, type GroupFlags } from './options.js';

// The CLI side of group aggregates: flags → groups and rules, notes, output tables. `compute
// --group-by` appends these rows to its entity rows; `aggregate` prints them alone.

export type RunMode = 'compute' | 'aggregate';

/** What the group flags ask for, checked before any file is read. */
export interface GroupRequest {
  fields: string[] | undefined;
  file: string | undefined;
  stat: Stat | undefined;
  stats: Record<string, Stat>;
  minCoverage: number | undefined;
}

export function groupRequest(flags: GroupFlags, mode: RunMode): GroupRequest | undefined {
  const grouped = flags.groupBy !== undefined || flags.groups !== undefined;
  if (mode === 'compute' && !grouped) {
    const stray = flags.stat ? '--stat' : flags.minCoverage !== undefined ? '--min-coverage' : undefined;
    if (stray) throw usageError('needs-group-by', `${stray} applies to group aggregates`, 'add --group-by region (or income, a metadata column) or --groups FILE');
    return undefined;
  }
  if (flags.groupBy !== undefined && flags.groups !== undefined) {
    throw usageError('conflicting-flags', '--group-by and --groups exclude each other', 'give one of them (a groups file can list any groups)');
  }
  let stat: Stat | undefined;
  const stats: Record<string, Stat> = {};
  for (const s of flags.stat ?? []) {
    const at = s.indexOf('=');
    if (at < 0) {
      stat = parseStat(s);
      continue;
    }
    const id = s.slice(0, at).trim();
    if (id === '') throw usageError('bad-stat', `--stat '${s}' names no metric`, 'write --stat median or --stat METRIC=median');
    stats[id] = parseStat(s.slice(at + 1), `--stat ${id}=`);
  }
  return {
    fields: flags.groupBy !== undefined ? parseGroupBy(flags.groupBy) : undefined,
    file: flags.groups,
    stat,
    stats,
    minCoverage: flags.minCoverage !== undefined ? parseMinCoverage(flags.minCoverage) : undefined,
  };
}

/**
 * `aggregate -m` may name inputs besides metrics: their group totals (additive inputs) or, with
 * `--stat`, a statistic of them. Without `-m`, every additive input in the data is totalled.
 */
export function splitTotals(spec: readonly string[] | undefined, available: ResolvedInputs, mode: RunMode): { metrics: string[] | undefined; totals: InputName[] } {
  if (mode === 'compute') return { metrics: spec === undefined ? undefined : [...spec], totals: [] };
  if (spec === undefined) return { metrics: undefined, totals: ADDITIVE_INPUTS.filter((i) => available.codes[i] !== undefined) };
  const metrics: string[] = [];
  const totals: InputName[] = [];
  for (const item of spec.flatMap((s) => s.split(',')).map((s) => s.trim())) {
    if (item === '') continue;
    if (isInputName(item)) {
      if (available.codes[item] === undefined) {
        const code = INPUTS[item].code;
        throw usageError('missing-inputs', `${item} is not in the data${code ? ` (looked for ${code}, ${item})` : ''}`, `add a file that holds it, or map a column with --map ${item}=CODE`);
      }
      if (!totals.includes(item)) totals.push(item);
    } else metrics.push(item);
  }
  return { metrics, totals };
}

interface GroupJob {
  request: GroupRequest;
  panel: Panel;
  meta: EntityMeta;
  /** `--meta FILE`, when given (for the note saying where the groups come from). */
  metaFile: string | undefined;
  result: ComputeResult;
  metrics: readonly MetricDef[];
  customs: readonly CustomMetric[];
  totals: readonly InputName[];
  countries: string | undefined;
  years: readonly [number, number] | undefined;
  mode: RunMode;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Reads or derives the groups, aggregates, and leaves notes on what was done and skipped. */
export async function runGroups(job: GroupJob, ctx: CliContext): Promise<AggregateResult> {
  const { request, meta } = job;
  let groups: Map<string, string[]>;
  let from: string;
  if (request.file !== undefined) {
    groups = await readGroupsFile(request.file);
    from = `from ${request.file}`;
  } else {
    let fields = request.fields;
    if (!fields) {
      // `aggregate` without --group-by: the World Bank's own groupings, those the metadata has.
      fields = ['region', 'income'].filter((f) => meta.members(f).size > 0);
      if (fields.length === 0) {
        throw usageError('no-groups', 'the metadata gives no region or income group', 'give --group-by COLUMN (a column of the --meta file) or --groups FILE');
      }
    }
    groups = groupsFromMeta(meta, fields);
    const source = job.metaFile ?? (meta.fromUser ? 'the Metadata_Country file among the inputs' : `the built-in World Bank table of ${WDI_VINTAGE}`);
    from = `by ${fields.join(' and ')} from ${source}`;
  }
  let restricted = '';
  if (job.countries) {
    const total = groups.size;
    groups = restrictGroups(groups, parseCountries(job.countries));
    restricted = `, members limited to --countries${groups.size < total ? ` (${total - groups.size} left without any)` : ''}`;
  }
  if (groups.size === 0) throw usageError('no-groups', 'no group has members', '--countries keeps only the members it lists: check the codes');
  ctx.note(`${plural(groups.size, 'group')} ${from}${restricted}`);
  if (job.mode === 'compute') {
    // Group rows go under the entity rows with code = group name: a group named like an entity
    // of the output would give one code two meanings.
    const entities = new Set(job.result.table.entities);
    const clash = [...groups.keys()].find((g) => entities.has(g));
    if (clash !== undefined) throw usageError('ambiguous-group', `group "${clash}" has the code of an entity in the output`, 'rename the group in the groups file, or use migdev aggregate');
  }

  const ids = new Set([...job.metrics.map((m) => m.id), ...job.customs.map((c) => c.id), ...job.totals]);
  const unknown = Object.keys(request.stats).filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw usageError('bad-stat', `--stat ${unknown[0]}=…: ${unknown[0]} is not among the metrics computed`, `name one of ${[...ids].sort().join(', ')}`);
  }
  const items: AggregateItem[] = [
    ...job.metrics.map((def): AggregateItem => ({ kind: 'metric', id: def.id, def })),
    ...job.customs.map((c): AggregateItem => ({ kind: 'metric', id: c.id, def: undefined })),
    ...job.totals.map((id): AggregateItem => ({ kind: 'input', id })),
  ];
  const res = aggregateGroups(job.panel, job.result.inputs, job.result.table, {
    groups,
    items,
    ...(job.years ? { years: job.years } : {}),
    ...(request.minCoverage !== undefined ? { minCoverage: request.minCoverage } : {}),
    ...(request.stat ? { stat: request.stat } : {}),
    stats: request.stats,
  });
  if (res.skipped.length > 0) {
    const custom = res.skipped.filter((s) => s.reason.startsWith('custom'));
    const other = res.skipped.filter((s) => !s.reason.startsWith('custom'));
    if (other.length > 0) {
      const list = other.slice(0, 6).map((s) => `${s.id} (${s.reason})`).join(', ');
      ctx.note(`no group rows for ${plural(other.length, 'metric')} without a WDI aggregation rule: ${list}${other.length > 6 ? ', …' : ''}; --stat median|mean|min|max gives ${other.length > 1 ? 'them' : 'it'} one`);
    }
    if (custom.length > 0) {
      ctx.note(`no group rows for custom metric${custom.length > 1 ? 's' : ''} ${custom.map((s) => s.id).join(', ')}: a formula has no numerator or denominator to weight by; --stat median|mean|min|max aggregates ${custom.length > 1 ? 'them' : 'it'}`);
    }
  }
  const byStat = new Map<Stat, string[]>();
  for (const [id, m] of res.methods) if (m.kind === 'stat') byStat.set(m.stat, [...(byStat.get(m.stat) ?? []), id]);
  for (const [stat, list] of byStat) ctx.note(`group ${stat} of the members' values, unweighted: ${list.join(', ')}`);
  if (job.mode === 'aggregate' && res.metrics.length === 0) {
    const why = res.skipped.slice(0, 4).map((s) => `${s.id} (${s.reason})`).join(', ');
    throw usageError(
      'nothing-to-aggregate',
      `none of the metrics has a group aggregate${why ? `: ${why}${res.skipped.length > 4 ? ', …' : ''}` : ''}`,
      'give --stat median|mean|min|max, or name inputs to total such as -m remit_in_usd',
    );
  }
  return res;
}

function unitOf(id: string): string | undefined {
  return getMetric(id)?.unit;
}

export interface GroupOutput {
  res: AggregateResult;
  shape: 'long' | 'wide';
  latest: boolean;
  /** The human table: units, and text cells for latest values. */
  human: boolean;
  humanNumber?: (v: number) => string;
}

function latestText(humanNumber: (v: number) => string): (r: GroupRow) => string {
  return (r) => `${humanNumber(r.value!)} (${r.year}, n=${r.n}, ${percent(r.coverage)})`;
}

/** The group rows alone (`aggregate`). */
export function groupTable(out: GroupOutput): Table {
  const { res } = out;
  const all = new Set(res.metrics);
  const opts: ShapeOptions = out.human ? { human: true, noName: true, unitOf } : {};
  if (out.latest) {
    const last = latestGroupRows(res.rows);
    if (out.shape === 'long') return groupLongTable(last, opts);
    return groupLatestWideTable(last, res.metrics, all, out.human && out.humanNumber ? latestText(out.humanNumber) : undefined, opts);
  }
  return out.shape === 'wide' ? groupWideTable(res.rows, res.metrics, all, opts) : groupLongTable(res.rows, opts);
}

/** Entity rows, then the group rows (`compute --group-by`), under one header. */
export function withGroupRows(entities: Table, entityMetrics: readonly string[], out: GroupOutput): Table {
  const { res } = out;
  const aggregated = new Set(res.metrics);
  const opts: ShapeOptions = out.human ? { human: true, unitOf } : {};
  let groups: Table;
  if (out.latest) {
    const last = latestGroupRows(res.rows);
    groups =
      out.shape === 'long'
        ? groupLongTable(last, opts)
        : groupLatestWideTable(last, entityMetrics, aggregated, out.human && out.humanNumber ? latestText(out.humanNumber) : undefined, opts);
  } else {
    groups = out.shape === 'wide' ? groupWideTable(res.rows, entityMetrics, aggregated, opts) : groupLongTable(res.rows, opts);
  }
  return appendGroupRows(entities, groups);
}
