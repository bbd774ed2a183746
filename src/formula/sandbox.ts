/**
 * Custom formulas (`-e NAME=FORMULA`, `check --assert`), sandboxed (SPEC "Custom formulas are
 * sandboxed").
 *
 * mathjs only parses (lazily, see ./parser.ts). The tree is then walked by ./compile.ts, which
 * accepts nothing but an allow-list — finite numbers, true/false, known names, backtick codes,
 * + - * / ^, unary - +, < <= > >= == != (chains too), and or not, parentheses, a ? b : c, and the
 * functions of ./functions.ts — and compiles it into plain closures. mathjs never evaluates a
 * user's formula, so its functions, units, `import`, `evaluate`, property access… are out of reach
 * however they are spelled; anything else is refused before any evaluation with a usage error
 * that quotes the offending part.
 *
 * Values: every number read or computed that is missing, NaN or ±Infinity is missing (division by
 * zero, sqrt(-1), log(0)…), and missing propagates through arithmetic, functions and comparisons.
 * Two exceptions, so that a formula can guard against missing data:
 * - `c ? a : b` evaluates only the branch taken (a value missing in the other one is irrelevant;
 *   a missing condition makes the result missing);
 * - `and`/`or` use three-valued logic: `false and missing` is false, `true or missing` is true.
 * Comparisons treat numbers within mathjs's default tolerance (relative 1e-12) as equal, so that
 * `0.1 + 0.2 == 0.3` holds as it does in mathjs.
 */
import { usageError } from '../errors.js';
import { compileTree } from './compile.js';
import { FUNCTION_NAMES } from './functions.js';
import { EXAMPLE, clip, formulaError } from './messages.js';
import { loadParser } from './parser.js';
import { prepareSource, restoreCodes } from './source.js';
import type { CompiledFormula, KnownNames } from './types.js';

export type { CompiledFormula, FormulaRef, FormulaScope, FormulaValue, KnownNames, SymbolTable } from './types.js';
export { FUNCTION_NAMES } from './functions.js';
export { MAX_FORMULA_LENGTH } from './source.js';

export interface CustomMetric {
  name: string;
  formula: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/i;

/** Words mathjs reads as operators or constants, our function names, and Object.prototype's keys. */
const RESERVED_NAMES = new Set([
  'and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false', 'null', 'undefined', 'NaN', 'Infinity',
  ...FUNCTION_NAMES,
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** Parses `-e NAME=FORMULA` (the first `=` separates; `==` may appear in the formula). */
export function parseCustomMetric(arg: string): CustomMetric {
  const example = `for example -e "remittance_share=${EXAMPLE}"`;
  const eq = arg.indexOf('=');
  if (eq < 0) throw usageError('bad-expr', `custom metric '${clip(arg)}': expected NAME=FORMULA`, example);
  const name = arg.slice(0, eq).trim();
  const formula = arg.slice(eq + 1).trim();
  if (name === '') throw usageError('bad-expr', `custom metric '${clip(arg)}': the name before '=' is missing`, example);
  if (!NAME.test(name)) {
    throw usageError('bad-expr', `custom metric '${clip(arg)}': '${clip(name, 40)}' is not a valid name`, 'a name is letters, digits and _, starting with a letter or _');
  }
  if (RESERVED_NAMES.has(name)) throw usageError('bad-expr', `custom metric '${clip(arg)}': '${name}' is a reserved word`, 'choose another name');
  if (formula.startsWith('=')) {
    throw usageError('bad-expr', `custom metric '${clip(arg)}': expected NAME=FORMULA with a single '=' after the name`, `'==' compares inside a formula; ${example}`);
  }
  if (formula === '') throw usageError('bad-expr', `custom metric '${clip(arg)}': the formula after '=' is empty`, example);
  return { name, formula };
}

/**
 * Parses and checks `text` once and returns a compiled formula whose `evaluate` is synchronous
 * and cheap (it runs once per entity × year). Throws a MigdevError (exit 2) with code
 * `bad-formula`, `formula-forbidden`, `formula-unknown-name` or `formula-too-long`.
 */
export async function compileFormula(text: string, known: KnownNames): Promise<CompiledFormula> {
  const source = prepareSource(text);
  const parse = await loadParser();
  let tree: unknown;
  try {
    tree = parse(source.parseText);
  } catch (error) {
    if (error instanceof RangeError) throw formulaError('formula-too-long', text, 'is nested too deeply', 'simplify it or split it into several custom metrics');
    const raw = error instanceof Error ? error.message : String(error);
    const at = /\(char (\d+)\)\s*$/.exec(raw);
    const detail = restoreCodes(raw.replace(/\s*\(char \d+\)\s*$/, ''), source.codeBySymbol);
    const char = at?.[1] === undefined ? undefined : Number(at[1]);
    // mathjs's positions are the user's: codes were replaced by symbols of the same length.
    const near = char === undefined ? '' : clip(text.slice(char - 1, char + 11), 12);
    const position = char === undefined ? '' : ` at character ${char}${near === '' ? '' : ` (near '${near}')`}`;
    throw formulaError('bad-formula', text, `syntax error${position}: ${detail}`, `check brackets and operators; write an expression such as ${EXAMPLE}`);
  }
  return compileTree(tree, text, source, known);
}
