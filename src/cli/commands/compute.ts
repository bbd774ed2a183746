import type { Command } from 'commander';
import { addGroupOptions, addInputOptions, addOutputOptions, collect, type GroupFlags, type InputFlags, type OutputFlags } from '../options.js';
import { withContext } from './shared.js';

/** The flags of every command that computes metrics (compute, aggregate, index). */
export type MetricJobFlags = InputFlags &
  OutputFlags & {
    metrics?: string[];
    expr?: string[];
    map?: string[];
    window?: string;
    latest?: boolean;
    config?: string;
  };

export type ComputeFlags = MetricJobFlags &
  GroupFlags & {
    plot?: string;
  };

export function addComputeOptions(cmd: Command): Command {
  cmd
    .option('-m, --metrics <LIST>', 'metric ids, families (remittances.*) or all; default: every metric computable from the inputs', collect)
    .option('-e, --expr <NAME=FORMULA>', 'a custom metric in mathjs syntax over inputs, `INDICATOR.CODES` and metric ids (repeatable)', collect)
    .option('--map <INPUT=CODE>', 'read a semantic input from this indicator code or column (repeatable)', collect)
    .option('--window <RANGE>', 'years of the window metrics (CAGR, volatility, counter-cyclicality), e.g. 2000-2020')
    .option('--latest', 'the most recent non-missing value per entity and metric, with its year')
    .option('--config <FILE>', 'a JSON project file: inputs, mappings, metrics, custom formulas, output')
    .option('--plot <FILE.svg>', 'also draw the annual metrics over the years as a self-contained SVG line chart (one panel per unit)');
  addInputOptions(cmd);
  addOutputOptions(cmd);
  return cmd;
}

export function registerCompute(program: Command): void {
  const cmd = program
    .command('compute')
    .description('compute migration–development metrics for every entity × year (the main job)')
    .argument('[FILE...]', 'input files (- or none for standard input)');
  addComputeOptions(cmd);
  addGroupOptions(cmd, true);
  cmd.addHelpText(
    'after',
    `
Examples:
  migdev compute fixtures/wdi/*.csv --countries KEN,MEX --latest
  migdev compute fixtures/wdi/*.csv -m remittances_gdp_pct,remittance_growth_pct --years 2015- -f csv
  migdev compute fixtures/wdi/*.csv -m remittances.* --shape wide -o out.csv
  migdev compute fixtures/wdi/*.csv -e 'remit_per_gdp_dollar=remit_in_usd / gdp_usd' -m remit_per_gdp_dollar
  migdev compute fixtures/bra/API_BRA_DS2_en_csv_v2_2392.csv -m remittance_cagr_pct --window 2005-2020
  migdev compute fixtures/wdi/API_{BX.TRF,NY.GDP.MKTP}*.csv -m remittances_gdp_pct --countries KEN,UGA,TZA --group-by region
  migdev compute fixtures/wdi/API_{BX.TRF,NY.GDP.MKTP}*.csv -m remittances_gdp_pct --countries KEN,NPL,MEX --plot remit.svg
  migdev metrics                      # the catalogue`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: ComputeFlags) => {
      const { runCompute } = await import('../compute-run.js');
      await runCompute(files, flags, ctx);
    }),
  );
}
