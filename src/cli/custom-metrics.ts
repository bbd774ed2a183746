import type { CustomMetric } from '../compute/engine.js';
import { usageError } from '../errors.js';
import { INPUTS, INPUT_NAMES, type InputName } from '../metrics/inputs.js';
import { METRICS } from '../metrics/registry.js';
import { parseYears } from './options.js';

export interface PreparedMetrics {
  customs: CustomMetric[];
  /** Indicator codes (upper-cased) the job may read: the streaming filter. */
  wanted: Set<string>;
}

/**
 * Compiles `-e NAME=FORMULA` metrics (loading mathjs only when there is one) and works out which
 * indicators a metric job reads: every input under its mapped or default code or its own name,
 * plus the raw codes the formulas name. Shared by the commands that compute metrics.
 */
export async function prepareMetrics(exprs: readonly string[], map: Readonly<Partial<Record<InputName, string>>>): Promise<PreparedMetrics> {
  const wanted = new Set<string>();
  for (const input of INPUT_NAMES) {
    const code = map[input] ?? INPUTS[input].code;
    if (code) wanted.add(code.toUpperCase());
    // A file may hold an input under its own name (a `remit_in_usd` column).
    wanted.add(input.toUpperCase());
  }
  const customs: CustomMetric[] = [];
  if (exprs.length === 0) return { customs, wanted };
  const { compileFormula, parseCustomMetric } = await import('../formula/sandbox.js');
  const parsed = exprs.map((e) => parseCustomMetric(e));
  const known = new Set<string>([...INPUT_NAMES, ...METRICS.map((m) => m.id), ...parsed.map((p) => p.name)]);
  for (const { name, formula } of parsed) {
    const compiled = await compileFormula(formula, known);
    if (compiled.type !== 'number') {
      throw usageError('formula-not-numeric', `-e ${name}: '${formula}' is a comparison, not a number`, 'use it with migdev check --assert, or write a numeric formula');
    }
    for (const code of compiled.codes) wanted.add(code.toUpperCase());
    customs.push({
      id: name,
      uses: [...compiled.symbols, ...compiled.codes],
      evaluate: (get, year) => {
        const v = compiled.evaluate((ref) => get(ref.name, year));
        return typeof v === 'number' ? v : undefined;
      },
    });
  }
  return { customs, wanted };
}

/** A `--window`-style range that must be closed at both ends. */
export function closedYears(text: string, flag: string): [number, number] {
  const { min, max } = parseYears(text);
  if (min === undefined || max === undefined) throw usageError('bad-window', `${flag} '${text}' needs a first and a last year`, `write ${flag} 2000-2020`);
  return [min, max];
}
