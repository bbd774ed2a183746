import { textSparkline } from '../chart/sparkline.js';
import { NEUTRAL_NOTE, RANK_NOTE, allNotes, concentrationLine, hasNeutral, headerLine, partnerTitle, pct, showChange, showRank, showValue, vintageLine, yearLabel } from './format.js';
import type { PartnerBlock, Profile } from './types.js';

/** A Markdown table cell: pipes and line breaks would end the cell. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  return [
    `| ${head.map(mdCell).join(' | ')} |`,
    `|${right.map((r) => (r ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}

/** The factsheet as a Markdown page a researcher pastes into a report (GitHub-flavoured tables). */
export function renderMarkdown(p: Profile): string {
  const out: string[] = [];
  out.push(`# ${p.name} (${p.code})`, '');
  const h = headerLine(p);
  if (h) out.push(`**${h.replace(' · ', '** · **')}**${p.metaSource === 'meta-file' ? ' (from the metadata file)' : ''}`, '');
  const v = vintageLine(p);
  if (v) out.push(`Data: ${v}`, '');
  for (const s of p.sections) {
    out.push(`## ${s.title}`, '');
    if (s.metrics.length > 0) {
      out.push(
        ...table(
          ['Indicator', 'Latest', 'Year', '10 years earlier', 'Change', 'Trend', `Rank in ${p.region ?? 'region'}`, 'Rank in world'],
          s.metrics.map((m) => [
            m.label,
            m.latest ? showValue(m.latest.value, m.unit) : '–',
            yearLabel(m),
            m.earlier ? `${showValue(m.earlier.value, m.unit)} (${m.earlier.year})` : '',
            showChange(m),
            textSparkline(m.trend.map((t) => t.value)),
            showRank(m.region),
            showRank(m.world),
          ]),
          [false, true, false, true, true, false, true, true],
        ),
        '',
      );
    }
    if (s.unavailable.length > 0) out.push(`${s.metrics.length === 0 ? 'No data' : 'Not available'}: ${s.unavailable.map((u) => `\`${u.id}\` (needs ${u.missing.join(', ')})`).join('; ')}.`, '');
  }
  const partners = (title: string, b: PartnerBlock, what: string, col: string): void => {
    out.push(`## ${title}`, '');
    out.push(...table(['#', col, 'Share'], b.top.map((t, i) => [String(i + 1), t.name, pct(t.share)]), [true, false, true]), '');
    out.push(`${concentrationLine(b, what)}. Source: \`${b.file}\`.`, '');
  };
  if (p.destinations) partners(partnerTitle('destinations', p.destinations), p.destinations, 'destination countries', 'Destination');
  if (p.remittanceSources) partners(partnerTitle('sources', p.remittanceSources), p.remittanceSources, 'sending countries', 'Sending country');
  out.push('## Notes', '');
  for (const n of [RANK_NOTE, ...(hasNeutral(p) ? [NEUTRAL_NOTE] : []), ...allNotes(p)]) out.push(`- ${n}`);
  return `${out.join('\n')}\n`;
}
