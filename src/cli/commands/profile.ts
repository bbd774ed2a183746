import { Option, type Command } from 'commander';
import { addInputOptions, collect, type InputFlags } from '../options.js';
import { withContext } from './shared.js';

export const PROFILE_FORMATS = ['table', 'md', 'html', 'json'] as const;

export type ProfileFlags = InputFlags & {
  format?: string;
  output?: string;
  map?: string[];
  top?: string;
  stock?: string[];
  remittances?: string[];
};

export function registerProfile(program: Command): void {
  const cmd = program
    .command('profile')
    .description("one country's factsheet: latest values, ten-year change, trends, ranks in its region and the world, top partners")
    .argument('<CODE>', 'ISO3 code of the country (KEN)')
    .argument('[FILE...]', 'WDI/long/wide data files, bilateral migrant-stock and remittance matrices, Metadata_Country files (- or none for standard input)')
    .addOption(new Option('-f, --format <FMT>', 'table (default on a terminal), md (default when piped), html (one self-contained page with SVG charts), json').choices([...PROFILE_FORMATS]))
    .option('-o, --output <FILE>', 'write to FILE atomically (format from its extension .md, .html, .json, .txt unless -f)')
    .option('--map <INPUT=CODE>', 'read a semantic input from this indicator code or column (repeatable)', collect)
    .option('--top <K>', 'partners listed for destinations and remittance sources (default 5)', '5')
    .option('--stock <FILE>', 'this bilateral file is a migrant stock (origin × destination) — by default a file is one unless its name says "remit" (repeatable)', collect)
    .option('--remittances <FILE>', 'this bilateral file is a remittance matrix (sending × receiving) (repeatable)', collect);
  addInputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Every metric the inputs allow, by family, with its latest value and year, the value ten years
earlier and the change, a trend over those years, and the rank among the countries of the
region and of the world with a value that year (1 = best by the metric's direction; neutral
metrics are ranked by value, highest first, and marked †). The values are those of
'migdev compute' on the same files. Bilateral files add the top destinations of emigrants (a
migrant stock) and the top sources of remittances (a remittance matrix), with shares and HHI.

Examples:
  migdev profile KEN fixtures/wdi/API_*.csv
  migdev profile NPL fixtures/wdi/API_*.csv fixtures/bilateral/UN_MigrantStockByOriginAndDestination_2019_clean.csv fixtures/bilateral/wb_remittance_matrix_2012_kvdbrach.csv -f md
  migdev profile MEX fixtures/wdi/API_*.csv -o mex.html
  migdev profile KEN fixtures/wdi/API_*.csv -f json | jq '.sections[0].metrics[0]'`,
  );
  cmd.action(
    withContext(async (ctx, code: string, files: string[], flags: ProfileFlags) => {
      const { runProfile } = await import('../profile-run.js');
      await runProfile(code, files, flags, ctx);
    }),
  );
}
