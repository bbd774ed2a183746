import { svgSparkline } from '../chart/sparkline.js';
import { el, escapeXml as esc } from '../chart/xml.js';
import { NEUTRAL_NOTE, RANK_NOTE, allNotes, concentrationLine, hasNeutral, headerLine, partnerTitle, pct, rankSentence, rankTone, showChange, showRank, showValue, vintageLine, yearLabel } from './format.js';
import type { PartnerBlock, Profile, ProfileMetric } from './types.js';

const CSS = `
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1a1a1a;margin:0;background:#f6f7f9}
main{max-width:1160px;box-sizing:border-box;margin:0 auto;padding:32px 40px;background:#fff}
h1{font-size:30px;margin:0 0 4px}
.sub{color:#444;font-size:16px;margin:0 0 4px}
.vintage{color:#666;font-size:13px;margin:0 0 24px}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #1f5f99;color:#1f3f66}
table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;font-weight:600;color:#555;font-size:12px;text-transform:uppercase;letter-spacing:.03em;padding:6px 8px;border-bottom:1px solid #ccc}
td{padding:6px 8px;border-bottom:1px solid #eee;vertical-align:middle}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.wrap{white-space:normal;min-width:90px}
td.label{min-width:240px}
.good{color:#17692e;font-weight:600}.bad{color:#a3261d;font-weight:600}
.yr{color:#777;font-size:12px}
.missing{color:#777;font-size:13px}
.partners{display:grid;grid-template-columns:1fr 1fr;gap:32px}
.bar{height:10px;background:#1f5f99;border-radius:2px;display:inline-block;vertical-align:middle}
ul.notes{font-size:13px;color:#444;padding-left:20px}
footer{font-size:12px;color:#777;margin-top:24px}
@media print{body{background:#fff}main{padding:0}}
`;

function metricRow(m: ProfileMetric): string {
  const spark = svgSparkline(
    m.trend.map((t) => t.value),
    { width: 120, height: 30, label: m.trend.length > 0 ? `${m.label}, ${m.trend[0]!.year}–${m.trend[m.trend.length - 1]!.year}` : m.label },
  );
  const rank = (r: ProfileMetric['region']): string => (r ? el('td', { class: `num ${rankTone(r)}`, title: rankSentence(r) }, esc(showRank(r))) : el('td', { class: 'num' }, ''));
  return el(
    'tr',
    {},
    el('td', { class: 'label', title: `${m.title} (${m.id})` }, esc(m.label)),
    el('td', { class: 'num' }, esc(m.latest ? showValue(m.latest.value, m.unit) : '–'), ' ', el('span', { class: 'yr' }, esc(yearLabel(m)))),
    el('td', { class: 'num' }, m.earlier ? `${esc(showValue(m.earlier.value, m.unit))} ${el('span', { class: 'yr' }, esc(String(m.earlier.year)))}` : ''),
    el('td', { class: 'num wrap' }, esc(showChange(m))),
    el('td', {}, spark),
    rank(m.region),
    rank(m.world),
  );
}

function partnerSection(title: string, b: PartnerBlock, what: string): string {
  const max = Math.max(...b.top.map((t) => t.share), 0.0001);
  return el(
    'section',
    {},
    el('h2', {}, esc(title)),
    el(
      'table',
      {},
      el('tr', {}, el('th', {}, '#'), el('th', {}, 'Country'), el('th', { class: 'num' }, 'Share'), el('th', {}, '')),
      ...b.top.map((t, i) =>
        el('tr', {}, el('td', {}, String(i + 1)), el('td', {}, esc(t.name)), el('td', { class: 'num' }, esc(pct(t.share))), el('td', {}, el('span', { class: 'bar', style: `width:${Math.round((t.share / max) * 160)}px` }, ''))),
      ),
    ),
    el('p', { class: 'missing' }, esc(`${concentrationLine(b, what)}. Source: ${b.file}`)),
  );
}

/**
 * The factsheet as one self-contained HTML page (XHTML-style, so it is also well-formed XML):
 * inline CSS, an inline SVG sparkline per metric, no scripts and no external resources.
 */
export function renderHtml(p: Profile): string {
  const parts: string[] = [];
  parts.push(el('h1', {}, esc(`${p.name} (${p.code})`)));
  const h = headerLine(p);
  if (h) parts.push(el('p', { class: 'sub' }, esc(h)));
  const v = vintageLine(p);
  parts.push(el('p', { class: 'vintage' }, esc(v ? `Data: ${v}` : 'Data: the files given')));
  for (const s of p.sections) {
    const body: string[] = [el('h2', {}, esc(s.title))];
    if (s.metrics.length > 0) {
      body.push(
        el(
          'table',
          {},
          el(
            'tr',
            {},
            el('th', {}, 'Indicator'),
            el('th', { class: 'num' }, 'Latest'),
            el('th', { class: 'num' }, '10 years earlier'),
            el('th', { class: 'num' }, 'Change'),
            el('th', {}, 'Trend, 10 years'),
            el('th', { class: 'num', title: p.region ?? '' }, 'Rank in region'),
            el('th', { class: 'num' }, 'Rank in world'),
          ),
          ...s.metrics.map(metricRow),
        ),
      );
    }
    if (s.unavailable.length > 0) body.push(el('p', { class: 'missing' }, esc(`${s.metrics.length === 0 ? 'No data' : 'Not available'}: ${s.unavailable.map((u) => `${u.id} (needs ${u.missing.join(', ')})`).join('; ')}.`)));
    parts.push(el('section', {}, ...body));
  }
  const partners: string[] = [];
  if (p.destinations) partners.push(partnerSection(partnerTitle('destinations', p.destinations), p.destinations, 'destination countries'));
  if (p.remittanceSources) partners.push(partnerSection(partnerTitle('sources', p.remittanceSources), p.remittanceSources, 'sending countries'));
  if (partners.length > 0) parts.push(el('div', { class: 'partners' }, ...partners));
  parts.push(el('h2', {}, 'Notes'));
  parts.push(el('ul', { class: 'notes' }, ...[RANK_NOTE, ...(hasNeutral(p) ? [NEUTRAL_NOTE] : []), ...allNotes(p)].map((n) => el('li', {}, esc(n)))));
  parts.push(el('footer', {}, esc('Made with migdev profile. Values are those of migdev compute on the same files.')));
  const head = el('head', {}, el('meta', { charset: 'utf-8' }), el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), el('title', {}, esc(`${p.name} (${p.code}) — migration and development profile`)), el('style', {}, CSS));
  return `<!DOCTYPE html>\n${el('html', { lang: 'en' }, head, el('body', {}, el('main', {}, ...parts)))}\n`;
}
