import { promises as fsp } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { inputError, usageError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const CHUNK = 4 * 1024 * 1024;

export function parseEncoding(name: string): Encoding {
  const n = name.toLowerCase().replace(/[_\s]/g, '-');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (n === 'utf-16le' || n === 'utf16le' || n === 'ucs-2') return 'utf-16le';
  if (n === 'utf-16be' || n === 'utf16be') return 'utf-16be';
  if (['windows-1252', 'cp1252', 'latin1', 'latin-1', 'iso-8859-1', 'iso8859-1'].includes(n)) return 'windows-1252';
  throw usageError('bad-encoding', `unknown encoding '${name}'`, 'use utf-8, utf-16le, utf-16be or windows-1252');
}

export interface ByteSource {
  /** Display name: the path, or `<stdin>`. */
  name: string;
  encoding: Encoding;
  hadBom: boolean;
  /** Size in bytes when known (files), for progress. */
  size: number | undefined;
  /** UTF-8 chunks, BOM removed. */
  chunks: AsyncGenerator<Buffer>;
  /** Releases the input when reading stops before its end (an error): closes the file. */
  close(): Promise<void>;
}

/** Number of bytes at the end of `buf` that start an incomplete UTF-8 sequence. */
function incompleteTail(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function countLines(buf: Buffer, upTo: number): number {
  let lines = 0;
  let p = buf.indexOf(0x0a);
  while (p >= 0 && p < upTo) {
    lines++;
    p = buf.indexOf(0x0a, p + 1);
  }
  return lines;
}

/**
 * Line and character column of byte `at` of `buf`, a chunk after `linesBefore` line breaks. The
 * column is left out when the line began in an earlier chunk (its start is not at hand).
 */
function placeOf(buf: Buffer, at: number, linesBefore: number, atFileStart: boolean, latin1 = false): { line: number; column?: number } {
  const line = linesBefore + countLines(buf, at) + 1;
  const lf = at > 0 ? buf.lastIndexOf(0x0a, at - 1) : -1;
  if (lf < 0 && !atFileStart) return { line };
  const start = lf + 1;
  return { line, column: (latin1 ? at - start : buf.toString('utf8', start, at).length) + 1 };
}

/** First byte offset at which `buf` stops being valid UTF-8. */
function firstInvalidUtf8(buf: Buffer): number {
  const text = buf.toString('utf8');
  const bad = text.indexOf('\uFFFD');
  return bad < 0 ? 0 : Buffer.byteLength(text.slice(0, bad));
}

/** Signatures of files people pass by mistake for CSV, with what to do instead. */
const MAGIC: ReadonlyArray<{ bytes: readonly number[]; what: string; hint: string; also?: (b: Buffer) => boolean }> = [
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', hint: 'decompress it first (gunzip, or gzip -dc FILE | migdev … -)' },
  // Workbooks are read from files (src/xlsx/): this is a ZIP on standard input.
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)', hint: 'pass the workbook by its file name (not on standard input), or unzip the archive and pass the CSV inside' },
  // An OLE compound file: a legacy .xls, or an .xlsx saved with a password (Excel encrypts it into one).
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Excel .xls workbook or a password-protected .xlsx (an OLE compound file)', hint: 'save it in Excel as .xlsx without a password, or save the sheet as CSV' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file', hint: 'decompress it first (zstd -d)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz-compressed file', hint: 'decompress it first (xz -d)' },
  // `BZh`, a block size 1–9, then the block magic (0x314159…): text may well begin with `BZh`.
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file', hint: 'decompress it first (bunzip2)', also: (b) => b[3]! >= 0x31 && b[3]! <= 0x39 && b[4] === 0x31 && b[5] === 0x41 },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image', hint: 'pass the CSV file instead' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document', hint: 'pass the CSV file instead' },
];

/** Throws a clear error when the first bytes are the signature of a known binary format. */
function rejectKnownBinary(first: Buffer, name: string): void {
  for (const m of MAGIC) {
    if (first.length >= m.bytes.length && m.bytes.every((b, i) => first[i] === b) && (m.also?.(first) ?? true)) {
      throw inputError('binary-file', `this is ${m.what}, not CSV text`, { file: name, line: 1 }, m.hint);
    }
  }
}

/**
 * Reads a file in 4 MiB chunks into ONE reused buffer: each chunk is valid only until the next
 * is requested. The scanner copies what it keeps, so a 300 MB file costs 4 MiB, not 300 MB
 * of short-lived buffers for the garbage collector.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await fsp.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function openStream(path: string): Promise<{ stream: AsyncIterable<Buffer>; size: number | undefined; name: string }> {
  if (path === '-') return { stream: process.stdin as Readable, size: undefined, name: '<stdin>' };
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError('file-not-found', 'no such file', { file: path }, 'check the path');
    if (code === 'EACCES') throw inputError('file-unreadable', 'permission denied', { file: path }, 'check the file permissions');
    throw inputError('file-unreadable', `cannot read the file (${code ?? 'unknown error'})`, { file: path });
  }
  if (stat.isDirectory()) throw inputError('file-is-directory', 'is a directory, not a file', { file: path }, 'name the CSV files inside it');
  return { stream: fileChunks(path), size: stat.size, name: path };
}

/**
 * Opens a file (or `-`) and yields its content as UTF-8 chunks. The encoding is taken from a BOM,
 * forced with `--encoding`, or detected: UTF-8 when the first chunk is valid UTF-8, otherwise
 * Windows-1252 (the superset of Latin-1 that Excel writes on Western-European Windows).
 */
export async function openSource(path: string, forced?: Encoding): Promise<ByteSource> {
  const { stream, size, name } = await openStream(path);
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: Buffer = Buffer.alloc(0);
  // Gather at least 64 KiB (or the whole input) to decide the encoding on a fair sample.
  try {
    while (first.length < 65536) {
      const r = await iterator.next();
      if (r.done) break;
      // Copy: the file reader reuses its buffer for the next chunk.
      first = Buffer.concat([first, r.value]);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw inputError('file-is-directory', 'is a directory, not a file', { file: name });
    throw inputError('file-unreadable', `cannot read the file (${code ?? String(e)})`, { file: name });
  }

  rejectKnownBinary(first, name);

  let encoding: Encoding;
  let hadBom = false;
  let skip = 0;
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    encoding = 'utf-8';
    hadBom = true;
    skip = 3;
  } else if (first[0] === 0xff && first[1] === 0xfe) {
    encoding = 'utf-16le';
    hadBom = true;
    skip = 2;
  } else if (first[0] === 0xfe && first[1] === 0xff) {
    encoding = 'utf-16be';
    hadBom = true;
    skip = 2;
  } else {
    encoding = 'utf-8';
  }
  if (forced) {
    if (hadBom && forced !== encoding) {
      // A BOM is stronger evidence than a flag only when they agree; a forced flag wins otherwise.
      skip = encoding === 'utf-8' ? 3 : 2;
    }
    encoding = forced;
  }
  const sample = first.subarray(skip);
  if (!forced && !hadBom) {
    const cut = sample.length - incompleteTail(sample);
    if (!isUtf8(sample.subarray(0, cut))) encoding = 'windows-1252';
  }
  if (encoding === 'utf-8' || encoding === 'windows-1252') {
    const nul = sample.indexOf(0);
    if (nul >= 0) {
      throw inputError(
        'binary-file',
        'the file holds NUL bytes: it is binary or UTF-16 without a byte-order mark',
        { file: name, ...placeOf(sample, nul, 0, true, encoding === 'windows-1252') },
        'export it as CSV (UTF-8), or pass --encoding utf-16le',
      );
    }
  }

  async function* chunks(): AsyncGenerator<Buffer> {
    let carry: Buffer = Buffer.alloc(0);
    let linesBefore = 0;
    let first = true;
    // UTF-16 decodes fatally: a lone surrogate or an odd last byte is damage to report, not a
    // U+FFFD to slip into the data. Every byte is a character in Windows-1252.
    const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding, { fatal: encoding !== 'windows-1252' });
    const decode = (bytes?: Buffer): string => {
      try {
        return bytes === undefined ? decoder!.decode() : decoder!.decode(bytes, { stream: true });
      } catch {
        // Find the line: decode leniently and look for the first replacement character.
        const loose = bytes === undefined ? '' : new TextDecoder(encoding).decode(bytes);
        const bad = loose.indexOf('\uFFFD');
        const line = linesBefore + 1 + (bad < 0 ? 0 : loose.slice(0, bad).split('\n').length - 1);
        throw inputError(
          'invalid-utf16',
          bytes === undefined ? `the file ends inside a ${encoding.toUpperCase()} character` : `the bytes are not valid ${encoding.toUpperCase()}`,
          { file: name, line },
          'save the file again as UTF-8 or UTF-16, or pass the --encoding it was saved in',
        );
      }
    };
    let current: Buffer | undefined = sample;
    while (current !== undefined) {
      if (decoder) {
        const text = decode(current);
        if (text.includes('\0')) {
          throw inputError('binary-file', 'the file holds NUL characters', { file: name }, 'export it as a text CSV file');
        }
        linesBefore += text.split('\n').length - 1;
        if (text.length > 0) yield Buffer.from(text, 'utf8');
      } else {
        const buf: Buffer = carry.length > 0 ? Buffer.concat([carry, current]) : current;
        const tail = incompleteTail(buf);
        const body = tail > 0 ? buf.subarray(0, buf.length - tail) : buf;
        if (!isUtf8(body)) {
          const at = firstInvalidUtf8(body);
          throw inputError(
            'invalid-utf8',
            'the bytes are not valid UTF-8',
            { file: name, ...placeOf(body, at, linesBefore, first) },
            'pass --encoding windows-1252 (or the encoding the file was saved in)',
          );
        }
        if (body.indexOf(0) >= 0) {
          const nul = body.indexOf(0);
          throw inputError('binary-file', 'the file holds NUL bytes', { file: name, ...placeOf(body, nul, linesBefore, first) }, 'export it as a text CSV file');
        }
        linesBefore += countLines(body, body.length);
        first = false;
        carry = tail > 0 ? Buffer.from(buf.subarray(buf.length - tail)) : Buffer.alloc(0);
        if (body.length > 0) yield body;
      }
      let r: IteratorResult<Buffer>;
      try {
        r = await iterator.next();
      } catch (e) {
        throw inputError('file-unreadable', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: name });
      }
      current = r.done ? undefined : r.value;
    }
    if (decoder) {
      const text = decode();
      if (text.length > 0) yield Buffer.from(text, 'utf8');
    } else if (carry.length > 0) {
      throw inputError('invalid-utf8', 'the file ends inside a UTF-8 character', { file: name, line: linesBefore + 1 }, 'pass --encoding windows-1252');
    }
  }

  /** Closes the file however the consumer stops (end, error, or an early `return()`). */
  async function* closing(): AsyncGenerator<Buffer> {
    try {
      yield* chunks();
    } finally {
      await iterator.return?.();
    }
  }

  return { name, encoding, hadBom, size, chunks: closing(), close: async () => void (await iterator.return?.()) };
}
