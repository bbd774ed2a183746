import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { blockTable, pickColumns, type Block, type Cell, type Column, type Table } from '../src/output/table.js';
import { render, renderChunks, type WriteOptions } from '../src/output/writers.js';
import { runs } from './helpers/runs.js';

// Tables held in column blocks are written by their own loop; it must give the bytes the
// row-by-row writer gives for the same rows.

const text = fc.oneof(fc.constantFrom('KEN', 'Côte d’Ivoire', '=SUM(A1)', '-x', ' lead', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r', 'tab\there', ''), fc.string({ maxLength: 6 }));
const number = fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constantFrom(-0, 0.1 + 0.2, 1e21, 5e-324, -1.2345678901234567e-300, -0.0000012345678901234567));

const block = fc.integer({ min: 0, max: 12 }).chain((length) =>
  fc.record({
    length: fc.constant(length),
    dictionary: fc.array(text, { minLength: 1, maxLength: 5 }),
    codes: fc.array(fc.nat(), { minLength: length, maxLength: length }),
    values: fc.array(number, { minLength: length, maxLength: length }),
    years: fc.array(fc.integer({ min: 1900, max: 2100 }), { minLength: length, maxLength: length }),
  }),
);

const columns: Column[] = ['code', 'year', 'value', 'n'].map((name) => ({ name, kind: 'text' }));

function toBlock(b: { length: number; dictionary: string[]; codes: number[]; values: number[]; years: number[] }): Block {
  return {
    length: b.length,
    columns: [
      { kind: 'text', codes: Int32Array.from(b.codes, (c) => c % b.dictionary.length), dictionary: b.dictionary },
      { kind: 'number', values: Int32Array.from(b.years) },
      { kind: 'number', values: Float64Array.from(b.values) },
      { kind: 'empty' },
    ],
  };
}

function bytes(t: Table, opts: WriteOptions): string {
  return Buffer.concat([...renderChunks(t, opts)].map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString('utf8');
}

describe('column blocks are written as their rows would be', () => {
  test.prop(
    [
      fc.array(block, { maxLength: 3 }),
      fc.array(fc.tuple(text, fc.option(number)), { maxLength: 4 }),
      fc.record({ format: fc.constantFrom('csv' as const, 'tsv' as const), digits: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), excel: fc.boolean() }),
    ],
    { numRuns: runs(100) },
  )('blocks, picked columns and row blocks', (blocks, extra, o) => {
    const rowBlock: Block = { rows: extra.map(([t, v]): Cell[] => [t, 2000, v, t]) };
    const all = [...blocks.map(toBlock), rowBlock];
    // Picking reorders and empties columns the way appended group rows do.
    const picked = all.map((b) => pickColumns(b, [1, 0, -1, 2, 3]));
    const pickedColumns: Column[] = ['year', 'code', 'none', 'value', 'n'].map((name) => ({ name, kind: 'text' }));
    const opts: WriteOptions = { format: o.format, ...(o.digits !== undefined ? { digits: o.digits } : {}), ...(o.excel ? { excel: true } : {}) };
    for (const [cols, bs] of [
      [columns, all],
      [pickedColumns, picked],
    ] as const) {
      const t = blockTable(cols, bs);
      const plain: Table = { columns: cols, rows: [...t.rows] };
      const expected = [...render(plain, opts)].join('');
      expect(bytes(t, opts)).toBe(expected);
      expect([...render(t, opts)].join('')).toBe(expected);
    }
  });
});
