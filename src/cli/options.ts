import { Option, type Command } from 'commander';
import type { Config } from '../config.js';
import { parseEncoding } from '../csv/source.js';
import { usageError } from '../errors.js';
import { INPUT_FORMATS, type FilterSpec, type InputFormat, type ReadOptions, filterFromSpec } from '../ingest/types.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/table.js';
import { normCode } from '../values.js';

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Options every command that reads data accepts. */
export interface InputFlags {
  inputFormat?: string;
  encoding?: string;
  delimiter?: string;
  decimalComma?: boolean;
  decimalPoint?: boolean;
  matrixRows?: string;
  na?: string[];
  countries?: string;
  includeAggregates?: boolean;
  years?: string;
  meta?: string;
  sheet?: string;
}

export interface OutputFlags {
  format?: string;
  shape?: string;
  output?: string;
  digits?: string;
  excel?: boolean;
}

/** How to read a file: the flags that override detection (every command that reads data). */
export function addReadOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--input-format <FMT>', 'force the input layout instead of detecting it').choices([...INPUT_FORMATS]))
    .option('--encoding <ENC>', 'force the input encoding: utf-8, utf-16le, utf-16be, windows-1252')
    .option('--delimiter <CHAR>', 'force the field delimiter (`,` `;` `\\t`)')
    .option('--sheet <NAME|N>', 'the sheet of an .xlsx workbook to read (default: the first holding a table)')
    .option('--decimal-comma', 'numbers use a decimal comma (1234,5)')
    .option('--decimal-point', 'numbers use a decimal point even in `;`-separated files')
    .option('--na <TEXT>', 'an extra missing-value marker, besides empty, .., NA, N/A, NaN, null (repeatable)', collect);
}

/** Sets `flags[key]` to a config file's `value` unless the command line gave it: flags win. */
export function fillFlag<F extends object, K extends keyof F>(flags: F, key: K, value: F[K] | undefined): void {
  if (flags[key] === undefined && value !== undefined) flags[key] = value;
}

/**
 * The input flags of the config file (`countries`, `years`, `window`, `meta`, `inputFormat`,
 * `encoding`, `na`) fill what the command line leaves out: flags win.
 */
export function fillInputFlags<F extends InputFlags & { window?: string }>(flags: F, cfg: Config): F {
  const merged: F = { ...flags };
  const fill = <K extends keyof F>(key: K, value: F[K] | undefined): void => fillFlag(merged, key, value);
  fill('countries', (Array.isArray(cfg.countries) ? cfg.countries.join(',') : cfg.countries) as F['countries']);
  fill('years', (cfg.years === undefined ? undefined : String(cfg.years)) as F['years']);
  fill('window', cfg.window as F['window']);
  fill('meta', cfg.meta as F['meta']);
  fill('inputFormat', cfg.inputFormat as F['inputFormat']);
  fill('encoding', cfg.encoding as F['encoding']);
  fill('na', cfg.na as F['na']);
  return merged;
}

export function addInputOptions(cmd: Command): Command {
  return addReadOptions(cmd)
    .addOption(new Option('--matrix-rows <DIM>', 'what the rows of a bilateral matrix are, when the header does not say').choices(['origin', 'destination']))
    .option('--countries <LIST>', 'keep these entity codes (comma list, case-insensitive)')
    .option('--include-aggregates', 'keep World Bank aggregate rows (WLD, SSF, LMY…), dropped by default')
    .option('--years <RANGE>', 'keep these years: 2019, 2000-2020, 2010-, -1990')
    .option('--meta <FILE>', 'entity metadata (Metadata_Country_*.csv or any CSV with a code column)');
}

export function addOutputOptions(cmd: Command, shapes = true): Command {
  cmd
    .addOption(new Option('-f, --format <FMT>', 'output format (default: table on a terminal, csv when piped)').choices([...OUTPUT_FORMATS]))
    .option('-o, --output <FILE>', 'write to FILE atomically (format from its extension unless -f)')
    .option('--digits <N>', 'round numbers to N decimals (CSV/JSON keep full precision unless given)')
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends');
  if (shapes) cmd.addOption(new Option('--shape <SHAPE>', 'long: one row per value; wide: one column per metric').choices(['long', 'wide']));
  return cmd;
}

/** `2019`, `2000-2020`, `2010-`, `-1990` → [min, max] (either may be open). */
export function parseYears(text: string): { min?: number; max?: number } {
  const t = text.trim();
  const m = /^(\d{4})?\s*(-)?\s*(\d{4})?$/.exec(t);
  if (!m || (!m[1] && !m[3])) {
    throw usageError('bad-years', `--years '${text}' is not a year range`, 'write 2019, 2000-2020, 2010- or -1990');
  }
  const a = m[1] ? Number(m[1]) : undefined;
  const b = m[3] ? Number(m[3]) : undefined;
  if (!m[2]) return { min: a!, max: a! };
  if (a !== undefined && b !== undefined && a > b) {
    throw usageError('bad-years', `--years '${text}' runs backwards`, `write ${b}-${a}`);
  }
  return { ...(a !== undefined ? { min: a } : {}), ...(b !== undefined ? { max: b } : {}) };
}

export function parseCountries(text: string): Set<string> {
  const codes = text
    .split(',')
    .map((c) => normCode(c))
    .filter((c) => c !== '');
  if (codes.length === 0) throw usageError('bad-countries', '--countries is empty', 'give a comma list such as KEN,MEX');
  return new Set(codes);
}

export function parseDigits(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // Digits only: Number() would take '' as 0 and '0x2' or '1e1' as numbers.
  const n = /^\s*\d{1,2}\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 15) throw usageError('bad-digits', `--digits '${text}' is not a whole number from 0 to 15`, 'write --digits 2');
  return n;
}

/** Read options from the common input flags; `indicators` (upper-cased codes) narrows what is read. */
export function readOptions(flags: InputFlags, indicators?: ReadonlySet<string>): ReadOptions {
  if (flags.decimalComma && flags.decimalPoint) {
    throw usageError('conflicting-flags', '--decimal-comma and --decimal-point exclude each other', 'give one of them');
  }
  const spec: FilterSpec = {};
  if (flags.countries) spec.entities = parseCountries(flags.countries);
  if (flags.years) {
    const { min, max } = parseYears(flags.years);
    if (min !== undefined) spec.yearMin = min;
    if (max !== undefined) spec.yearMax = max;
  }
  if (indicators) spec.indicators = indicators;
  const opts: ReadOptions = { filter: filterFromSpec(spec), spec };
  if (flags.inputFormat) opts.inputFormat = flags.inputFormat as InputFormat;
  if (flags.encoding) opts.encoding = parseEncoding(flags.encoding);
  if (flags.delimiter !== undefined) opts.delimiter = flags.delimiter;
  if (flags.decimalComma) opts.decimalComma = true;
  if (flags.decimalPoint) opts.decimalComma = false;
  if (flags.matrixRows) opts.matrixRows = flags.matrixRows as 'origin' | 'destination';
  if (flags.na && flags.na.length > 0) opts.missing = flags.na;
  if (flags.sheet !== undefined) opts.sheet = flags.sheet;
  return opts;
}

export function outputFormat(flags: OutputFlags, stdoutIsTTY: boolean, fromPath: OutputFormat | undefined): OutputFormat {
  if (flags.format) return flags.format as OutputFormat;
  if (flags.output) return fromPath ?? 'csv';
  return stdoutIsTTY ? 'table' : 'csv';
}

/** Group aggregates (`compute --group-by`, `aggregate`). */
export interface GroupFlags {
  groupBy?: string;
  groups?: string;
  stat?: string[];
  minCoverage?: string;
}

export function addGroupOptions(cmd: Command, appended: boolean): Command {
  return cmd
    .option(
      '--group-by <FIELDS>',
      appended
        ? 'append one row per group: region, income or a metadata column (comma list)'
        : 'group by region, income or a metadata column (comma list; default: region,income)',
    )
    .option('--groups <FILE>', 'groups from a CSV of code,group rows (a code may be in several groups)')
    .option('--stat <STAT>', "median, mean, min or max of the members' values for metrics without a WDI aggregate; ID=STAT for one metric (repeatable)", collect)
    .option('--min-coverage <SHARE>', 'least share of a group that must have data: 0.5 or 2/3 (default 2/3; growth 1/2)');
}
