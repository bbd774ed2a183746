import type { MigdevError } from '../errors.js';
import { FUNCTION_NAMES, FUNCTIONS, nearlyEqual, type NumericFunction } from './functions.js';
import { EXAMPLE, clip, formulaError } from './messages.js';
import { restoreCodes, type PreparedSource } from './source.js';
import { didYouMean } from './suggest.js';
import type { CompiledFormula, FormulaRef, FormulaScope, KnownNames, SymbolTable } from './types.js';

/** A 500-character formula has at most ~250 terms; real ones have a few dozen. */
export const MAX_NODES = 200;
export const MAX_DEPTH = 40;

/**
 * A node of mathjs's tree, read as untrusted data: only `type` and the fields each allowed type
 * documents are looked at, and nothing of it is ever called except `toString` for messages.
 */
interface RawNode {
  readonly type: string;
  readonly [field: string]: unknown;
}

type NumRun = (scope: FormulaScope) => number | undefined;
type BoolRun = (scope: FormulaScope) => boolean | undefined;
type Part = { readonly type: 'number'; readonly run: NumRun; readonly node: RawNode } | { readonly type: 'boolean'; readonly run: BoolRun; readonly node: RawNode };

const CODE_HINT = 'indicator codes go in backticks: `BX.TRF.PWKR.CD.DT`';
const OPERATORS = '+ - * / ^, < <= > >= == !=, and or not, and a ? b : c';
const FUNCTION_LIST = FUNCTION_NAMES.join(', ');
const SINGLE_VALUE = 'a formula computes one number (or one true/false) per entity and year';

/** Names a lookup table written as a plain object might answer for: never consulted. */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const ARITHMETIC = new Map<string, readonly [op: string, f: (a: number, b: number) => number]>([
  ['add', ['+', (a, b) => a + b]],
  ['subtract', ['-', (a, b) => a - b]],
  ['multiply', ['*', (a, b) => a * b]],
  ['divide', ['/', (a, b) => a / b]],
  ['pow', ['^', (a, b) => a ** b]],
]);

/** As mathjs compares numbers: within its default tolerance, equal. */
const COMPARISONS = new Map<string, readonly [op: string, f: (a: number, b: number) => boolean]>([
  ['equal', ['==', (a, b) => nearlyEqual(a, b)]],
  ['unequal', ['!=', (a, b) => !nearlyEqual(a, b)]],
  ['smaller', ['<', (a, b) => a < b && !nearlyEqual(a, b)]],
  ['smallerEq', ['<=', (a, b) => a <= b || nearlyEqual(a, b)]],
  ['larger', ['>', (a, b) => a > b && !nearlyEqual(a, b)]],
  ['largerEq', ['>=', (a, b) => a >= b || nearlyEqual(a, b)]],
]);

const finite = (x: number): number | undefined => (Number.isFinite(x) ? x : undefined);

interface Lookup {
  isKnown(name: string): boolean;
  names(): Iterable<string>;
  describe(): string | undefined;
}

function listNames(names: Iterable<string>): string | undefined {
  const all = [...names].sort();
  if (all.length === 0) return undefined;
  return all.length <= 12 ? all.join(', ') : `${all.slice(0, 12).join(', ')}, … (${all.length} in all)`;
}

function lookupOf(known: KnownNames): Lookup {
  if (!('isKnown' in known)) {
    return { isKnown: (name) => known.has(name), names: () => known, describe: () => listNames(known) };
  }
  const table: SymbolTable = known;
  return {
    isKnown: (name) => table.isKnown(name) === true,
    names: () => table.names?.() ?? [],
    describe: () => table.describe?.() ?? (table.names ? listNames(table.names()) : undefined),
  };
}

function isRawNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

class Compiler {
  private count = 0;
  readonly names = new Map<string, FormulaRef>();
  readonly codes = new Map<string, FormulaRef>();

  constructor(
    private readonly text: string,
    private readonly source: PreparedSource,
    private readonly known: Lookup,
  ) {}

  /** The node as mathjs prints it, with the user's backtick codes put back. */
  private snippet(node: RawNode): string {
    let printed: string;
    try {
      printed = String(node);
    } catch {
      printed = node.type;
    }
    return clip(restoreCodes(printed, this.source.codeBySymbol), 60);
  }

  /** mathjs reprints spacing and quotes its own way. */
  private isWhole(snippet: string): boolean {
    const bare = (t: string): string => t.replace(/[\s"']+/g, '');
    return bare(snippet) === bare(this.text);
  }

  /**
   * `formula 'x = a': an assignment is not allowed`, quoting the part (as mathjs prints it) when
   * it is not the whole formula and when its printed form says something (`quote`).
   */
  private forbid(node: RawNode, construct: string, hint: string, quote = true): never {
    const s = this.snippet(node);
    const what = !quote || this.isWhole(s) ? `${construct} is not allowed` : `${construct} is not allowed in '${s}'`;
    throw formulaError('formula-forbidden', this.text, what, hint);
  }

  private fail(code: 'bad-formula' | 'formula-too-long', what: string, hint: string): MigdevError {
    return formulaError(code, this.text, what, hint);
  }

  private child(node: RawNode, field: string): RawNode {
    const value = node[field];
    if (!isRawNode(value)) this.forbid(node, `the construct ${node.type}`, `use only numbers, names, ${OPERATORS} and ${FUNCTION_LIST}`);
    return value;
  }

  private children(node: RawNode, field: string): RawNode[] {
    const value = node[field];
    if (!Array.isArray(value) || !value.every(isRawNode)) this.forbid(node, `the construct ${node.type}`, `use only numbers, names, ${OPERATORS} and ${FUNCTION_LIST}`);
    return value;
  }

  compile(value: unknown, depth: number): Part {
    if (!isRawNode(value)) throw this.fail('bad-formula', 'could not be read', `write an expression such as ${EXAMPLE}`);
    const node = value;
    if (++this.count > MAX_NODES) throw this.fail('formula-too-long', `has more than ${MAX_NODES} terms`, 'split it into several custom metrics (-e a=…, -e b=… a …)');
    if (depth > MAX_DEPTH) throw this.fail('formula-too-long', `is nested more than ${MAX_DEPTH} levels deep`, 'simplify it or split it into several custom metrics');
    switch (node.type) {
      case 'ConstantNode':
        return this.constant(node);
      case 'SymbolNode':
        return this.symbol(node);
      case 'ParenthesisNode':
        return this.compile(this.child(node, 'content'), depth + 1);
      case 'OperatorNode':
        return this.operator(node, depth);
      case 'RelationalNode':
        return this.relational(node, depth);
      case 'ConditionalNode':
        return this.conditional(node, depth);
      case 'FunctionNode':
        return this.call(node, depth);
      case 'AssignmentNode':
        return this.forbid(node, 'an assignment', `write an expression such as ${EXAMPLE}; to name a result use -e NAME=FORMULA`);
      case 'FunctionAssignmentNode':
        return this.forbid(node, 'a function definition', `formulas cannot define functions; call the built-in ones: ${FUNCTION_LIST}`);
      case 'AccessorNode':
      case 'IndexNode': {
        const s = this.snippet(node);
        const codeLike = /^[A-Za-z0-9_.]+$/.test(s);
        return this.forbid(
          node,
          node.type === 'AccessorNode' ? 'property or element access' : 'indexing',
          codeLike ? `if '${s}' is an indicator code, quote it in backticks: \`${s}\`` : `formulas cannot read properties or elements; ${CODE_HINT}`,
        );
      }
      case 'ArrayNode':
        return this.forbid(node, 'an array', SINGLE_VALUE);
      case 'ObjectNode':
        return this.forbid(node, 'an object', SINGLE_VALUE);
      case 'RangeNode':
        return this.forbid(node, 'a range', SINGLE_VALUE);
      case 'BlockNode':
        return this.forbid(node, 'more than one expression', "write a single expression (no ';' and no line break between expressions)");
      default:
        return this.forbid(node, `the construct ${node.type}`, `use only numbers, names, ${OPERATORS} and ${FUNCTION_LIST}`);
    }
  }

  private constant(node: RawNode): Part {
    const value = node['value'];
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        return this.forbid(
          node,
          'a number that is not finite (too large, Infinity or NaN)',
          'numbers must lie between -1.8e308 and 1.8e308; missing values come from the data, not the formula',
          false,
        );
      }
      return { type: 'number', run: () => value, node };
    }
    if (typeof value === 'boolean') return { type: 'boolean', run: () => value, node };
    if (typeof value === 'string') return this.forbid(node, 'a text string', `numbers are written without quotes; ${CODE_HINT}`);
    if (value === null || value === undefined) return this.forbid(node, 'a missing-value literal', 'missing values come from the data, not the formula');
    return this.forbid(node, 'the constant', `use only finite numbers, true and false`);
  }

  private symbol(node: RawNode): Part {
    const name = node['name'];
    if (typeof name !== 'string') return this.forbid(node, `the construct ${node.type}`, `use only numbers, names, ${OPERATORS} and ${FUNCTION_LIST}`);
    const code = this.source.codeBySymbol.get(name);
    let ref: FormulaRef;
    if (code !== undefined) {
      ref = this.codes.get(code) ?? Object.freeze({ kind: 'code' as const, name: code });
      this.codes.set(code, ref);
    } else if (!RESERVED.has(name) && this.known.isKnown(name)) {
      ref = this.names.get(name) ?? Object.freeze({ kind: 'name' as const, name });
      this.names.set(name, ref);
    } else {
      throw this.unknownName(name);
    }
    const run: NumRun = (scope) => {
      const v = scope(ref);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    return { type: 'number', run, node };
  }

  private unknownName(name: string): MigdevError {
    const hints: string[] = [];
    const fn = FUNCTIONS.get(name);
    if (fn) {
      hints.push(`'${name}' is a function: call it, e.g. ${fn.usage}`);
    } else {
      const guess = RESERVED.has(name) ? undefined : didYouMean(name, this.known.names());
      if (guess !== undefined) {
        hints.push(`did you mean '${guess}'?`);
      } else {
        const described = this.known.describe();
        if (described !== undefined) hints.push(`known names: ${described}`);
        hints.push(CODE_HINT);
      }
    }
    return formulaError('formula-unknown-name', this.text, `unknown name '${name}'`, hints.join('; '));
  }

  private asNumber(part: Part): NumRun {
    if (part.type === 'number') return part.run;
    throw this.fail(
      'bad-formula',
      `'${this.snippet(part.node)}' is a comparison (true or false) where a number is needed`,
      'use a comparison as a condition, (a > b) ? x : y, or as the whole formula of --assert',
    );
  }

  private asBoolean(part: Part): BoolRun {
    if (part.type === 'boolean') return part.run;
    const s = this.snippet(part.node);
    throw this.fail('bad-formula', `'${s}' is a number where a condition (true or false) is needed`, `compare it, e.g. ${s} > 0`);
  }

  private operator(node: RawNode, depth: number): Part {
    const op = node['op'];
    const fn = node['fn'];
    // Operands first: in `1 cm` or `2 inch to cm` the user must hear that `cm` is an unknown name
    // (mathjs would have made it a unit), not that implicit multiplication is refused.
    const parts = this.children(node, 'args').map((arg) => this.compile(arg, depth + 1));
    if (node['implicit'] === true) {
      const [left, right] = parts;
      const example = left && right ? `${this.snippet(left.node)} * ${this.snippet(right.node)}` : '2 * x';
      return this.forbid(node, 'implicit multiplication', `write the multiplication sign: ${example}`);
    }
    if (node['isPercentage'] === true) return this.forbid(node, "the percent sign '%'", 'divide by 100 instead: x / 100', false);
    const refuse = (): never =>
      this.forbid(node, `the operator '${typeof op === 'string' ? op : '?'}'`, `allowed operators: ${OPERATORS}; units and matrices are not supported`);
    if (typeof fn !== 'string' || typeof op !== 'string') return refuse();

    if (parts.length === 2) {
      const [l, r] = parts as [Part, Part];
      const arithmetic = ARITHMETIC.get(fn);
      if (arithmetic && arithmetic[0] === op) {
        const [a, b, f] = [this.asNumber(l), this.asNumber(r), arithmetic[1]];
        const run: NumRun = (s) => {
          const x = a(s);
          if (x === undefined) return undefined;
          const y = b(s);
          return y === undefined ? undefined : finite(f(x, y));
        };
        return { type: 'number', run, node };
      }
      const comparison = COMPARISONS.get(fn);
      if (comparison && comparison[0] === op) {
        if (l.type === 'boolean' && r.type === 'boolean' && (fn === 'equal' || fn === 'unequal')) {
          const [a, b, same] = [l.run, r.run, fn === 'equal'];
          const run: BoolRun = (s) => {
            const x = a(s);
            if (x === undefined) return undefined;
            const y = b(s);
            return y === undefined ? undefined : (x === y) === same;
          };
          return { type: 'boolean', run, node };
        }
        const [a, b, f] = [this.asNumber(l), this.asNumber(r), comparison[1]];
        const run: BoolRun = (s) => {
          const x = a(s);
          if (x === undefined) return undefined;
          const y = b(s);
          return y === undefined ? undefined : f(x, y);
        };
        return { type: 'boolean', run, node };
      }
      // Three-valued (Kleene) logic: a missing side decides nothing when the other side does.
      if ((fn === 'and' && op === 'and') || (fn === 'or' && op === 'or')) {
        const [a, b] = [this.asBoolean(l), this.asBoolean(r)];
        const decisive = fn === 'or';
        const run: BoolRun = (s) => {
          const x = a(s);
          if (x === decisive) return decisive;
          const y = b(s);
          if (y === decisive) return decisive;
          return x === undefined || y === undefined ? undefined : !decisive;
        };
        return { type: 'boolean', run, node };
      }
      return refuse();
    }

    if (parts.length === 1) {
      const [only] = parts as [Part];
      if (fn === 'unaryMinus' && op === '-') {
        const a = this.asNumber(only);
        const run: NumRun = (s) => {
          const x = a(s);
          return x === undefined ? undefined : -x;
        };
        return { type: 'number', run, node };
      }
      if (fn === 'unaryPlus' && op === '+') return { type: 'number', run: this.asNumber(only), node };
      if (fn === 'not' && op === 'not') {
        const a = this.asBoolean(only);
        const run: BoolRun = (s) => {
          const x = a(s);
          return x === undefined ? undefined : !x;
        };
        return { type: 'boolean', run, node };
      }
    }
    return refuse();
  }

  /** Chained comparisons, `0 <= x <= 100`: every link must hold. */
  private relational(node: RawNode, depth: number): Part {
    const params = this.children(node, 'params').map((p) => this.asNumber(this.compile(p, depth + 1)));
    const conditionals = node['conditionals'];
    if (!Array.isArray(conditionals) || conditionals.length !== params.length - 1) {
      return this.forbid(node, 'the comparison', `allowed operators: ${OPERATORS}`);
    }
    const tests = conditionals.map((c: unknown) => {
      const comparison = typeof c === 'string' ? COMPARISONS.get(c) : undefined;
      return comparison ? comparison[1] : this.forbid(node, 'the comparison', `allowed operators: ${OPERATORS}`);
    });
    const run: BoolRun = (s) => {
      let missing = false;
      let prev = (params[0] as NumRun)(s);
      for (let i = 0; i < tests.length; i++) {
        const next = (params[i + 1] as NumRun)(s);
        if (prev === undefined || next === undefined) missing = true;
        else if (!(tests[i] as (a: number, b: number) => boolean)(prev, next)) return false;
        prev = next;
      }
      return missing ? undefined : true;
    };
    return { type: 'boolean', run, node };
  }

  /** Only the branch taken is evaluated: a value missing in the other one does not matter. */
  private conditional(node: RawNode, depth: number): Part {
    const test = this.asBoolean(this.compile(this.child(node, 'condition'), depth + 1));
    const yes = this.compile(this.child(node, 'trueExpr'), depth + 1);
    const no = this.compile(this.child(node, 'falseExpr'), depth + 1);
    if (yes.type === 'number' && no.type === 'number') {
      const [t, f] = [yes.run, no.run];
      const run: NumRun = (s) => {
        const c = test(s);
        return c === undefined ? undefined : c ? t(s) : f(s);
      };
      return { type: 'number', run, node };
    }
    if (yes.type === 'boolean' && no.type === 'boolean') {
      const [t, f] = [yes.run, no.run];
      const run: BoolRun = (s) => {
        const c = test(s);
        return c === undefined ? undefined : c ? t(s) : f(s);
      };
      return { type: 'boolean', run, node };
    }
    throw this.fail('bad-formula', `the branches of '${this.snippet(node)}' mix a number and a comparison`, 'make both branches numbers, or both comparisons');
  }

  private call(node: RawNode, depth: number): Part {
    const callee = this.child(node, 'fn');
    const name = callee['name'];
    if (callee.type !== 'SymbolNode' || typeof name !== 'string') {
      return this.forbid(node, 'calling the result of an expression', `only these functions can be called: ${FUNCTION_LIST}`);
    }
    if (this.source.codeBySymbol.has(name)) return this.forbid(node, 'calling an indicator code', 'write the multiplication sign: `CODE` * (x)');
    const f = FUNCTIONS.get(name);
    if (f === undefined) {
      const guess = didYouMean(name, FUNCTION_NAMES);
      const isValue = !RESERVED.has(name) && this.known.isKnown(name);
      const lead = isValue ? `'${name}' is a value, not a function (write * to multiply); ` : guess ? `did you mean ${guess}()? ` : '';
      return this.forbid(node, `the function '${name}'`, `${lead}allowed functions: ${FUNCTION_LIST}`);
    }
    if (node['optional'] === true) return this.forbid(node, "the optional call '?.('", `write ${f.usage}`);
    const args = this.children(node, 'args');
    if (args.length < f.min || args.length > f.max) {
      const wanted = f.min === f.max ? `${f.min} argument${f.min === 1 ? '' : 's'}` : f.max === Number.POSITIVE_INFINITY ? `at least ${f.min}` : `${f.min} to ${f.max} arguments`;
      throw this.fail('bad-formula', `${name} takes ${wanted}, not ${args.length}, in '${this.snippet(node)}'`, `write ${f.usage}`);
    }
    const runs = args.map((arg) => this.asNumber(this.compile(arg, depth + 1)));
    return { type: 'number', run: callRun(f, runs), node };
  }
}

function callRun(f: NumericFunction, runs: NumRun[]): NumRun {
  const call = f.call;
  if (runs.length === 1) {
    const [a] = runs as [NumRun];
    return (s) => {
      const x = a(s);
      return x === undefined ? undefined : finite(call(x));
    };
  }
  if (runs.length === 2) {
    const [a, b] = runs as [NumRun, NumRun];
    return (s) => {
      const x = a(s);
      if (x === undefined) return undefined;
      const y = b(s);
      return y === undefined ? undefined : finite(call(x, y));
    };
  }
  return (s) => {
    const xs: number[] = [];
    for (const run of runs) {
      const x = run(s);
      if (x === undefined) return undefined;
      xs.push(x);
    }
    return finite(call(...xs));
  };
}

/** Checks the parsed tree against the allow-list and turns it into closures (see ./sandbox.ts). */
export function compileTree(tree: unknown, text: string, source: PreparedSource, known: KnownNames): CompiledFormula {
  const compiler = new Compiler(text, source, lookupOf(known));
  const root = compiler.compile(tree, 0);
  const symbols = Object.freeze([...compiler.names.keys()]);
  const codes = Object.freeze([...compiler.codes.keys()]);
  if (root.type === 'number') {
    const run = root.run;
    // `-0` is shown as 0 everywhere else; the formula should not be the exception.
    return Object.freeze({ text, type: 'number', symbols, codes, evaluate: (scope: FormulaScope) => { const v = run(scope); return v === 0 ? 0 : v; } });
  }
  return Object.freeze({ text, type: 'boolean', symbols, codes, evaluate: root.run });
}
