import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../src/csv/scanner.js';

function scan(text: string, chunk = text.length, delimiter = ','): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  const s = new CsvScanner({ delimiter: delimiter.charCodeAt(0), file: 't.csv' });
  const buf = Buffer.from(text);
  const visit = (r: { line: number; fields(): string[] }): void => {
    out.push({ line: r.line, fields: r.fields() });
  };
  for (let i = 0; i < buf.length; i += Math.max(1, chunk)) s.push(buf.subarray(i, i + Math.max(1, chunk)), visit);
  s.end(visit);
  return out;
}

describe('CsvScanner', () => {
  it('splits quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'a,"b,c","say ""hi""","two\nlines"\r\nx,,"",z\n';
    for (const chunk of [1, 2, 3, 7, 1000]) {
      expect(scan(text, chunk)).toEqual([
        { line: 1, fields: ['a', 'b,c', 'say "hi"', 'two\nlines'] },
        { line: 3, fields: ['x', '', '', 'z'] },
      ]);
    }
  });

  it('reads a last record without a line break, and CRLF after a closing quote', () => {
    expect(scan('"a"\r\n"b"')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
    ]);
  });

  it('keeps multi-byte UTF-8 intact across chunk seams', () => {
    const text = 'Côte d’Ivoire,Türkiye,"São Tomé, Príncipe"\n';
    for (const chunk of [1, 2, 5]) expect(scan(text, chunk)[0]!.fields).toEqual(['Côte d’Ivoire', 'Türkiye', 'São Tomé, Príncipe']);
  });

  it('reports a bare quote with its line and column', () => {
    expect(() => scan('a,b\nc,d"e\n')).toThrow(expect.objectContaining({ code: 'csv-bare-quote', where: { file: 't.csv', line: 2, column: 4 } }));
  });

  it('reports text after a closing quote', () => {
    expect(() => scan('"a"b,c\n')).toThrow(expect.objectContaining({ code: 'csv-text-after-quote', where: expect.objectContaining({ line: 1, column: 4 }) }));
  });

  it('reports an unclosed quote at the line where it opened', () => {
    for (const chunk of [1, 4, 100]) {
      expect(() => scan('a,b\nc,"d\ne\nf\n', chunk)).toThrow(expect.objectContaining({ code: 'csv-unclosed-quote', where: expect.objectContaining({ line: 2, column: 3 }) }));
    }
  });

  it('locates fields lazily: a key field can be read without splitting the rest', () => {
    const s = new CsvScanner({ delimiter: 44, file: 't' });
    const seen: string[] = [];
    s.push(Buffer.from('"A","B","C"\n'), (r) => {
      seen.push(r.field(1)!);
      expect(r.columnOf(2)).toBe(9);
      expect(r.length).toBe(3);
    });
    expect(seen).toEqual(['B']);
  });
});
