import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { addInputOptions, addOutputOptions, type InputFlags, type OutputFlags } from '../options.js';
import { withContext } from './shared.js';

type Flags = InputFlags & OutputFlags & { indicators?: string };

export function registerConvert(program: Command): void {
  const cmd = program
    .command('convert')
    .description('rewrite any supported input as a tidy long (or wide) table for R, pandas, DuckDB or a spreadsheet')
    .argument('[FILE...]', 'input files (- or none for standard input)')
    .option('--indicators <LIST>', 'keep only these indicator codes (comma list)');
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Output columns: code,name,year,indicator,value (long) or code,name,year,<indicators…> (wide);
bilateral inputs give origin,destination,year,indicator,value.

Examples:
  migdev convert fixtures/wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv --countries KEN,UGA -o pop.csv
  migdev convert fixtures/ddf/ddf--datapoints--sp_pop_totl--by--economy--year.csv --shape wide --years 2020-
  migdev convert fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv --format json`,
  );
  cmd.action(
    withContext(async (ctx, files: string[], flags: Flags) => {
      const { loadData, inputFiles } = await import('../load.js');
      const { panelTable, bilateralTable, pricesTable } = await import('../../convert.js');
      const { emitTable } = await import('../emit.js');
      const indicators = flags.indicators ? new Set(flags.indicators.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)) : undefined;
      const inputs = inputFiles(files);
      const { data, meta } = await loadData(inputs, flags, ctx, indicators);
      const kinds = [data.panel.size > 0, data.bilateral.size > 0, data.prices.size > 0].filter(Boolean).length;
      if (kinds > 1) {
        throw usageError('mixed-inputs', 'the inputs hold more than one kind of data (country-level, bilateral, prices)', 'convert each kind in its own call');
      }
      const shape = flags.shape === 'wide' ? 'wide' : 'long';
      const table = data.bilateral.size > 0 ? bilateralTable(data.bilateral) : data.prices.size > 0 ? pricesTable(data.prices) : panelTable(data.panel, meta, shape);
      await emitTable(table, flags, ctx, inputs);
    }),
  );
}
