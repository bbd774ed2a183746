import { humanNumber } from '../output/human.js';
import type { PartnerBlock, Profile, ProfileMetric, Rank } from './types.js';

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

const isPercent = (unit: string): boolean => unit.startsWith('%');
const isLevel = (unit: string): boolean => unit === 'US$' || unit === 'people';

/** Large magnitudes in words people use in reports: 4.23 bn, 53.77 M. */
function magnitude(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  if (a >= 1e12) return `${sign}${(a / 1e12).toFixed(2)} tn`;
  if (a >= 1e9) return `${sign}${(a / 1e9).toFixed(2)} bn`;
  if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(2)} M`;
  return humanNumber(v).replace(/^-/, '−');
}

/** A value with its unit, for people: `3.91%`, `US$ 4.23 bn`, `55.1 M`, `5.2 pp`. */
export function showValue(v: number, unit: string): string {
  const x = magnitude(v);
  if (isPercent(unit)) return `${x}%`;
  if (unit === 'US$') return `US$ ${x}`;
  if (unit === 'percentage points') return `${x} pp`;
  if (unit === '% per year') return `${x}% a year`;
  return x;
}

/** A change with a sign; percentage points for % metrics, and the relative change for levels. */
export function showChange(m: ProfileMetric): string {
  if (m.change === null || !m.earlier) return '';
  const c = m.change;
  const sign = c > 0 ? '+' : c < 0 ? '−' : '±';
  const abs = magnitude(Math.abs(c));
  let out: string;
  if (isPercent(m.unit) || m.unit === 'percentage points') out = `${sign}${abs} pp`;
  else if (m.unit === 'US$') out = `${sign}US$ ${abs}`;
  else out = `${sign}${abs}`;
  if (isLevel(m.unit) && m.earlier.value > 0 && m.latest) {
    const rel = (100 * (m.latest.value - m.earlier.value)) / m.earlier.value;
    out += ` (${rel >= 0 ? '+' : '−'}${Math.abs(rel).toFixed(0)}%)`;
  }
  return out;
}

/** "3rd of 48", with a dagger for neutral metrics ranked by value. */
export function showRank(r: Rank | null): string {
  if (!r) return '';
  return `${ordinal(r.rank)} of ${r.of}${r.order === 'by-value-descending' ? ' †' : ''}`;
}

/** "3rd of 48 in Sub-Saharan Africa" */
export function rankSentence(r: Rank): string {
  return `${ordinal(r.rank)} of ${r.of} ${r.among === 'the world' ? 'in the world' : `in ${r.among}`}`;
}

/** Where a rank sits: the best third, the worst third, or (neutral metrics, small groups) neither. */
export function rankTone(r: Rank | null): 'good' | 'bad' | 'plain' {
  if (!r || r.order === 'by-value-descending' || r.of < 3) return 'plain';
  if (r.rank <= Math.ceil(r.of / 3)) return 'good';
  if (r.rank > r.of - Math.ceil(r.of / 3)) return 'bad';
  return 'plain';
}

export function headerLine(p: Profile): string {
  return [p.region, p.income].filter((x): x is string => x !== null && x !== '').join(' · ');
}

export function vintageLine(p: Profile): string {
  const wdi = p.vintages.filter((v) => v.updated !== undefined);
  // Newest first, with how many files carry each date: mixed vintages are worth seeing.
  const dates = [...new Set(wdi.map((v) => v.updated!))].sort().reverse();
  const count = (d: string): number => wdi.filter((v) => v.updated === d).length;
  const parts: string[] = [];
  if (dates.length > 0) {
    const list = dates.length === 1 ? dates[0]! : dates.map((d) => `${d} (${count(d)} file${count(d) > 1 ? 's' : ''})`).join(', ');
    parts.push(`${wdi[0]!.source ?? 'World Development Indicators'}, last updated ${list}`);
  }
  const others = p.vintages.filter((v) => v.updated === undefined).map((v) => v.file);
  if (others.length > 0) parts.push(others.join(', '));
  return parts.join('; ');
}

export function partnerTitle(which: 'destinations' | 'sources', b: PartnerBlock): string {
  const when = b.year === null ? '' : ` (${b.year})`;
  return which === 'destinations' ? `Top destinations of emigrants${when}` : `Top sources of remittances${when}`;
}

export function pct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

export function concentrationLine(b: PartnerBlock, what: string): string {
  const hhi = b.hhi === null ? 'n/a' : b.hhi.toFixed(3);
  const eff = b.effectivePartners === null ? '' : ` (≈ ${b.effectivePartners.toFixed(1)} equal partners)`;
  return `${b.partners} ${what}; concentration (HHI, 0–1) ${hhi}${eff}; total ${magnitude(b.total)} (in the file’s unit)`;
}

export const NEUTRAL_NOTE = '† neutral metric (neither higher nor lower is better): ranked by value, highest first.';
export const RANK_NOTE = 'Ranks: 1 = best by the metric’s direction, among countries with a value that year.';

/** Notes of the metrics, each prefixed with the metric title, then the profile's own notes. */
export function allNotes(p: Profile): string[] {
  const out: string[] = [];
  for (const s of p.sections) for (const m of s.metrics) for (const n of m.notes) if (!n.startsWith('over ')) out.push(`${m.label}: ${n}`);
  for (const s of p.sections) for (const m of s.metrics) if (!m.latest) out.push(`${m.label}: no value for ${p.code} in the inputs`);
  return [...out, ...p.notes];
}

export function hasNeutral(p: Profile): boolean {
  return p.sections.some((s) => s.metrics.some((m) => m.latest && m.direction === 'neutral'));
}

/** "Latest (year)" cell: the window for a window metric. */
export function yearLabel(m: ProfileMetric): string {
  if (!m.latest) return '';
  return m.window ? `${m.window[0]}–${m.window[1]}` : String(m.latest.year);
}
