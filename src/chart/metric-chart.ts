import { usageError } from '../errors.js';
import type { MetricTable } from '../compute/table.js';
import { getMetric } from '../metrics/registry.js';
import { lineChart, type ChartPanel, type ChartSeries } from './line-chart.js';

/** More lines than this in one panel cannot be told apart. */
export const MAX_SERIES_PER_PANEL = 12;

/**
 * A line chart of computed annual metrics: one panel per unit (metrics with different units never
 * share a y axis), one line per entity × metric. Window metrics (one value per entity) are left
 * out and returned, so the caller can say so.
 */
export function metricChart(t: MetricTable, name: (code: string) => string, source?: string): { svg: string; skipped: string[] } {
  const skipped = t.metrics.filter((m) => getMetric(m)?.kind === 'window');
  const lines = new Map<string, { metric: string; entity: string; points: Array<{ x: number; y: number | null }> }>();
  for (let i = 0; i < t.length; i++) {
    const metric = t.metricAt(i);
    if (skipped.includes(metric)) continue;
    const entity = t.entityAt(i);
    const key = `${metric}\u0000${entity}`;
    let l = lines.get(key);
    if (!l) lines.set(key, (l = { metric, entity, points: [] }));
    l.points.push({ x: t.yearAt(i), y: t.valueAt(i) ?? null });
  }
  const byUnit = new Map<string, ChartPanel & { series: ChartSeries[] }>();
  const metricsShown = [...new Set([...lines.values()].map((l) => l.metric))];
  const entities = [...new Set([...lines.values()].map((l) => l.entity))];
  for (const l of [...lines.values()].sort((a, b) => (a.metric === b.metric ? (a.entity < b.entity ? -1 : 1) : a.metric < b.metric ? -1 : 1))) {
    const def = getMetric(l.metric);
    const unit = def?.unit ?? 'custom metric';
    let panel = byUnit.get(unit);
    if (!panel) byUnit.set(unit, (panel = { unit, series: [] }));
    const who = name(l.entity) || l.entity;
    const what = def?.title ?? l.metric;
    // One metric: lines are countries; one country: lines are metrics; else both.
    const label = metricsShown.length === 1 ? who : entities.length === 1 ? what : `${who} — ${what}`;
    // Several countries: a country keeps its colour in every panel.
    panel.series.push({ label, points: l.points, colorKey: entities.length > 1 ? l.entity : l.metric });
  }
  if (byUnit.size === 0) throw usageError('nothing-to-plot', '--plot: no annual values to draw', 'choose annual metrics with -m (window metrics have one value per entity)');
  for (const p of byUnit.values()) {
    // A panel holding one metric is titled by it; its lines then need only the country.
    const inPanel = [...new Set([...lines.values()].filter((l) => (getMetric(l.metric)?.unit ?? 'custom metric') === p.unit).map((l) => l.metric))];
    if (inPanel.length === 1 && entities.length > 1) for (const s of p.series) s.label = s.label.split(' — ')[0]!;
    if (p.series.length > MAX_SERIES_PER_PANEL) {
      throw usageError('too-many-lines', `--plot: ${p.series.length} lines in one chart (${p.unit}) cannot be told apart`, `narrow it to at most ${MAX_SERIES_PER_PANEL} with --countries and -m`);
    }
    if (metricsShown.length > 1 && entities.length === 1) p.title = name(entities[0]!) || entities[0]!;
    else if (metricsShown.length === 1 || new Set(p.series.map((s) => s.label.split(' — ')[1])).size === 1) {
      const m = [...lines.values()].find((l) => (getMetric(l.metric)?.unit ?? 'custom metric') === p.unit)!.metric;
      p.title = getMetric(m)?.title ?? m;
    }
  }
  const who = entities.length <= 4 ? entities.map((e) => name(e) || e).join(', ') : `${entities.length} entities`;
  const withValues = [...lines.values()].flatMap((l) => l.points.filter((p) => p.y !== null).map((p) => p.x));
  const years = withValues.length > 0 ? `${Math.min(...withValues)}–${Math.max(...withValues)}` : '';
  const single = metricsShown.length === 1 ? (getMetric(metricsShown[0]!)?.title ?? metricsShown[0]!) : undefined;
  const svg = lineChart({
    title: single ?? who,
    subtitle: single ? `${who}, ${years}` : `${metricsShown.length} metrics, ${years}${byUnit.size > 1 ? ' — one panel per unit' : ''}`,
    panels: [...byUnit.values()],
    ...(source ? { source } : {}),
  });
  return { svg, skipped };
}
