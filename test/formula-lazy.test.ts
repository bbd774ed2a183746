import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

/**
 * `migdev --version` must not pay for mathjs: the formula modules may only load it with a
 * dynamic import inside compileFormula. Checked twice: on the source text (no static import or
 * re-export of mathjs in any src/formula module) and at run time (importing the sandbox does not
 * evaluate mathjs; the first compile does, once).
 */
const dir = new URL('../src/formula/', import.meta.url);
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8') }));

describe('mathjs is loaded lazily', () => {
  it('no src/formula module imports or re-exports mathjs statically', () => {
    expect(sources.map((s) => s.file)).toContain('sandbox.ts');
    for (const { file, text } of sources) {
      // `import type` is erased by the compiler (verbatimModuleSyntax), so it is allowed.
      const staticImports = text.match(/^\s*(import|export)\s+(?!type\b)[^;]*?\bfrom\s+['"]mathjs(\/[^'"]*)?['"]/gm) ?? [];
      const sideEffectImports = text.match(/^\s*import\s+['"]mathjs(\/[^'"]*)?['"]/gm) ?? [];
      const requires = text.match(/\brequire\s*\(\s*['"]mathjs/g) ?? [];
      expect([...staticImports, ...sideEffectImports, ...requires], file).toEqual([]);
    }
    const dynamic = sources.filter((s) => /\bimport\(\s*['"]mathjs(\/number)?['"]\s*\)/.test(s.text)).map((s) => s.file);
    expect(dynamic).toEqual(['parser.ts']);
  });

  it('importing the sandbox does not evaluate mathjs; the first compile does, once', async () => {
    // Test files share modules (vitest isolate: false): start from a fresh module registry.
    vi.resetModules();
    const loads: string[] = [];
    vi.doMock('mathjs', async (importOriginal) => {
      loads.push('mathjs');
      return importOriginal();
    });
    vi.doMock('mathjs/number', async (importOriginal) => {
      loads.push('mathjs/number');
      return importOriginal();
    });
    const sandbox = await import('../src/formula/sandbox.js');
    expect(typeof sandbox.compileFormula).toBe('function');
    expect(sandbox.parseCustomMetric('a=1 + 2')).toEqual({ name: 'a', formula: '1 + 2' });
    expect(loads).toEqual([]);

    const f = await sandbox.compileFormula('1 + 2', new Set());
    expect(f.evaluate(() => undefined)).toBe(3);
    await sandbox.compileFormula('x * 2', new Set(['x']));
    expect(loads).toEqual(['mathjs/number']);
    vi.doUnmock('mathjs');
    vi.doUnmock('mathjs/number');
  });

  it('errors found on the raw text (length, characters) need no parser', async () => {
    vi.resetModules();
    const loads: string[] = [];
    vi.doMock('mathjs/number', async (importOriginal) => {
      loads.push('mathjs/number');
      return importOriginal();
    });
    const sandbox = await import('../src/formula/sandbox.js');
    await expect(sandbox.compileFormula('x'.repeat(501), new Set())).rejects.toMatchObject({ code: 'formula-too-long' });
    await expect(sandbox.compileFormula('x \u2212 1', new Set())).rejects.toMatchObject({ code: 'bad-formula' });
    expect(loads).toEqual([]);
    vi.doUnmock('mathjs/number');
  });
});
