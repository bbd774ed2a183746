import { describeAggregates } from '../../entities/aggregates.js';
import { builtinEntity, WDI_VINTAGE } from '../../entities/index.js';
import type { Panel } from '../../panel.js';
import { listSome, type RuleContext } from '../context.js';
import { makeFinding, type FindingPlace } from '../findings.js';

/** The first place (file order, then line) where an entity has a value. */
function firstPlace(panel: Panel, entity: string): FindingPlace {
  let best: { file: number; line: number; indicator: string; year: number } | undefined;
  for (const indicator of panel.indicators()) {
    const s = panel.series(indicator, entity);
    if (!s) continue;
    for (const year of s.years()) {
      const i = year - s.base;
      const file = s.files[i]!;
      const line = s.lines[i]!;
      if (!best || file < best.file || (file === best.file && line < best.line)) best = { file, line, indicator, year };
      break;
    }
  }
  if (!best) return { entity };
  return { file: panel.files[best.file] ?? null, line: best.line, entity, indicator: best.indicator, year: best.year };
}

/** Codes that are neither in the built-in World Bank table nor in the user's metadata. */
export function checkKnownEntities(ctx: RuleContext): void {
  const { panel, meta } = ctx;
  for (const entity of panel.entities()) {
    if (builtinEntity(entity) || (meta.fromUser && meta.records.has(entity))) continue;
    const name = panel.entityNames.get(entity);
    ctx.emit(
      makeFinding(
        'unknown-entity',
        `'${entity}'${name ? ` (${name})` : ''} is not a World Bank economy or aggregate code (WDI ${WDI_VINTAGE}) — fix the code, or list it in a --meta file if it is your own unit`,
        firstPlace(panel, entity),
      ),
    );
  }
}

/**
 * A note per file that holds World Bank aggregates beside countries: whoever sums its rows
 * counts the countries again in every aggregate.
 */
export function checkAggregatesMixed(ctx: RuleContext): void {
  const { panel, meta } = ctx;
  const perFile = new Map<number, { aggregates: Map<string, number>; countries: Set<string> }>();
  const of = (file: number): { aggregates: Map<string, number>; countries: Set<string> } => {
    let e = perFile.get(file);
    if (!e) perFile.set(file, (e = { aggregates: new Map(), countries: new Set() }));
    return e;
  };
  const isAggregate = new Map<string, boolean>();
  for (const indicator of panel.indicators()) {
    for (const [entity, s] of panel.byEntity(indicator)) {
      let agg = isAggregate.get(entity);
      if (agg === undefined) isAggregate.set(entity, (agg = meta.isAggregate(entity)));
      for (let i = 0; i < s.values.length; i++) {
        if (Number.isNaN(s.values[i]!)) continue;
        const e = of(s.files[i]!);
        if (agg) {
          const line = s.lines[i]!;
          const seen = e.aggregates.get(entity);
          if (seen === undefined || line < seen) e.aggregates.set(entity, line);
        } else e.countries.add(entity);
      }
    }
  }
  for (const [file, { aggregates, countries }] of [...perFile].sort((a, b) => a[0] - b[0])) {
    if (aggregates.size === 0 || countries.size === 0) continue;
    const codes = [...aggregates.keys()].sort();
    let first = codes[0]!;
    for (const c of codes) if (aggregates.get(c)! < aggregates.get(first)!) first = c;
    ctx.emit(
      makeFinding(
        'aggregates-mixed',
        `the file holds ${describeAggregates(codes, (c) => listSome(c, 6))} beside ${countries.size} economies: a sum over its rows counts countries again in every aggregate — migdev drops aggregates unless --include-aggregates; drop them before summing elsewhere`,
        { file: panel.files[file] ?? null, line: aggregates.get(first)!, entity: first },
      ),
    );
  }
}
