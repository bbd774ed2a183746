import type { InputMap, ResolvedInputs } from '../compute/engine.js';
import type { EntityMeta } from '../entities/meta.js';
import type { Panel } from '../panel.js';
import type { Finding, FindingPlace } from './findings.js';

/** What a rule over the panel works with. */
export interface RuleContext {
  panel: Panel;
  meta: EntityMeta;
  map: InputMap;
  /** Where each semantic input was found (`--map`, default WDI code, or a column named like it). */
  inputs: ResolvedInputs;
  emit(finding: Finding): void;
}

/** The place of one stored value: its file and line, and its key. */
export function valuePlace(panel: Panel, entity: string, indicator: string, year: number): FindingPlace {
  const o = panel.origin(entity, indicator, year);
  return { file: o?.file ?? null, line: o?.line ?? null, entity, year, indicator };
}

/** `file:line` of a stored value, or '' when it has none. */
export function at(panel: Panel, entity: string, indicator: string, year: number): string {
  const o = panel.origin(entity, indicator, year);
  return o ? `${o.file}:${o.line}` : '';
}

/** A computed number for a message: six significant digits (inputs are quoted exactly instead). */
export function short(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** `a, b, c` or `a, b, c, … (12 in all)`. */
export function listSome(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … (${items.length} in all)`;
}
