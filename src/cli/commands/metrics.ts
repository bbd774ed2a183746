import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { addOutputOptions, type OutputFlags } from '../options.js';
import { withContext } from './shared.js';

export function registerMetrics(program: Command): void {
  const cmd = program
    .command('metrics')
    .description('list the metric catalogue; with an id, describe one metric: formula, inputs, unit, source, SDG code')
    .argument('[ID]', 'a metric id');
  addOutputOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `
Examples:
  migdev metrics
  migdev metrics remittances_gdp_pct
  migdev metrics --format json | jq '.[].id'
  migdev metrics --format md > CATALOGUE.md`,
  );
  cmd.action(
    withContext(async (ctx, id: string | undefined, flags: OutputFlags) => {
      const { METRICS, getMetric } = await import('../../metrics/registry.js');
      const { describeMetric } = await import('../../metrics/catalogue-table.js');
      const { chosenFormat, emitTable, emitText } = await import('../emit.js');
      const format = chosenFormat(flags, ctx);
      let list = METRICS;
      if (id !== undefined) {
        const m = getMetric(id.trim().toLowerCase());
        if (!m) {
          const { closest } = await import('../../metrics/suggest.js');
          const near = closest(id, METRICS.map((x) => x.id));
          throw usageError('unknown-metric', `unknown metric '${id}'`, near ? `did you mean ${near}? ('migdev metrics' lists all)` : "'migdev metrics' lists all");
        }
        if (format === 'table') return emitText(`${describeMetric(m)}\n`, flags, []);
        list = [m];
      }
      if (format === 'json') {
        const docs = list.map((m) => ({
          id: m.id,
          title: m.title,
          unit: m.unit,
          formula: m.formula,
          kind: m.kind,
          inputs: m.inputs,
          uses: m.uses ?? [],
          family: m.family,
          source: m.source,
          sdg: m.sdg ?? null,
          wdi: m.wdi ?? null,
          direction: m.direction,
          aggregation: m.aggregation,
        }));
        return emitText(`${JSON.stringify(id !== undefined ? docs[0] : docs, null, 2)}\n`, flags, []);
      }
      await emitTable(
        {
          columns: [
            { name: 'id', kind: 'text' },
            { name: 'title', kind: 'text' },
            { name: 'unit', kind: 'text' },
            { name: 'family', kind: 'text' },
            // The formula makes the terminal table too wide: `migdev metrics ID` shows it.
            ...(format === 'table' ? [] : [{ name: 'formula', kind: 'text' as const }, { name: 'source', kind: 'text' as const }, { name: 'direction', kind: 'text' as const }]),
          ],
          rows: list.map((m) => [m.id, m.title, m.unit, m.family, ...(format === 'table' ? [] : [m.formula, m.source, m.direction])]),
        },
        flags,
        ctx,
        [],
      );
    }),
  );
}
