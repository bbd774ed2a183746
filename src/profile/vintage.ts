import { openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import type { Vintage } from './types.js';

/**
 * What a file says about its vintage: the WDI preamble's `"Data Source"` and `"Last Updated Date"`
 * (read from the first few kilobytes), else just the file name.
 */
export function readVintage(file: string): Vintage {
  const name = file === '-' ? 'standard input' : path.basename(file);
  if (file === '-') return { file: name };
  let head = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const got = readSync(fd, buf, 0, buf.length, 0);
      head = buf.subarray(0, got).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return { file: name };
  }
  const field = (key: string): string | undefined => new RegExp(`"${key}"\\s*,\\s*"([^"]*)"`).exec(head)?.[1]?.trim() || undefined;
  const source = field('Data Source');
  const updated = field('Last Updated Date');
  return { file: name, ...(source ? { source } : {}), ...(updated ? { updated } : {}) };
}
