import { textSparkline } from '../chart/sparkline.js';
import { NEUTRAL_NOTE, RANK_NOTE, allNotes, concentrationLine, hasNeutral, headerLine, partnerTitle, pct, rankTone, showChange, showRank, showValue, vintageLine, yearLabel } from './format.js';
import type { PartnerBlock, Profile, ProfileMetric } from './types.js';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  good(s: string): string;
  bad(s: string): string;
}

const plain: TextStyle = { bold: (s) => s, dim: (s) => s, good: (s) => s, bad: (s) => s };

const len = (s: string): number => [...s].length;
const padEnd = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - len(s)));
const padStart = (s: string, w: number): string => ' '.repeat(Math.max(0, w - len(s))) + s;
function clip(s: string, w: number): string {
  return len(s) <= w ? s : `${[...s].slice(0, Math.max(1, w - 1)).join('')}…`;
}

interface Col {
  head: string;
  cell(m: ProfileMetric): string;
  right: boolean;
  /** Dropped first when the terminal is narrow (higher = sooner). */
  drop: number;
  tone?(m: ProfileMetric): 'good' | 'bad' | 'plain';
}

/** Wraps text at spaces to `width`; the first line keeps the text's own indent, the others get `indent`. */
function wrapText(s: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(s)![0];
  const words = s.slice(lead.length).split(' ');
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur === '' ? w : `${cur} ${w}`;
    if (len(next) + Math.max(lead.length, indent.length) > width && cur !== '') {
      out.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur !== '') out.push(cur);
  return out.map((l, i) => (i === 0 ? lead + l : indent + l));
}

/**
 * The factsheet for a terminal: one aligned block per section fitted to `width` (columns are
 * dropped — earlier value, then trend, then world rank — and titles shortened when it is narrow).
 */
export function renderText(p: Profile, opts: { width?: number; style?: TextStyle } = {}): string {
  const st = opts.style ?? plain;
  const width = opts.width === undefined ? Infinity : Math.max(60, opts.width);
  const wrapAt = Number.isFinite(width) ? width : 100;
  const out: string[] = [];
  out.push(st.bold(`${p.name} (${p.code})`) + (headerLine(p) ? `  ${headerLine(p)}` : ''));
  const v = vintageLine(p);
  if (v) out.push(...wrapText(`Data: ${v}`, wrapAt, '      ').map((l) => st.dim(l)));
  out.push('');
  const cols: Col[] = [
    { head: 'latest', cell: (m) => (m.latest ? showValue(m.latest.value, m.unit) : '–'), right: true, drop: 0 },
    { head: 'year', cell: (m) => yearLabel(m), right: false, drop: 0 },
    { head: '10 years earlier', cell: (m) => (m.earlier ? `${showValue(m.earlier.value, m.unit)} (${m.earlier.year})` : ''), right: true, drop: 4 },
    { head: 'change', cell: (m) => showChange(m), right: true, drop: 2 },
    { head: 'trend', cell: (m) => textSparkline(m.trend.map((t) => t.value)), right: false, drop: 3 },
    { head: 'region rank', cell: (m) => showRank(m.region), right: true, drop: 0, tone: (m) => rankTone(m.region) },
    { head: 'world rank', cell: (m) => showRank(m.world), right: true, drop: 1, tone: (m) => rankTone(m.world) },
  ];
  const metrics = p.sections.flatMap((s) => s.metrics);
  const widths = cols.map((c) => Math.max(len(c.head), ...metrics.map((m) => len(c.cell(m)))));
  const titleW = Math.min(44, Math.max(20, ...metrics.map((m) => len(m.label))));
  let shown = cols.map((_, i) => i);
  const total = (idx: number[], tw: number): number => 2 + tw + idx.reduce((s, i) => s + 2 + widths[i]!, 0);
  let tw = titleW;
  for (const level of [4, 3, 2, 1]) {
    if (total(shown, tw) <= width) break;
    shown = shown.filter((i) => cols[i]!.drop !== level);
  }
  if (total(shown, tw) > width) tw = Math.max(16, tw - (total(shown, tw) - width));
  const row = (title: string, cells: string[], tones: Array<'good' | 'bad' | 'plain'>): string => {
    const parts = shown.map((ci, k) => {
      const c = cols[ci]!;
      const txt = c.right ? padStart(cells[k]!, widths[ci]!) : padEnd(cells[k]!, widths[ci]!);
      const tone = tones[k];
      return tone === 'good' ? st.good(txt) : tone === 'bad' ? st.bad(txt) : txt;
    });
    return `  ${padEnd(clip(title, tw), tw)}  ${parts.join('  ')}`.trimEnd();
  };
  for (const s of p.sections) {
    out.push(st.bold(s.title.toUpperCase()));
    if (s.metrics.length === 0) {
      out.push(...wrapText(`  no data: ${s.unavailable.map((u) => `${u.id} (needs ${u.missing.join(', ')})`).join('; ') || 'nothing in the inputs'}`, wrapAt, '    ').map((l) => st.dim(l)));
      out.push('');
      continue;
    }
    out.push(st.dim(row('', shown.map((i) => cols[i]!.head), [])));
    for (const m of s.metrics) {
      out.push(
        row(
          m.label,
          shown.map((i) => cols[i]!.cell(m)),
          shown.map((i) => cols[i]!.tone?.(m) ?? 'plain'),
        ),
      );
    }
    if (s.unavailable.length > 0) out.push(...wrapText(`  not available: ${s.unavailable.map((u) => `${u.id} (needs ${u.missing.join(', ')})`).join('; ')}`, wrapAt, '    ').map((l) => st.dim(l)));
    out.push('');
  }
  const partners = (title: string, b: PartnerBlock, what: string): void => {
    out.push(st.bold(title.toUpperCase()));
    const nameW = Math.min(36, Math.max(...b.top.map((t) => len(t.name))));
    b.top.forEach((t, i) => {
      const bar = '█'.repeat(Math.max(1, Math.round(t.share * 30)));
      out.push(`  ${padStart(String(i + 1), 2)}. ${padEnd(clip(t.name, nameW), nameW)}  ${padStart(pct(t.share), 6)}  ${st.dim(bar)}`);
    });
    out.push(...wrapText(`  ${concentrationLine(b, what)} — ${b.file}`, wrapAt, '  ').map((l) => st.dim(l)));
    out.push('');
  };
  if (p.destinations) partners(partnerTitle('destinations', p.destinations), p.destinations, 'destination countries');
  if (p.remittanceSources) partners(partnerTitle('sources', p.remittanceSources), p.remittanceSources, 'sending countries');
  const notes = [RANK_NOTE, ...(hasNeutral(p) ? [NEUTRAL_NOTE] : []), ...allNotes(p)];
  out.push(st.bold('NOTES'));
  for (const n of notes) out.push(...wrapText(`  • ${n}`, wrapAt, '    ').map((l) => st.dim(l)));
  return `${out.join('\n')}\n`;
}
