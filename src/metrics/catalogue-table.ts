import { INPUTS } from './inputs.js';
import { METRICS } from './registry.js';
import type { MetricDef } from './types.js';

function directionText(m: MetricDef): string {
  return m.direction === 'higher' ? 'higher is better' : m.direction === 'lower' ? 'lower is better' : 'neutral';
}

/** One metric as the lines `migdev metrics ID` prints. */
export function describeMetric(m: MetricDef): string {
  const lines = [
    `${m.id} — ${m.title}`,
    `  formula    ${m.formula}`,
    `  unit       ${m.unit}`,
    `  kind       ${m.kind === 'window' ? 'per entity over a window of years (--window), reported at its last year' : 'per entity × year'}`,
    `  inputs     ${m.inputs.map((i) => `${i}${INPUTS[i].code ? ` (${INPUTS[i].code})` : ''}`).join(', ')}`,
  ];
  if (m.uses && m.uses.length > 0) lines.push(`  uses       ${m.uses.join(', ')}`);
  lines.push(`  family     ${m.family}`, `  direction  ${directionText(m)}`, `  source     ${m.source}`);
  if (m.sdg) lines.push(`  SDG        ${m.sdg}`);
  if (m.wdi) lines.push(`  WDI        ${m.wdi}`);
  const agg = m.aggregation;
  const aggText =
    agg.kind === 'ratio'
      ? `Σ ${agg.numerator} / Σ ${agg.denominator}${agg.denominatorPlus ? ` + ${agg.denominatorPlus}` : ''} over members with both (weighted by the denominator)`
      : agg.kind === 'sum'
        ? 'sum over members'
        : agg.kind === 'growth'
          ? `growth of the group total of ${agg.of}`
          : 'no World Bank group method (use --stat)';
  lines.push(`  groups     ${aggText}`);
  return lines.join('\n');
}

/** The catalogue as Markdown, for the README (kept in sync by a test). */
export function catalogueMarkdown(): string {
  const rows = METRICS.map((m) => {
    const sdg = m.sdg ? ` (SDG ${m.sdg})` : '';
    return `| \`${m.id}\` | ${m.title} | ${m.formula.replace(/\|/g, '\\|')} | ${m.unit} | ${m.family} | ${m.source.replace(/\|/g, '\\|')}${sdg} |`;
  });
  return ['| id | title | formula | unit | family | source |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
