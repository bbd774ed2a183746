import { promises as fsp } from 'node:fs';

// What the CSV reader needs to know of workbooks before it reads a file, kept apart from the
// workbook reader so that reading a CSV file does not load it (and fflate).

/** ZIP local-file-header magic: `PK\x03\x04`. */
function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Does the file start with the ZIP magic? (Regular files only: standard input and pipes are read as CSV text.) */
export async function startsWithZip(path: string): Promise<boolean> {
  if (path === '-') return false;
  // Regular files only: peeking at a FIFO (`<(…)`) would block, or eat bytes the CSV reader needs.
  try {
    if (!(await fsp.stat(path)).isFile()) return false;
  } catch {
    return false;
  }
  let handle;
  try {
    handle = await fsp.open(path, 'r');
  } catch {
    return false; // openSource reports a missing or unreadable file in its words
  }
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return isZip(head.subarray(0, bytesRead));
  } catch {
    return false; // a directory (EISDIR), a FIFO…: openSource says what it is
  } finally {
    await handle.close();
  }
}

/**
 * `book.xlsx[Table 2]` names one sheet of a workbook, as errors write it, so two sheets of one
 * workbook can be read together. Only when no file has that literal name and the part before
 * the brackets is a workbook.
 */
export async function sheetReference(path: string): Promise<{ workbook: string; sheet: string } | undefined> {
  const m = /^(.+)\[([^\][]+)\]$/.exec(path);
  if (!m) return undefined;
  try {
    await fsp.stat(path);
    return undefined;
  } catch {
    // no such file: try the workbook
  }
  return (await startsWithZip(m[1]!)) ? { workbook: m[1]!, sheet: m[2]! } : undefined;
}

/**
 * The name a sheet's values and findings carry as their file: `book.xlsx[Table 1]`, so that a
 * place printed as `FILE:LINE` (check findings, corridors totals) says which sheet.
 */
export function sheetFile(file: string, sheet: string): string {
  return `${file}[${sheet}]`;
}
