/**
 * A "nice" step for about `count` intervals over `span`: 1, 2 or 5 × 10^k, the steps people read
 * without effort (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
 */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const k = Math.floor(Math.log10(raw));
  const base = 10 ** k;
  const f = raw / base;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return m * base;
}

export interface Ticks {
  lo: number;
  hi: number;
  step: number;
  values: number[];
}

/** Round a tick to the precision of its step, so 0.1 + 0.2 prints as 0.3. */
function clean(v: number, step: number): number {
  const d = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(20, d)));
}

/**
 * Axis ticks covering [min, max] with a nice step; the axis is widened to whole steps. A flat
 * series (min = max) gets an axis around its value; zero stays on the axis when the data touch it.
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  let a = min;
  let b = max;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { lo: 0, hi: 1, step: 1, values: [0, 1] };
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  const step = niceStep(b - a, count);
  const lo = clean(Math.floor(a / step + 1e-9) * step, step);
  const hi = clean(Math.ceil(b / step - 1e-9) * step, step);
  const values: number[] = [];
  for (let i = 0; ; i++) {
    const v = clean(lo + i * step, step);
    if (v > hi + step * 1e-9) break;
    values.push(v);
  }
  return { lo, hi, step, values };
}

/** Whole-year ticks for a year axis: a step of 1, 2, 5, 10… years, at multiples of the step. */
export function yearTicks(first: number, last: number, count = 8): number[] {
  if (last <= first) return [first];
  const step = Math.max(1, niceStep(last - first, count));
  const out: number[] = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) out.push(y);
  if (out.length === 0) out.push(first);
  return out;
}

/** A tick label: thousands separators, or k/M/bn for large values, with the decimals the step needs. */
export function tickLabel(v: number, step: number): string {
  const a = Math.abs(step);
  const scaled = (div: number, suffix: string): string => {
    const s = a / div;
    const d = s >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(s) - 1e-9));
    return `${(v / div).toFixed(d)}${suffix}`;
  };
  let out: string;
  if (a >= 1e12 || (Math.abs(v) >= 1e12 && a >= 1e11)) out = scaled(1e12, 'tn');
  else if (a >= 1e9 || (Math.abs(v) >= 1e9 && a >= 1e8)) out = scaled(1e9, 'bn');
  else if (a >= 1e6 || (Math.abs(v) >= 1e6 && a >= 1e5)) out = scaled(1e6, 'M');
  else if (a >= 1e4) out = scaled(1e3, 'k');
  else {
    const d = a >= 1 ? 0 : Math.min(10, Math.ceil(-Math.log10(a) - 1e-9));
    out = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
  }
  // A typographic minus reads better than a hyphen on an axis.
  return out.replace(/^-/, '−').replace(/^−0(\.0+)?([a-zA-Z]*)$/, '0$1$2');
}
