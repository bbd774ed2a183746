import { usageError } from '../errors.js';
import { assertNotInput } from '../output/destination.js';
import { describeAggregates, dropAggregates } from '../entities/aggregates.js';
import { EntityMeta } from '../entities/meta.js';
import { emptyDataset, readInto, type Dataset } from '../ingest/read.js';
import type { CliContext } from './context.js';
import { type InputFlags, readOptions } from './options.js';
import { createProgress } from './progress.js';

export interface Loaded {
  data: Dataset;
  meta: EntityMeta;
  files: string[];
}

/** Input files of a command: as given, or standard input when it is piped and none are named. */
export function inputFiles(files: readonly string[] | undefined): string[] {
  if (files && files.filter((f) => f === '-').length > 1) {
    throw usageError('stdin-twice', 'standard input (-) is named more than once', 'name - once, or save the data to a file');
  }
  if (files && files.length > 0) return [...files];
  if (!process.stdin.isTTY) return ['-'];
  throw usageError('no-input', 'no input files', 'name one or more CSV files, or pipe one in (use - for standard input)');
}

/** Metadata: `--meta FILE`, else a Metadata_Country file among the inputs, else the built-in table. */
export async function loadMeta(flags: InputFlags, data: Dataset): Promise<EntityMeta> {
  if (flags.meta) {
    const metaData = emptyDataset();
    await readInto(flags.meta, metaData, { inputFormat: 'meta' });
    return metaData.meta;
  }
  return data.meta.records.size > 0 ? data.meta : EntityMeta.builtin();
}

/**
 * Reads a command's inputs with the common flags: streaming filters, progress on a TTY,
 * metadata, and World Bank aggregates dropped (with a note) unless --include-aggregates.
 */
export async function loadData(
  files: readonly string[],
  flags: InputFlags & { output?: string },
  ctx: CliContext,
  indicators?: ReadonlySet<string>,
  dataset: { bilateralPerFile?: boolean } = {},
): Promise<Loaded> {
  // Every file read is an input that -o must not overwrite, --meta too; say so before reading.
  if (flags.output !== undefined && flags.output !== '-') assertNotInput(flags.output, flags.meta ? [...files, flags.meta] : files);
  const opts = readOptions(flags, indicators);
  const progress = createProgress(ctx.stderrIsTTY && !ctx.quiet);
  opts.onProgress = (file, done, total) => progress.update(file, done, total);
  const data = emptyDataset(dataset);
  try {
    for (const f of files) await readInto(f, data, opts);
  } finally {
    progress.clear();
  }
  const meta = await loadMeta(flags, data);
  const dropped = dropAggregates(data.panel, meta, flags.includeAggregates === true);
  if (dropped.length > 0) {
    const list = (codes: string[]): string => `${codes.slice(0, 6).join(', ')}${codes.length > 6 ? ', …' : ''}`;
    ctx.note(`dropped ${describeAggregates(dropped, list)}; --include-aggregates keeps them`);
  }
  return { data, meta, files: [...files] };
}
