import { usageError } from '../errors.js';
import { INPUT_NAMES, isInputName, type InputName } from '../metrics/inputs.js';
import { METRICS, getMetric } from '../metrics/registry.js';
import { closest } from '../metrics/suggest.js';
import type { ColumnGetter, Getter, MetricDef } from '../metrics/types.js';
import type { Panel } from '../panel.js';
import { cmp, describeMissing, inputsOf, type ResolvedInputs } from './select.js';

/** A user-defined metric (`-e NAME=FORMULA`): annual, evaluated after everything it names. */
export interface CustomMetric {
  id: string;
  /** Every name the formula reads: inputs, indicator codes, metric ids (built-in or custom). */
  uses: readonly string[];
  evaluate(get: Getter, year: number): number | undefined;
}

/** One metric to evaluate, built-in or custom. */
export interface Node {
  id: string;
  kind: 'annual' | 'window';
  annual: ((get: Getter, year: number) => number | undefined) | undefined;
  columns: ((col: ColumnGetter, out: Float64Array) => void) | undefined;
  windowed: ((get: Getter, first: number, last: number) => number | undefined) | undefined;
  custom: boolean;
  /** Metric ids it reads. */
  deps: string[];
  /** Series slots it reads directly. */
  direct: number[];
  /** Series slots it reads directly or through its dependencies: it has a row where one has data. */
  base: number[];
  /** Row of the per-entity buffer of annual values (−1 for window metrics). */
  slot: number;
}

/**
 * What to evaluate and in which order. Values are read through numbered slots: series slots
 * (every input, then raw indicator codes named by custom formulas), then one slot per annual
 * metric, so the getter costs one map lookup whatever the name.
 */
export interface Plan {
  /** Annual metrics in dependency order. */
  annual: Node[];
  window: Node[];
  /** Output metrics, sorted by id. */
  outputs: Node[];
  /** Indicator code of each series slot (undefined: input absent). */
  slotCodes: Array<string | undefined>;
  /** Name → slot: series slots first, then `slotCodes.length + node.slot` for annual metrics. */
  slotOf: Map<string, number>;
  /** Series slots any node reads. */
  usedSlots: number[];
}

function missingInputs(owner: string, names: readonly InputName[], inputs: ResolvedInputs): void {
  const miss = names.filter((i) => inputs.codes[i] === undefined);
  if (miss.length === 0) return;
  throw usageError(
    'missing-inputs',
    `${owner} needs ${miss.map((i) => describeMissing(i, inputs)).join(', ')}, not found in the data`,
    `add a file that holds ${miss.length > 1 ? 'them' : 'it'}, or map a column with --map ${miss[0]}=CODE`,
  );
}

export function buildPlan(panel: Panel, inputs: ResolvedInputs, outputs: readonly MetricDef[], extra: readonly CustomMetric[]): Plan {
  const customById = new Map<string, CustomMetric>();
  for (const c of extra) {
    // A user formula never shadows a built-in id or an input name (STYLE "A metric is data").
    if (getMetric(c.id) || isInputName(c.id) || customById.has(c.id)) {
      const what = customById.has(c.id) ? 'another custom metric' : getMetric(c.id) ? 'a built-in metric' : 'an input';
      throw usageError('duplicate-metric', `custom metric "${c.id}" has the name of ${what}`, 'choose another name');
    }
    customById.set(c.id, c);
  }

  const slotOf = new Map<string, number>();
  const slotCodes: Array<string | undefined> = [];
  for (const input of INPUT_NAMES) {
    slotOf.set(input, slotCodes.length);
    slotCodes.push(inputs.codes[input]);
  }
  const codeSlot = new Map<string, number>();

  const nodes = new Map<string, Node>();
  const addBuiltin = (def: MetricDef): void => {
    if (nodes.has(def.id)) return;
    nodes.set(def.id, {
      id: def.id,
      kind: def.kind,
      annual: def.kind === 'annual' ? def.compute : undefined,
      columns: def.kind === 'annual' ? def.computeColumns : undefined,
      windowed: def.kind === 'window' ? def.compute : undefined,
      custom: false,
      deps: [...(def.uses ?? [])],
      direct: def.inputs.map((i) => slotOf.get(i)!),
      base: [],
      slot: -1,
    });
    for (const u of def.uses ?? []) addBuiltin(getMetric(u)!);
  };
  for (const def of outputs) addBuiltin(def);

  for (const c of extra) {
    const deps: string[] = [];
    const direct: number[] = [];
    for (const name of new Set(c.uses)) {
      if (customById.has(name)) {
        deps.push(name);
        continue;
      }
      const def = getMetric(name);
      if (def) {
        if (def.kind === 'window') {
          throw usageError('window-metric-in-formula', `custom metric "${c.id}" uses the window metric ${name}, which has no value per year`, 'use annual metrics, inputs or indicator codes in formulas');
        }
        missingInputs(`${c.id} (through ${name})`, inputsOf(def), inputs);
        addBuiltin(def);
        deps.push(name);
        continue;
      }
      if (isInputName(name)) {
        missingInputs(c.id, [name], inputs);
        direct.push(slotOf.get(name)!);
        continue;
      }
      const code = panel.resolveIndicator(name);
      if (code === undefined) {
        const near = closest(name, [...INPUT_NAMES, ...METRICS.map((m) => m.id), ...customById.keys(), ...panel.indicators()]);
        throw usageError(
          'unknown-name',
          `custom metric "${c.id}" uses "${name}", which is neither an input, a metric id nor an indicator in the data`,
          near ? `did you mean ${near}?` : 'check the spelling, or map an input with --map INPUT=CODE',
        );
      }
      let slot = codeSlot.get(code);
      if (slot === undefined) {
        slot = slotCodes.length;
        slotCodes.push(code);
        codeSlot.set(code, slot);
      }
      slotOf.set(name, slot);
      direct.push(slot);
    }
    nodes.set(c.id, { id: c.id, kind: 'annual', annual: c.evaluate, columns: undefined, windowed: undefined, custom: true, deps, direct, base: [], slot: -1 });
  }

  // Depth-first order; a cycle (only possible among custom metrics) is reported as its path.
  const order: Node[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: readonly string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'open') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw usageError('formula-cycle', `custom metrics refer to each other in a cycle: ${cycle.join(' → ')}`, 'write one of them in terms of inputs instead');
    }
    state.set(id, 'open');
    const node = nodes.get(id)!;
    for (const d of node.deps) visit(d, [...path, id]);
    const base = new Set(node.direct);
    for (const d of node.deps) for (const b of nodes.get(d)!.base) base.add(b);
    node.base = [...base].sort((a, b) => a - b);
    state.set(id, 'done');
    order.push(node);
  };
  for (const id of [...nodes.keys()].sort(cmp)) visit(id, []);

  const annual = order.filter((n) => n.kind === 'annual');
  const nSeries = slotCodes.length;
  annual.forEach((n, i) => {
    n.slot = i;
    slotOf.set(n.id, nSeries + i);
  });
  const outIds = [...outputs.map((m) => m.id), ...customById.keys()].sort(cmp);
  return {
    annual,
    window: order.filter((n) => n.kind === 'window'),
    outputs: outIds.map((id) => nodes.get(id)!),
    slotCodes,
    slotOf,
    usedSlots: [...new Set(order.flatMap((n) => n.base))].sort((a, b) => a - b),
  };
}
