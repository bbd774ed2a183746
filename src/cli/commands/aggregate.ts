import type { Command } from 'commander';
import { addGroupOptions } from '../options.js';
import { addComputeOptions, type ComputeFlags } from './compute.js';
import { withContext } from './shared.js';

export function registerAggregate(program: Command): void {
  const cmd = program
    .command('aggregate')
    .description('group aggregates (region, income group, custom groups) following the WDI method')
    .argument('[FILE...]', 'input files (- or none for standard input)');
  addComputeOptions(cmd);
  addGroupOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `
Rules (World Bank WDI method; every row carries n, members with data, and coverage):
  sums (inputs such as remit_in_usd, level metrics)  computed when ≤ 1/3 of the members lack data
  ratios (remittances_gdp_pct…)  Σ numerator / Σ denominator over members with both, when they
                                 hold ≥ 2/3 of the group's known denominator
  growth (remittance_growth_pct) from the totals of the members with data in t and t − 1, when
                                 they are ≥ 1/2 of the members
  --stat median|mean|min|max     unweighted, for metrics without a rule (costs, window metrics,
                                 -e formulas); ID=STAT replaces one metric's rule
  -m takes input names too: -m remit_in_usd,gdp_usd gives group totals (default: every additive
  input in the data, and every metric computable from it)

Examples:
  migdev aggregate fixtures/wdi/API_{BX.TRF,NY.GDP.MKTP}*.csv --group-by region -m remittances_gdp_pct --years 2020-
  migdev aggregate fixtures/wdi/API_BX.TRF*.csv --group-by income -m remit_in_usd,remittance_growth_pct --latest
  migdev aggregate fixtures/wdi/API_BX.TRF*.csv --groups my-groups.csv --min-coverage 0.5   # code,group rows
  migdev aggregate costs.csv --group-by region -m remittance_cost_gap_pp --stat median
  migdev compute fixtures/wdi/API_{BX.TRF,NY.GDP.MKTP}*.csv --countries KEN,UGA --group-by region   # entities, then groups`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: ComputeFlags) => {
      const { runCompute } = await import('../compute-run.js');
      await runCompute(files, flags, ctx, 'aggregate');
    }),
  );
}
