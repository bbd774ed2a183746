import { Inflate } from 'fflate';
import { inputError } from '../errors.js';

/** Limits on what a workbook may inflate to: zip bombs stop at the cap, not at the end of memory. */
export interface ZipLimits {
  /** Total uncompressed bytes of the entries read (default 200 MB). */
  maxTotal: number;
  /** Uncompressed ÷ compressed size of one entry, checked past 1 MiB of output (default 200). */
  maxRatio: number;
}

export const DEFAULT_LIMITS: ZipLimits = { maxTotal: 200 * 1024 * 1024, maxRatio: 200 };

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * The entries of a ZIP archive held in memory, read from its central directory; `read` inflates
 * one entry with fflate, counting output against the limits as it goes.
 */
export class ZipArchive {
  private readonly entries = new Map<string, Entry>();
  private inflated = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly file: string,
    private readonly limits: ZipLimits = DEFAULT_LIMITS,
  ) {
    this.readDirectory();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  private broken(what: string): Error {
    return inputError('bad-zip', `the ZIP archive is damaged or truncated: ${what}`, { file: this.file }, 'download the workbook again, or open and save it in Excel');
  }

  private u16(p: number): number {
    const d = this.data;
    if (p + 2 > d.length) throw this.broken('a record runs past the end of the file');
    return d[p]! | (d[p + 1]! << 8);
  }

  private u32(p: number): number {
    const d = this.data;
    if (p + 4 > d.length) throw this.broken('a record runs past the end of the file');
    return (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0;
  }

  private readDirectory(): void {
    const d = this.data;
    // End of central directory: 22 bytes plus a comment of up to 64 KiB, at the end of the file.
    let eocd = -1;
    for (let p = d.length - 22; p >= Math.max(0, d.length - 22 - 65535); p--) {
      if (d[p] === 0x50 && d[p + 1] === 0x4b && d[p + 2] === 0x05 && d[p + 3] === 0x06) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0) throw this.broken('no end-of-directory record (the file was cut short?)');
    const count = this.u16(eocd + 10);
    const dirSize = this.u32(eocd + 12);
    const dirOffset = this.u32(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) {
      throw inputError('bad-zip', 'the workbook is a ZIP64 archive, which migdev does not read', { file: this.file }, 'save the sheet as CSV');
    }
    if (dirOffset + dirSize > eocd) throw this.broken('the central directory lies outside the file');
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      if (this.u32(p) !== 0x02014b50) throw this.broken('a central directory entry is damaged');
      const flags = this.u16(p + 8);
      const method = this.u16(p + 10);
      const compressedSize = this.u32(p + 20);
      const size = this.u32(p + 24);
      const nameLen = this.u16(p + 28);
      const extraLen = this.u16(p + 30);
      const commentLen = this.u16(p + 32);
      const localOffset = this.u32(p + 42);
      if (p + 46 + nameLen > d.length) throw this.broken('a central directory entry is damaged');
      const name = Buffer.from(d.buffer, d.byteOffset + p + 46, nameLen).toString('utf8');
      this.entries.set(name, { name, method, flags, compressedSize, size, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** The bytes of entry `name` (undefined when the archive has no such entry). */
  read(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (e.flags & 1) {
      throw inputError('encrypted-workbook', `the workbook is encrypted (entry ${name})`, { file: this.file }, 'remove the password in Excel (File › Info › Protect Workbook), or save the sheet as CSV');
    }
    const d = this.data;
    const p = e.localOffset;
    if (this.u32(p) !== 0x04034b50) throw this.broken(`the entry ${name} does not start where the directory says`);
    const start = p + 30 + this.u16(p + 26) + this.u16(p + 28);
    const end = start + e.compressedSize;
    if (end > d.length) throw this.broken(`the entry ${name} runs past the end of the file`);
    const raw = d.subarray(start, end);
    const { maxTotal, maxRatio } = this.limits;
    const bomb = (why: string): Error =>
      inputError('zip-bomb', `the workbook entry ${name} inflates ${why}: refused as a possible zip bomb`, { file: this.file }, 'save the sheet as CSV, or check where the file came from');
    if (e.size > maxTotal - this.inflated) throw bomb(`to ${e.size} bytes, past the ${maxTotal}-byte limit`);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw this.broken(`the stored entry ${name} has two sizes`);
      this.inflated += raw.length;
      if (this.inflated > maxTotal) throw bomb(`past the ${maxTotal}-byte limit`);
      return raw;
    }
    if (e.method !== 8) throw inputError('bad-zip', `the workbook entry ${name} uses compression method ${e.method}, not deflate`, { file: this.file }, 'open and save it in Excel');
    const parts: Uint8Array[] = [];
    let out = 0;
    let done = false;
    const inflater = new Inflate((chunk, final) => {
      out += chunk.length;
      if (this.inflated + out > maxTotal) throw bomb(`past the ${maxTotal}-byte limit`);
      if (out > 1024 * 1024 && out > maxRatio * raw.length) throw bomb(`more than ${maxRatio} times its compressed size`);
      parts.push(chunk);
      if (final) done = true;
    });
    const STEP = 64 * 1024;
    try {
      for (let q = 0; q < raw.length && !done; q += STEP) inflater.push(raw.subarray(q, Math.min(raw.length, q + STEP)), q + STEP >= raw.length);
    } catch (err) {
      if (err instanceof Error && err.name === 'MigdevError') throw err;
      throw this.broken(`the entry ${name} does not inflate (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!done) throw this.broken(`the entry ${name} ends early`);
    if (out !== e.size) throw this.broken(`the entry ${name} inflates to ${out} bytes, not the ${e.size} its directory says`);
    this.inflated += out;
    if (parts.length === 1) return parts[0]!;
    const all = new Uint8Array(out);
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }
}
