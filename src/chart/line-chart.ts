import { niceTicks, tickLabel, yearTicks } from './ticks.js';
import { el, n, text } from './xml.js';

export interface ChartPoint {
  x: number;
  /** null: missing, drawn as a gap. */
  y: number | null;
}

export interface ChartSeries {
  label: string;
  /** Series with the same key get the same colour in every panel (default: the label). */
  colorKey?: string;
  points: readonly ChartPoint[];
}

/** One y axis: every series of a panel shares its unit. */
export interface ChartPanel {
  unit: string;
  title?: string;
  series: readonly ChartSeries[];
}

export interface LineChartSpec {
  title: string;
  subtitle?: string;
  panels: readonly ChartPanel[];
  /** A line under the chart (data source, vintage). */
  source?: string;
  width?: number;
  panelHeight?: number;
}

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), yellow left out. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = [undefined, '6 3', '2 3'];
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Cuts a label to `max` characters with an ellipsis (the full text stays in a <title>). */
function clip(s: string, max: number): string {
  return [...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`;
}

/** Splits a label into at most two lines of about `max` characters, at spaces. */
function wrap(s: string, max: number): string[] {
  if ([...s].length <= max) return [s];
  const words = s.split(' ');
  let first = '';
  let i = 0;
  for (; i < words.length; i++) {
    const next = first === '' ? words[i]! : `${first} ${words[i]!}`;
    if ([...next].length > max && first !== '') break;
    first = next;
  }
  const rest = words.slice(i).join(' ');
  return rest === '' ? [clip(first, max)] : [clip(first, max), clip(rest, max)];
}

/**
 * A self-contained SVG line chart: one panel (one y axis) per unit, stacked, sharing the year
 * axis; nice ticks, gridlines, a legend per panel, missing values as gaps, lone values as dots.
 */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 960;
  const panelH = spec.panelHeight ?? 300;
  const legendW = 250;
  const left = 84;
  const right = legendW + 24;
  const top = spec.subtitle ? 74 : 56;
  const gap = 64;
  const plotW = width - left - right;
  const plotH = panelH - 40;
  const xs: number[] = [];
  for (const p of spec.panels) for (const s of p.series) for (const pt of s.points) if (pt.y !== null) xs.push(pt.x);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs) : 1;
  const xPos = (x: number): number => left + (x1 === x0 ? plotW / 2 : ((x - x0) * plotW) / (x1 - x0));
  const height = top + spec.panels.length * (panelH + gap) + (spec.source ? 28 : 8);
  const out: string[] = [];
  out.push(el('title', {}, text(spec.title)));
  out.push(el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
  out.push(el('text', { x: 24, y: 32, 'font-size': 20, 'font-weight': 600, fill: '#1a1a1a' }, text(clip(spec.title, 90))));
  if (spec.subtitle) out.push(el('text', { x: 24, y: 54, 'font-size': 13, fill: '#555555' }, text(clip(spec.subtitle, 130))));
  const colours = new Map<string, number>();
  spec.panels.forEach((panel, pi) => {
    const py = top + pi * (panelH + gap);
    const ys: number[] = [];
    for (const s of panel.series) for (const pt of s.points) if (pt.y !== null && Number.isFinite(pt.y)) ys.push(pt.y);
    let lo = ys.length ? Math.min(...ys) : 0;
    let hi = ys.length ? Math.max(...ys) : 1;
    // Start the axis at zero when the data sit not far above (or below) it: bars of change read honestly.
    if (lo > 0 && lo < hi * 0.4) lo = 0;
    if (hi < 0 && hi > lo * 0.4) hi = 0;
    const t = niceTicks(lo, hi, 5);
    const yPos = (v: number): number => py + 20 + plotH - ((v - t.lo) * plotH) / (t.hi - t.lo);
    const g: string[] = [];
    // Unit above the axis, panel title beside it.
    g.push(el('text', { x: left - 8, y: py + 8, 'font-size': 12, 'text-anchor': 'end', fill: '#555555', 'font-style': 'italic' }, text(clip(panel.unit, 24))));
    if (panel.title) g.push(el('text', { x: left, y: py + 8, 'font-size': 14, 'font-weight': 600, fill: '#1a1a1a' }, text(clip(panel.title, 80))));
    for (const v of t.values) {
      const y = yPos(v);
      g.push(el('line', { x1: left, x2: left + plotW, y1: y, y2: y, stroke: v === 0 ? '#8a8a8a' : '#e3e3e3', 'stroke-width': 1 }));
      g.push(el('text', { x: left - 8, y: y + 4, 'font-size': 12, 'text-anchor': 'end', fill: '#444444' }, text(tickLabel(v, t.step))));
    }
    const base = py + 20 + plotH;
    g.push(el('line', { x1: left, x2: left + plotW, y1: base, y2: base, stroke: '#8a8a8a', 'stroke-width': 1 }));
    for (const yr of yearTicks(x0, x1, Math.max(2, Math.floor(plotW / 70)))) {
      const x = xPos(yr);
      g.push(el('line', { x1: x, x2: x, y1: base, y2: base + 5, stroke: '#8a8a8a' }));
      g.push(el('text', { x, y: base + 20, 'font-size': 12, 'text-anchor': 'middle', fill: '#444444' }, text(String(yr))));
    }
    panel.series.forEach((s, si) => {
      const key = s.colorKey ?? s.label;
      if (!colours.has(key)) colours.set(key, colours.size);
      const colour = colours.get(key)!;
      const c = PALETTE[colour % PALETTE.length]!;
      const dash = DASHES[Math.floor(colour / PALETTE.length) % DASHES.length];
      const pts = [...s.points].sort((a, b) => a.x - b.x);
      let d = '';
      let run = 0;
      const dots: ChartPoint[] = [];
      pts.forEach((p, i) => {
        if (p.y === null || !Number.isFinite(p.y)) {
          run = 0;
          return;
        }
        // A gap in the years (no row at all) is a gap in the line too.
        if (run > 0 && i > 0 && p.x - pts[i - 1]!.x > 1) run = 0;
        const next = pts[i + 1];
        const joinedNext = next !== undefined && next.y !== null && Number.isFinite(next.y) && next.x - p.x <= 1;
        if (run === 0 && !joinedNext) {
          dots.push(p);
          return;
        }
        d += `${run === 0 ? 'M' : 'L'}${n(xPos(p.x))},${n(yPos(p.y))}`;
        run++;
      });
      if (d.includes('L')) g.push(el('path', { d, fill: 'none', stroke: c, 'stroke-width': 2.25, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', 'stroke-dasharray': dash }));
      for (const p of dots) g.push(el('circle', { cx: xPos(p.x), cy: yPos(p.y!), r: 3, fill: c }));
      // Legend entry at the right of the panel.
      const ly = py + 28 + si * 36;
      const lx = left + plotW + 24;
      g.push(el('line', { x1: lx, x2: lx + 22, y1: ly, y2: ly, stroke: c, 'stroke-width': 3, 'stroke-dasharray': dash }));
      const lines = wrap(s.label, 30);
      g.push(
        el(
          'text',
          { x: lx + 30, y: ly + 4, 'font-size': 13, fill: '#1a1a1a' },
          el('title', {}, text(s.label)),
          ...lines.map((l, k) => el('tspan', { x: lx + 30, dy: k === 0 ? 0 : 15 }, text(l))),
        ),
      );
    });
    if (ys.length === 0) g.push(el('text', { x: left + plotW / 2, y: py + 20 + plotH / 2, 'text-anchor': 'middle', 'font-size': 13, fill: '#777777' }, text('no values')));
    out.push(el('g', { class: 'panel' }, ...g));
  });
  if (spec.source) out.push(el('text', { x: 24, y: height - 12, 'font-size': 11, fill: '#666666' }, text(clip(spec.source, 160))));
  return `${el('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'font-family': FONT }, ...out)}\n`;
}
