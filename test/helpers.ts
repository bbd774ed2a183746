import { computePanel, type ComputeOptions } from '../src/compute/engine.js';
import { INPUTS, type InputName } from '../src/metrics/inputs.js';
import { Panel } from '../src/panel.js';

/** entity → indicator or input name → year → value */
export type PanelSpec = Record<string, Record<string, Record<number, number>>>;

/**
 * A small panel built by hand. Keys that are semantic input names are stored under the input's
 * default WDI code (or the name itself when it has none), as a real download would hold them.
 */
export function panelOf(spec: PanelSpec): Panel {
  const panel = new Panel();
  const file = panel.addFile('test');
  let line = 1;
  for (const [entity, byIndicator] of Object.entries(spec)) {
    for (const [name, byYear] of Object.entries(byIndicator)) {
      const code = name in INPUTS ? (INPUTS[name as InputName].code ?? name) : name;
      for (const [year, value] of Object.entries(byYear)) panel.set(entity, code, Number(year), value, file, line++);
    }
  }
  return panel;
}

/** The value of one metric for one entity and year; throws when there is no such row. */
export function valueAt(spec: PanelSpec | Panel, metric: string, entity: string, year: number, opts: Omit<ComputeOptions, 'metrics'> = {}): number | undefined {
  const panel = spec instanceof Panel ? spec : panelOf(spec);
  const { table } = computePanel(panel, { metrics: [metric], ...opts });
  for (const row of table) if (row.entity === entity && row.year === year && row.metric === metric) return row.value;
  throw new Error(`no row for ${entity} ${year} ${metric}`);
}

/** All rows of one metric for one entity, as year → value. */
export function seriesOf(spec: PanelSpec | Panel, metric: string, entity: string, opts: Omit<ComputeOptions, 'metrics'> = {}): Map<number, number | undefined> {
  const panel = spec instanceof Panel ? spec : panelOf(spec);
  const { table } = computePanel(panel, { metrics: [metric], ...opts });
  const out = new Map<number, number | undefined>();
  for (const row of table) if (row.entity === entity && row.metric === metric) out.set(row.year, row.value);
  return out;
}
