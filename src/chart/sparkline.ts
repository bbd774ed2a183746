import { el, n, text } from './xml.js';

const BARS = '▁▂▃▄▅▆▇█';

/** A text sparkline, one character per value; a space for a missing value; '' with fewer than two values. */
export function textSparkline(values: ReadonlyArray<number | null | undefined>): string {
  const present = values.filter((v): v is number => v !== null && v !== undefined);
  if (present.length < 2) return '';
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return values.map((v) => (v === null || v === undefined ? ' ' : BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)]!)).join('');
}

export interface SparkOptions {
  width?: number;
  height?: number;
  color?: string;
  /** Accessible description (becomes the SVG's <title>). */
  label?: string;
}

/**
 * An inline SVG sparkline: a line through the values (gaps where missing), the last value marked
 * with a dot, isolated values as dots. Empty string with fewer than one value.
 */
export function svgSparkline(values: ReadonlyArray<number | null | undefined>, opts: SparkOptions = {}): string {
  const w = opts.width ?? 120;
  const h = opts.height ?? 28;
  const color = opts.color ?? '#1f5f99';
  const present = values.filter((v): v is number => v !== null && v !== undefined);
  if (present.length === 0) return '';
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  const pad = 3;
  const x = (i: number): number => (values.length === 1 ? w / 2 : pad + (i * (w - 2 * pad)) / (values.length - 1));
  const y = (v: number): number => (hi === lo ? h / 2 : pad + ((hi - v) * (h - 2 * pad)) / (hi - lo));
  const parts: string[] = [];
  let d = '';
  let run = 0;
  const dots: number[] = [];
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      run = 0;
      return;
    }
    const prevPresent = i > 0 && values[i - 1] !== null && values[i - 1] !== undefined;
    const nextPresent = i + 1 < values.length && values[i + 1] !== null && values[i + 1] !== undefined;
    d += `${run === 0 ? 'M' : 'L'}${n(x(i))},${n(y(v))}`;
    run++;
    if (!prevPresent && !nextPresent) dots.push(i);
  });
  if (opts.label) parts.push(el('title', {}, text(opts.label)));
  if (d.includes('L')) parts.push(el('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
  for (const i of dots) parts.push(el('circle', { cx: x(i), cy: y(values[i]!), r: 1.6, fill: color }));
  let last = values.length - 1;
  while (last >= 0 && (values[last] === null || values[last] === undefined)) last--;
  parts.push(el('circle', { cx: x(last), cy: y(values[last]!), r: 2.6, fill: color }));
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img', class: 'spark' }, ...parts);
}

