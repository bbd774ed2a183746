import { assertNotInput, formatFromPath, writeFileAtomic, writeStdout } from '../output/destination.js';
import type { OutputFormat, Table } from '../output/table.js';
import { renderChunks } from '../output/writers.js';
import type { CliContext } from './context.js';
import { type OutputFlags, outputFormat, parseDigits } from './options.js';

/** Prints or writes a command's table as the output flags say. */
export function chosenFormat(flags: OutputFlags, ctx: CliContext): OutputFormat {
  return outputFormat(flags, ctx.stdoutIsTTY, flags.output ? formatFromPath(flags.output) : undefined);
}

/** Writes ready text (reports that are not tables) to --output or stdout. */
export async function emitText(text: string, flags: OutputFlags, inputs: readonly string[]): Promise<void> {
  if (flags.output !== undefined && flags.output !== '-') {
    assertNotInput(flags.output, inputs);
    await writeFileAtomic(flags.output, [text]);
  } else await writeStdout([text]);
}

export async function emitTable(table: Table, flags: OutputFlags, ctx: CliContext, inputs: readonly string[]): Promise<void> {
  const format = chosenFormat(flags, ctx);
  const digits = parseDigits(flags.digits);
  const toFile = flags.output !== undefined && flags.output !== '-';
  if (toFile) assertNotInput(flags.output!, inputs);
  const chunks = renderChunks(table, {
    format,
    ...(format === 'table' ? { renderHuman: (await import('../output/human.js')).renderHuman } : {}),
    ...(digits !== undefined ? { digits } : {}),
    ...(flags.excel ? { excel: true } : {}),
    human: {
      ...(toFile || ctx.columns === undefined ? {} : { width: ctx.columns }),
      bold: (s) => (toFile ? s : ctx.out.bold(s)),
      dim: (s) => (toFile ? s : ctx.out.dim(s)),
    },
  });
  if (toFile) await writeFileAtomic(flags.output!, chunks);
  else await writeStdout(chunks);
}
