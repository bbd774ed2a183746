import { BilateralTable } from '../bilateral.js';
import { computePanel, inputsOf, resolveInputs, selectMetrics, type InputMap } from '../compute/engine.js';
import { concentration } from '../corridors/concentration.js';
import { builtinEntity, resolveName } from '../entities/index.js';
import type { EntityMeta } from '../entities/meta.js';
import { usageError } from '../errors.js';
import type { InputName } from '../metrics/inputs.js';
import { METRICS } from '../metrics/registry.js';
import { closest } from '../metrics/suggest.js';
import type { Direction, Family, MetricDef } from '../metrics/types.js';
import type { Panel } from '../panel.js';
import { normCode } from '../values.js';
import { SHORT_LABELS } from './labels.js';
import type { PartnerBlock, Profile, ProfileMetric, ProfileSection, Rank, SectionId, Vintage, YearValue } from './types.js';

export type BilateralKind = 'stock' | 'remittances';

export interface ProfileInput {
  /** The entity code as the user typed it. */
  code: string;
  panel: Panel;
  meta: EntityMeta;
  bilateral?: BilateralTable;
  map?: InputMap;
  /** Years considered, inclusive (±Infinity for an open end). */
  years?: readonly [number, number];
  vintages?: Vintage[];
  /** What each bilateral file holds; default: guessed from its name (remittance matrices say "remit"). */
  bilateralKinds?: ReadonlyMap<string, BilateralKind>;
  /** Partners listed in the bilateral blocks (default 5). */
  top?: number;
}

/** Years back for the "earlier" value and the trend. */
export const LOOKBACK = 10;
/** The latest year is "partial" when fewer than this share of the year before's countries report. */
export const PARTIAL_SHARE = 2 / 3;
/** IMF BPM6 replaced BPM5 in the World Bank's remittance series from this year. */
export const BPM6_FROM = 2005;

const SECTIONS: ReadonlyArray<{ id: SectionId; title: string; families: readonly Family[] }> = [
  { id: 'remittances', title: 'Remittances', families: ['remittances', 'dynamics'] },
  { id: 'costs', title: 'Costs of sending remittances', families: ['costs'] },
  { id: 'diaspora-migration', title: 'Diaspora and migration', families: ['diaspora', 'migration'] },
  { id: 'context', title: 'Development context', families: [] },
];

/** Raw inputs shown for context; GDP per capita is read when a file holds it. */
const CONTEXT: ReadonlyArray<{ input?: InputName; code: string; title: string; unit: string; direction: Direction }> = [
  { input: 'gdp_usd', code: 'NY.GDP.MKTP.CD', title: 'GDP (current US$)', unit: 'US$', direction: 'neutral' },
  { code: 'NY.GDP.PCAP.CD', title: 'GDP per capita (current US$)', unit: 'US$', direction: 'higher' },
  { input: 'gdp_growth_pct', code: 'NY.GDP.MKTP.KD.ZG', title: 'GDP growth (annual %)', unit: '%', direction: 'higher' },
  { input: 'population', code: 'SP.POP.TOTL', title: 'Population, total', unit: 'people', direction: 'neutral' },
];

/** Indicator codes profile reads besides the metric inputs. */
export const CONTEXT_CODES: readonly string[] = CONTEXT.map((c) => c.code);

/** Guesses what a bilateral file holds from its name and indicator: remittance flows or a migrant stock. */
export function guessBilateralKind(file: string, indicators: readonly string[] = []): BilateralKind {
  return /remit/i.test(file) || indicators.some((i) => /remit|BX\.TRF|PWKR/i.test(i)) ? 'remittances' : 'stock';
}

/** The entity, or a usage error naming the closest known code. */
function resolveEntity(raw: string, panel: Panel, meta: EntityMeta): string {
  const code = normCode(raw);
  const present = new Set(panel.entities());
  if (present.has(code)) return code;
  const byName = resolveName(raw);
  if (byName && present.has(byName)) {
    throw usageError('unknown-entity', `'${raw}' is not an entity code`, `did you mean ${byName} (${meta.name(byName) ?? raw})? profile takes ISO3 codes`);
  }
  const known = meta.name(code) ?? builtinEntity(code)?.name;
  if (known !== undefined) {
    const agg = meta.isAggregate(code);
    throw usageError(
      'no-data-for-entity',
      `${code} (${known}) has no values in the inputs${agg ? ': it is a World Bank aggregate, and aggregates are dropped unless --include-aggregates' : ''}`,
      agg ? 'profile describes one country; pass --include-aggregates to keep aggregates' : "add a file that holds it; 'migdev inspect FILE' lists the entities of a file",
    );
  }
  const near = closest(code, present);
  const nearName = [...present].map((c) => [c, meta.name(c) ?? ''] as const);
  const byNear = near ?? nearName.find(([, n]) => n !== '' && n.toLowerCase().includes(raw.trim().toLowerCase()) && raw.trim().length >= 3)?.[0];
  throw usageError(
    'unknown-entity',
    `unknown entity '${raw}': no such code in the inputs`,
    `${byNear ? `did you mean ${byNear} (${meta.name(byNear) ?? byNear})? ` : ''}profile takes an ISO3 code such as KEN; 'migdev inspect FILE' lists the entities`,
  );
}

/** Competition rank ("1224"): 1 + the number of peers strictly better. */
function rankOf(value: number, peers: readonly number[], direction: Direction): number {
  let better = 0;
  for (const v of peers) if (direction === 'lower' ? v < value : v > value) better++;
  return better + 1;
}

function orderOf(direction: Direction): Rank['order'] {
  return direction === 'higher' ? 'higher-is-better' : direction === 'lower' ? 'lower-is-better' : 'by-value-descending';
}

/** year → entity → value, for one metric or input over all countries. */
type CrossSection = Map<number, Map<string, number>>;

interface Line {
  id: string;
  title: string;
  unit: string;
  direction: Direction;
  kind: ProfileMetric['kind'];
  indicator?: string;
  window?: readonly [number, number];
  /** The country's own values. */
  own: Map<number, number>;
  all: CrossSection;
  remittanceBased: boolean;
}

function put(cs: CrossSection, year: number, entity: string, v: number): void {
  let m = cs.get(year);
  if (!m) cs.set(year, (m = new Map()));
  m.set(entity, v);
}

function profileMetric(line: Line, code: string, region: string | null, regionMembers: ReadonlySet<string> | undefined, isCountry: (c: string) => boolean): ProfileMetric {
  const years = [...line.own.keys()].sort((a, b) => a - b);
  const lastYear = years[years.length - 1];
  const latest: YearValue | null = lastYear === undefined ? null : { year: lastYear, value: line.own.get(lastYear)! };
  const notes: string[] = [];
  let earlier: YearValue | null = null;
  const trend: ProfileMetric['trend'] = [];
  if (latest && line.kind !== 'window') {
    const ey = latest.year - LOOKBACK;
    const ev = line.own.get(ey);
    if (ev !== undefined) earlier = { year: ey, value: ev };
    for (let y = ey; y <= latest.year; y++) trend.push({ year: y, value: line.own.get(y) ?? null });
    if (line.remittanceBased && earlier && earlier.year < BPM6_FROM && latest.year >= BPM6_FROM) {
      notes.push(`series break: remittances before ${BPM6_FROM} follow BPM5, later ones BPM6, so the change from ${earlier.year} mixes the two definitions`);
    }
  }
  let world: Rank | null = null;
  let regional: Rank | null = null;
  if (latest) {
    const cross = line.all.get(latest.year) ?? new Map<string, number>();
    const worldVals: number[] = [];
    const regionVals: number[] = [];
    for (const [e, v] of cross) {
      if (!isCountry(e)) continue;
      worldVals.push(v);
      if (regionMembers?.has(e)) regionVals.push(v);
    }
    const order = orderOf(line.direction);
    world = { rank: rankOf(latest.value, worldVals, line.direction), of: worldVals.length, among: 'the world', year: latest.year, order };
    if (region && regionMembers?.has(code)) regional = { rank: rankOf(latest.value, regionVals, line.direction), of: regionVals.length, among: region, year: latest.year, order };
    const before = line.all.get(latest.year - 1);
    const nBefore = before ? [...before.keys()].filter(isCountry).length : 0;
    if (line.kind !== 'window' && nBefore > 0 && worldVals.length < PARTIAL_SHARE * nBefore) {
      notes.push(`partial year: only ${worldVals.length} countries have a value for ${latest.year} (${nBefore} for ${latest.year - 1}), so the ranks are among these ${worldVals.length}`);
    }
  }
  if (line.kind === 'window' && line.window) notes.push(`over ${line.window[0]}–${line.window[1]}`);
  const metric: ProfileMetric = {
    id: line.id,
    label: SHORT_LABELS[line.id] ?? line.title,
    title: line.title,
    unit: line.unit,
    direction: line.direction,
    kind: line.kind,
    latest,
    earlier,
    change: latest && earlier ? latest.value - earlier.value : null,
    trend,
    region: regional,
    world,
    notes,
  };
  if (line.indicator !== undefined) metric.indicator = line.indicator;
  if (line.window) metric.window = line.window;
  return metric;
}

function partnerBlock(b: BilateralTable, file: string, kind: BilateralKind, code: string, top: number, nameOf: (c: string) => string, notes: string[]): PartnerBlock | null {
  const sub = new BilateralTable();
  for (let i = 0; i < b.size; i++) {
    if (b.file[i] !== file || (b.origin[i] !== code && b.destination[i] !== code)) continue;
    const y = b.year[i]!;
    sub.add(b.origin[i]!, b.destination[i]!, Number.isNaN(y) ? undefined : y, b.indicator[i]!, b.value[i]!, file, b.line[i]!, b.quarter[i]!);
  }
  // Emigrants: the country as origin, partners its destinations. Remittances: the country as
  // receiver (destination of the flow), partners the sending countries.
  const by = kind === 'stock' ? 'origin' : 'destination';
  const rows = concentration(sub, { by, top, keep: (c) => c === code }).filter((r) => r.quarter === 0);
  if (rows.length === 0) return null;
  // Rows are sorted by year (no year first): the last is the latest.
  const lastYear = rows[rows.length - 1]!.year;
  const latest = rows.filter((r) => r.year === lastYear);
  const r = latest[0]!;
  if (latest.length > 1) notes.push(`${file} holds ${latest.length} indicators for ${lastYear ?? 'its matrix'}: the profile shows ${r.indicator}`);
  return {
    file,
    year: r.year,
    indicator: r.indicator,
    total: r.total,
    partners: r.partners,
    hhi: r.hhi ?? null,
    effectivePartners: r.effectivePartners ?? null,
    top: r.top.map((t) => ({ code: t.code, name: nameOf(t.code) !== t.code ? nameOf(t.code) : b.names.get(t.code) || t.code, value: t.value, share: t.share })),
  };
}

/**
 * One country's factsheet: for every metric the inputs allow, its latest value, the value ten
 * years earlier, the trend and the ranks among the region's countries and the world; partner
 * shares and concentration from bilateral data. Values come from `computePanel` over the whole
 * panel, so they are the numbers `migdev compute` prints for the same files. Pure: prints nothing.
 */
export function buildProfile(input: ProfileInput): Profile {
  const { panel, meta } = input;
  const code = resolveEntity(input.code, panel, meta);
  const map = input.map ?? {};
  const available = resolveInputs(panel, map);
  const selection = selectMetrics(undefined, available);
  const notes: string[] = [];
  const result = computePanel(panel, { metrics: selection.metrics, map, ...(input.years ? { years: input.years } : {}) });
  const t = result.table;
  const isCountry = (c: string): boolean => !meta.isAggregate(c);

  const lines = new Map<string, Line>();
  const defs = new Map(selection.metrics.map((m) => [m.id, m]));
  for (const id of t.metrics) {
    const def = defs.get(id)!;
    const remittanceBased = inputsOf(def).some((i) => i === 'remit_in_usd' || i === 'remit_out_usd');
    const line: Line = { id, title: def.title, unit: def.unit, direction: def.direction, kind: def.kind, own: new Map(), all: new Map(), remittanceBased };
    if (def.kind === 'window' && result.window) line.window = result.window;
    lines.set(id, line);
  }
  for (let i = 0; i < t.length; i++) {
    const v = t.valueAt(i);
    if (v === undefined) continue;
    const line = lines.get(t.metricAt(i))!;
    const e = t.entityAt(i);
    const y = t.yearAt(i);
    put(line.all, y, e, v);
    if (e === code) line.own.set(y, v);
  }

  const rec = meta.get(code);
  const region = meta.group(code, 'region') ?? null;
  const income = meta.group(code, 'income') ?? null;
  const regionMembers = region ? new Set(meta.members('region').get(region) ?? []) : undefined;
  if (!region) notes.push(`the metadata give no region for ${code}: no regional ranks`);

  const sections: ProfileSection[] = SECTIONS.map((s) => ({ id: s.id, title: s.title, metrics: [], unavailable: [] }));
  const sectionOf = (f: Family): ProfileSection => sections[SECTIONS.findIndex((s) => s.families.includes(f))]!;
  const skipped = new Map(selection.skipped.map((s) => [s.id, s.missing]));
  for (const def of METRICS as readonly MetricDef[]) {
    const section = sectionOf(def.family);
    const line = lines.get(def.id);
    if (line) section.metrics.push(profileMetric(line, code, region, regionMembers, isCountry));
    else section.unavailable.push({ id: def.id, title: def.title, missing: skipped.get(def.id) ?? [] });
  }
  const context = sections.find((s) => s.id === 'context')!;
  const [y0, y1] = input.years ?? [-Infinity, Infinity];
  for (const c of CONTEXT) {
    const indicator = c.input ? available.codes[c.input] : panel.resolveIndicator(c.code);
    if (indicator === undefined) {
      context.unavailable.push({ id: c.input ?? c.code, title: c.title, missing: [c.code] });
      continue;
    }
    const line: Line = { id: c.input ?? c.code, title: c.title, unit: c.unit, direction: c.direction, kind: 'input', indicator, own: new Map(), all: new Map(), remittanceBased: false };
    for (const [e, s] of panel.byEntity(indicator)) {
      for (let k = 0; k < s.values.length; k++) {
        const v = s.values[k]!;
        const y = s.base + k;
        if (Number.isNaN(v) || y < y0 || y > y1) continue;
        put(line.all, y, e, v);
        if (e === code) line.own.set(y, v);
      }
    }
    context.metrics.push(profileMetric(line, code, region, regionMembers, isCountry));
  }

  const missingInputs = new Set(selection.skipped.flatMap((s) => s.missing));
  if (missingInputs.size > 0) {
    notes.push(`${selection.skipped.length} catalogue metrics are not shown: the inputs lack ${[...missingInputs].sort().join(', ')}`);
  }

  let destinations: PartnerBlock | null = null;
  let remittanceSources: PartnerBlock | null = null;
  const b = input.bilateral;
  if (b && b.size > 0) {
    const files = [...new Set(b.file)];
    const nameOf = (c: string): string => meta.name(c) || builtinEntity(c)?.name || c;
    for (const f of files) {
      const kind = input.bilateralKinds?.get(f) ?? guessBilateralKind(f, b.indicators());
      const top = input.top ?? 5;
      if (kind === 'stock') {
        if (destinations) {
          notes.push(`${f}: a second migrant-stock file; destinations come from ${destinations.file}`);
          continue;
        }
        destinations = partnerBlock(b, f, kind, code, top, nameOf, notes);
        if (!destinations) notes.push(`${f} has no emigrants from ${code}`);
      } else {
        if (remittanceSources) {
          notes.push(`${f}: a second remittance matrix; sources come from ${remittanceSources.file}`);
          continue;
        }
        remittanceSources = partnerBlock(b, f, kind, code, top, nameOf, notes);
        if (!remittanceSources) notes.push(`${f} has no remittances received by ${code}`);
      }
    }
  } else notes.push('no bilateral files: top destinations of emigrants and sources of remittances need an origin × destination migrant-stock file and a remittance matrix');

  return {
    code,
    name: meta.name(code) ?? panel.entityNames.get(code) ?? code,
    region,
    income,
    metaSource: meta.fromUser && rec ? 'meta-file' : 'built-in',
    vintages: input.vintages ?? [],
    sections,
    destinations,
    remittanceSources,
    notes,
  };
}
