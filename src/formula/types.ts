/** What a formula yields for one entity × year: a number, a comparison's truth, or missing. */
export type FormulaValue = number | boolean | undefined;

/**
 * A value a formula reads. `name`: a bare identifier the symbol table knows (a semantic input,
 * a metric id, another custom metric); `code`: an indicator code written in backticks.
 */
export interface FormulaRef {
  readonly kind: 'name' | 'code';
  readonly name: string;
}

/** Supplies the value of a reference for the entity × year being evaluated; undefined = missing. */
export type FormulaScope = (ref: FormulaRef) => number | undefined;

/** Which bare identifiers a formula may use. */
export interface SymbolTable {
  isKnown(name: string): boolean;
  /** The known names, for "did you mean" suggestions. */
  names?(): Iterable<string>;
  /** A short description of what may be used, for the hint of an unknown-name error. */
  describe?(): string;
}

export type KnownNames = SymbolTable | ReadonlySet<string>;

export interface CompiledFormula {
  readonly text: string;
  /** `boolean` when the formula is a comparison or a logical combination of comparisons. */
  readonly type: 'number' | 'boolean';
  /** Bare names used, in order of first use. */
  readonly symbols: readonly string[];
  /** Backtick indicator codes used, in order of first use. */
  readonly codes: readonly string[];
  /** Synchronous and allocation-free apart from what `scope` does; never NaN or ±Infinity. */
  evaluate(scope: FormulaScope): FormulaValue;
}
