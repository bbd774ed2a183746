import { computePanel, inputsOf } from '../../compute/engine.js';
import { usageError } from '../../errors.js';
import { isInputName } from '../../metrics/inputs.js';
import { METRICS, getMetric } from '../../metrics/registry.js';
import { closest } from '../../metrics/suggest.js';
import type { Panel } from '../../panel.js';
import type { RuleContext } from '../context.js';
import { makeFinding } from '../findings.js';

/** `--require-coverage NAME=SHARE`: a metric id, an input name or an indicator code, and a share 0–1. */
export interface CoverageRequirement {
  name: string;
  min: number;
}

export function coverageRule(r: CoverageRequirement): string {
  return `require-coverage ${r.name}=${r.min}`;
}

/** Refuses what can be refused before reading: shares outside 0–1, window metrics. */
export function validateRequirement(r: CoverageRequirement): void {
  if (!(r.min >= 0 && r.min <= 1)) {
    throw usageError('bad-coverage', `--require-coverage ${r.name}=${r.min}: the share must lie between 0 and 1`, 'write --require-coverage remittances_gdp_pct=0.9');
  }
  const def = getMetric(r.name);
  if (def && def.kind === 'window') {
    throw usageError('bad-coverage', `--require-coverage ${r.name}: ${r.name} is a window metric, with one value per entity rather than per year`, 'require the coverage of an annual metric or an input');
  }
}

/** The entity-years coverage is measured over (see `checkCoverage`). */
export interface CoverageUniverse {
  entities: Set<string>;
  aggregatesLeftOut: boolean;
  years: readonly [number, number] | undefined;
}

export function coverageUniverse(ctx: RuleContext): CoverageUniverse {
  const all = ctx.panel.entities();
  const countries = all.filter((e) => !ctx.meta.isAggregate(e));
  const entities = new Set(countries.length > 0 ? countries : all);
  return { entities, aggregatesLeftOut: countries.length > 0 && countries.length < all.length, years: ctx.panel.yearSpan() };
}

function countCode(panel: Panel, code: string, u: CoverageUniverse): number {
  let n = 0;
  for (const [entity, s] of panel.byEntity(code)) {
    if (!u.entities.has(entity)) continue;
    for (const y of s.years()) if (u.years && y >= u.years[0] && y <= u.years[1]) n++;
  }
  return n;
}

/**
 * Coverage = entity-years where NAME has a value ÷ (entities × years of the data), where the
 * entities are every entity with any value in the inputs (World Bank aggregates left out when
 * there are other entities) and the years run from the first to the last year with any value.
 * An error finding when it is below the required share.
 */
export function checkCoverage(ctx: RuleContext, reqs: readonly CoverageRequirement[]): void {
  const { panel } = ctx;
  const u = coverageUniverse(ctx);
  const total = u.years ? u.entities.size * (u.years[1] - u.years[0] + 1) : 0;
  for (const r of reqs) {
    let have = 0;
    let why = '';
    let file: string | null = null;
    const fileOf = (code: string): string | null => {
      for (const s of panel.byEntity(code).values()) {
        const y = s.years().next();
        if (!y.done) return panel.files[s.files[y.value - s.base]!] ?? null;
      }
      return null;
    };
    const def = getMetric(r.name);
    if (def) {
      const missing = inputsOf(def).filter((i) => ctx.inputs.codes[i] === undefined);
      if (missing.length > 0) why = `: its input${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the data`;
      else {
        const { table } = computePanel(panel, { metrics: [def], map: ctx.map });
        for (const row of table) if (row.value !== undefined && u.entities.has(row.entity)) have++;
        file = fileOf(ctx.inputs.codes[def.inputs[0]!]!);
      }
    } else {
      const code = isInputName(r.name) ? ctx.inputs.codes[r.name] : panel.resolveIndicator(r.name);
      if (code === undefined) {
        const near = closest(r.name, [...METRICS.map((m) => m.id), ...panel.indicators()]);
        why = `: it is neither a metric id nor an indicator in the data${near ? ` (did you mean ${near}?)` : ''}`;
      } else {
        have = countCode(panel, code, u);
        file = fileOf(code);
      }
    }
    const share = total > 0 ? have / total : 0;
    if (share >= r.min) continue;
    // Four significant digits, so that 89.96 % is not shown as the 90 % it falls short of.
    const pct = (x: number, digits = 4): string => `${Number((x * 100).toPrecision(digits))} %`;
    const scope = u.years
      ? ` — ${u.entities.size} entities${u.aggregatesLeftOut ? ' (World Bank aggregates left out)' : ''} × ${u.years[1] - u.years[0] + 1} years ${u.years[0]}–${u.years[1]}`
      : ' — the data is empty';
    ctx.emit(
      makeFinding(
        'low-coverage',
        `${r.name} has a value for ${have} of ${total} entity-years (${pct(share)}), below the required ${pct(r.min, 12)}${why}${scope}`,
        { file, indicator: r.name },
        { rule: coverageRule(r) },
      ),
    );
  }
}
