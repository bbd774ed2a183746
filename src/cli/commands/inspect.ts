import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { InspectReport } from '../../inspect.js';
import type { Cell, Table } from '../../output/table.js';
import { addInputOptions, addOutputOptions, type InputFlags, type OutputFlags } from '../options.js';
import { withContext } from './shared.js';

type Flags = InputFlags & OutputFlags;

function list(items: readonly string[], max = 12): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … (${items.length - max} more)`;
}

function describe(r: InspectReport, ctx: CliContext): string {
  const c = ctx.out;
  const n = (v: number): string => v.toLocaleString('en-US');
  const lines: string[] = [c.bold(r.file)];
  const encoding = `${r.encoding}${r.bom ? ' with BOM' : ''}`;
  const delim = r.delimiter === '\t' ? 'tab' : r.delimiter;
  if (r.sheet !== undefined) {
    lines.push(`  format      ${r.format} · xlsx workbook, sheet '${r.sheet}'${r.decimalComma ? ' · decimal comma' : ''}`);
    for (const s of r.sheets ?? []) {
      const table = s.layout !== null ? `${s.layout} table, header row ${s.headerRow}` : 'no table found';
      lines.push(`  sheet       ${s.name === r.sheet ? '* ' : '  '}${s.name}  ${c.dim(`${n(s.rows)} rows × ${s.columns} columns · ${table}`)}`);
    }
  } else lines.push(`  format      ${r.format} · ${encoding} · delimiter ${delim} · ${r.lineEnding}${r.decimalComma ? ' · decimal comma' : ''}`);
  lines.push(`  header      ${r.sheet !== undefined ? 'row' : 'line'} ${r.headerLine}${r.preambleLines ? ` (${r.preambleLines} preamble line${r.preambleLines > 1 ? 's' : ''} skipped)` : ''}`);
  const extras = [r.blankRows ? `${n(r.blankRows)} blank` : '', r.footerLines ? `${n(r.footerLines)} footer` : ''].filter(Boolean);
  lines.push(`  rows        ${n(r.rows)}${extras.length ? ` (plus ${extras.join(', ')})` : ''} · ${n(r.values)} values`);
  if (r.entities.total > 0) {
    const parts = [`${n(r.entities.countries)} countries`];
    if (r.entities.aggregates.length) parts.push(`${r.entities.aggregates.length} World Bank aggregates (${list(r.entities.aggregates, 8)})`);
    if (r.entities.other.length) parts.push(`${r.entities.other.length} other codes (${list(r.entities.other, 8)})`);
    lines.push(`  entities    ${n(r.entities.total)} with data: ${parts.join(', ')}`);
  }
  if (r.firstYear !== null) lines.push(`  years       ${r.firstYear}–${r.lastYear}`);
  if (r.indicators.length) {
    lines.push(`  indicators  ${r.indicators.length}`);
    const shown = r.indicators.slice(0, 40);
    const w = Math.max(...shown.map((i) => i.code.length));
    for (const i of shown) {
      const cov = i.coverage === null ? '' : `${(i.coverage * 100).toFixed(1)}%`;
      const name = i.name.length > 60 ? `${i.name.slice(0, 59)}…` : i.name;
      lines.push(`    ${i.code.padEnd(w)}  ${c.dim(`${i.entities} entities · ${i.firstYear}–${i.lastYear} · ${n(i.values)} values · coverage ${cov}`)}${name ? `  ${name}` : ''}`);
    }
    if (r.indicators.length > shown.length) lines.push(c.dim(`    … ${r.indicators.length - shown.length} more (--format csv lists all)`));
  }
  if (r.bilateral) {
    const b = r.bilateral;
    lines.push(`  bilateral   ${n(b.rows)} values · ${b.origins} origins × ${b.destinations} destinations · ${b.indicators.join(', ')}${b.firstYear !== null ? ` · ${b.firstYear}–${b.lastYear}` : ''}`);
    if (b.nonCountries.length) lines.push(`  partners    not countries: ${list(b.nonCountries)}`);
    if (b.declaredTotals) lines.push(`  totals      ${n(b.declaredTotals)} published totals (checked by corridors)`);
  }
  if (r.prices) {
    const p = r.prices;
    lines.push(`  prices      ${n(p.quotes)} quotes · ${p.corridors} corridors (${p.sending} sending × ${p.receiving} receiving) · ${p.firstPeriod}–${p.lastPeriod}`);
  }
  if (r.metaEntities) lines.push(`  metadata    ${n(r.metaEntities)} entities (use it with --meta)`);
  for (const note of r.notes) lines.push(`  note        ${note}`);
  return lines.join('\n');
}

/** One row per file × indicator, for machines. */
function indicatorTable(reports: readonly InspectReport[]): Table {
  const rows: Cell[][] = [];
  for (const r of reports) {
    for (const i of r.indicators) rows.push([r.file, r.format, i.code, i.name, i.entities, i.firstYear, i.lastYear, i.values, i.coverage]);
    if (r.bilateral) for (const ind of r.bilateral.indicators) rows.push([r.file, r.format, ind, 'bilateral', r.bilateral.origins, r.bilateral.firstYear, r.bilateral.lastYear, r.bilateral.rows, null]);
  }
  return {
    columns: [
      { name: 'file', kind: 'text' },
      { name: 'format', kind: 'text' },
      { name: 'indicator', kind: 'text' },
      { name: 'name', kind: 'text' },
      { name: 'entities', kind: 'number' },
      { name: 'first_year', kind: 'number' },
      { name: 'last_year', kind: 'number' },
      { name: 'values', kind: 'number' },
      { name: 'coverage', kind: 'number' },
    ],
    rows,
  };
}

export function registerInspect(program: Command): void {
  const cmd = program
    .command('inspect')
    .description('what a file holds: detected layout, encoding, delimiter, entities, indicators, years, coverage')
    .argument('<FILE...>', 'input files (- for standard input)');
  addInputOptions(cmd);
  addOutputOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `
Examples:
  migdev inspect fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv
  migdev inspect fixtures/rpw/*.csv --format json
  migdev inspect data/*.csv --format csv > inventory.csv`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: Flags) => {
      const { inspectFile } = await import('../../inspect.js');
      const { readOptions } = await import('../options.js');
      const opts = readOptions(flags);
      const reports: InspectReport[] = [];
      for (const f of files) reports.push(await inspectFile(f, opts));
      const { emitTable, emitText, chosenFormat } = await import('../emit.js');
      const format = chosenFormat(flags, ctx);
      if (format === 'table') return emitText(`${reports.map((r) => describe(r, ctx)).join('\n\n')}\n`, flags, files);
      if (format === 'json') return emitText(`${JSON.stringify(reports, null, 2)}\n`, flags, files);
      await emitTable(indicatorTable(reports), flags, ctx, files);
    }),
  );
}
