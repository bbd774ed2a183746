import { Option, type Command } from 'commander';
import { usageError } from '../../errors.js';
import { addInputOptions, addOutputOptions, type InputFlags, type OutputFlags } from '../options.js';
import { withContext } from './shared.js';

// Kept in step with src/corridors/report.ts; repeated here so `--help` does not load the core.
const REPORTS = ['concentration', 'partners', 'emigrants', 'totals', 'costs'];
const COST_LEVELS = ['corridor', 'sending', 'receiving', 'region', 'global'];

type Flags = InputFlags &
  OutputFlags & {
    report?: string;
    by?: 'origin' | 'destination';
    top?: string;
    indicator?: string;
    costs?: string;
    tolerance?: string;
  };

function parseTop(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'all') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw usageError('bad-top', `--top '${text}' is not a whole number from 0 to 1000`, 'write --top 5, or --top all (also 0)');
  return n;
}

function parseTolerance(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || text.trim() === '') throw usageError('bad-tolerance', `--tolerance '${text}' is not a non-negative number`, 'write --tolerance 1e-6');
  return n;
}

export function registerCorridors(program: Command): void {
  const cmd = program
    .command('corridors')
    .description('bilateral analysis: diaspora/remittance concentration, top partners, emigrant stock, SDG 10.c.1 remittance costs')
    .argument('[FILE...]', 'bilateral data (matrices, origin,destination rows, RPW corridor exports) and/or price surveys (- or none for standard input)')
    .addOption(
      new Option('--report <REPORT>', 'what to compute (default: costs for price data or RPW corridor costs, else concentration)').choices(REPORTS),
    )
    .addOption(new Option('--by <SIDE>', 'concentration per origin or per destination (default origin); for --costs region, the side whose region groups (default destination)').choices(['origin', 'destination']))
    .option('--top <K>', 'partners listed per code: top-k columns (concentration), rows (partners); all or 0 = every partner', '3')
    .option('--indicator <CODE>', 'the bilateral indicator to use when the data hold several (the stock or flow analysed; the flows weighting costs)')
    .addOption(new Option('--costs <LEVEL>', 'cost report level (implies --report costs; default corridor)').choices(COST_LEVELS))
    .option('--tolerance <REL>', 'relative difference above which a published matrix total is reported (default 1e-6)');
  addInputOptions(cmd);
  addOutputOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `
Reports (one table each; --years keeps those years; --countries keeps those codes on the
--by side, the countries of --costs sending/receiving, else corridors with either end among them):
  concentration  code,name,year,indicator,total,partners,hhi,effective_partners,top1,top1_share,…
                 HHI = Σ share² over partners with a positive value (0–1), effective partners = 1/HHI
  partners       origin,destination,year,indicator,value,share,rank: the top-k partners of each code
  emigrants      code,name,year,indicator,value with indicator emigrant_stock: a stock matrix summed
                 over destinations per origin — a long file that compute reads as emigrant_stock
  totals         every Total row/column a matrix printed vs the sum of its values (kind, declared,
                 computed, difference, status); a mismatch is also a warning on stderr in every report
  costs          SDG 10.c.1 from price quotes (one row per service) or RPW corridor averages
                 (ATCR.CORR: one figure per corridor and year, the mean of its quarters, so the
                 period and services columns give way to quarters):
    --costs corridor   origin (sending),destination (receiving),year,period,services,average_cost_pct,
                       smart_cost_pct (3 cheapest),smart_services (<3 flags the corridor),gap_to_3_pp,at_or_below_5
    --costs sending | receiving   code,name,year,period,corridors,services,average_cost_pct,gap_to_3_pp
    --costs region     the same per World Bank region (of the receiving country unless --by origin)
    --costs global     average_cost_pct (the SDG headline), smart_average_pct, share_at_or_below_5,
                       share_above_5, and weighted_average_cost_pct when a remittance matrix is given too
  Quarterly data add a period column (2011Q1) beside the year.

Examples:
  migdev corridors fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv --years 2019 --countries MEX,IND,PHL --digits 3
  migdev corridors fixtures/bilateral/unhcr_2020.csv --by destination --indicator refugees --years 2020 --countries TUR,UGA,DEU --digits 3
  migdev corridors fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv --report partners --countries USA --top 10 --digits 4
  migdev corridors fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv --report emigrants --years 2019 -o emigrants.csv
  migdev corridors fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv --report totals --format json
  migdev corridors fixtures/rpw/*_Data.csv --costs receiving --years 2020 --countries BRA,MEX,NPL --digits 2
  migdev corridors test/fixtures-prices/synthetic_rpw_services.csv --costs region --digits 3
  migdev corridors fixtures/rpw/*_Data.csv fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv --costs global --years 2018- --digits 3`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: Flags) => {
      const { loadData, inputFiles } = await import('../load.js');
      const { parseCountries } = await import('../options.js');
      const { corridorReport } = await import('../../corridors/report.js');
      const { emitTable } = await import('../emit.js');
      const top = parseTop(flags.top);
      const tolerance = parseTolerance(flags.tolerance);
      if (flags.costs && flags.report && flags.report !== 'costs') {
        throw usageError('conflicting-flags', `--costs ${flags.costs} asks for the cost report, --report ${flags.report} for another`, 'give one of them');
      }
      const inputs = inputFiles(files);
      const { data } = await loadData(inputs, flags, ctx);
      if (data.panel.size > 0) ctx.note(`ignored ${data.panel.size.toLocaleString('en-US')} country-level values: corridors reads bilateral data and price surveys`);
      const keep = flags.countries ? parseCountries(flags.countries) : undefined;
      const result = corridorReport(data, {
        ...(flags.report ? { report: flags.report as 'concentration' } : {}),
        ...(flags.by ? { by: flags.by, regionSide: flags.by } : {}),
        ...(top !== undefined ? { top } : {}),
        ...(flags.indicator ? { indicator: flags.indicator } : {}),
        ...(keep ? { keep: (code: string) => keep.has(code) } : {}),
        ...(flags.costs ? { costs: flags.costs as 'corridor' } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
      });
      for (const n of result.notes) ctx.note(n);
      for (const w of result.warnings) ctx.warn(w);
      await emitTable(result.table, flags, ctx, inputs);
    }),
  );
}
