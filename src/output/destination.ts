import { createWriteStream, promises as fsp, realpathSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { usageError } from '../errors.js';
import type { OutputFormat } from './table.js';

/** Output format implied by a file name (`-o out.json`), or undefined. */
export function formatFromPath(file: string): OutputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  const map: Record<string, OutputFormat> = {
    '.csv': 'csv',
    '.tsv': 'tsv',
    '.tab': 'tsv',
    '.json': 'json',
    '.ndjson': 'ndjson',
    '.jsonl': 'ndjson',
    '.md': 'md',
    '.txt': 'table',
  };
  return map[ext];
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** `-o` must never overwrite an input: comparing real paths catches `./a.csv` vs `a.csv` and links. */
export function assertNotInput(output: string, inputs: readonly string[]): void {
  const out = real(output);
  for (const input of inputs) {
    if (input !== '-' && real(input) === out) {
      throw usageError('output-is-input', `--output ${output} is also an input file`, 'write to another file');
    }
  }
}

async function writeAll(stream: Writable, chunks: Iterable<string | Uint8Array>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

/** Errors of the file system that mean "cannot write there", reported as usage errors. */
const UNWRITABLE = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EBUSY', 'EROFS', 'ENOSPC', 'EDQUOT', 'EEXIST', 'ENOTEMPTY', 'ENXIO']);

function unwritable(target: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== undefined && UNWRITABLE.has(code)) {
    return usageError('output-unwritable', `cannot write --output ${target} (${code})`, 'check that the folder exists and is writable');
  }
  return e;
}

/** Writes straight into an existing device or pipe (`-o /dev/stdout`, a FIFO). */
async function writeInPlace(target: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const stream = createWriteStream(target, { flags: 'w' });
  try {
    await once(stream, 'open');
    await writeAll(stream, chunks);
    stream.end();
    await once(stream, 'finish');
  } catch (e) {
    stream.destroy();
    throw unwritable(target, e);
  }
}

/**
 * Writes chunks to a file atomically: into a temporary file beside it, renamed over the target
 * only when everything was written, so a failure leaves no half-written output. A directory is
 * refused; a device or FIFO (`/dev/null`, `/dev/stdout`) is written in place, never replaced by
 * a regular file; a symbolic link stays a link and its target file is replaced.
 */
export async function writeFileAtomic(target: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(target);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw usageError('output-is-directory', `--output ${target} is a directory`, 'name a file (inside it, say)');
  if (stat && !stat.isFile()) return writeInPlace(target, chunks);
  const real = stat ? await fsp.realpath(target) : path.resolve(target);
  const dir = path.dirname(real);
  const tmp = path.join(dir, `.${path.basename(real)}.${process.pid}.${Date.now()}.tmp`);
  const stream = createWriteStream(tmp, { flags: 'wx' });
  try {
    await once(stream, 'open');
    await writeAll(stream, chunks);
    stream.end();
    await once(stream, 'finish');
    await fsp.rename(tmp, real);
  } catch (e) {
    stream.destroy();
    await fsp.rm(tmp, { force: true });
    throw unwritable(target, e);
  }
}

/** Writes to standard output, honouring back-pressure; a closed pipe (`| head`) ends quietly. */
export async function writeStdout(chunks: Iterable<string | Uint8Array>): Promise<void> {
  await writeAll(process.stdout, chunks);
}
