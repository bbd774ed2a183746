import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigdevError } from '../src/errors.js';
import { compileFormula, parseCustomMetric, type FormulaRef, type FormulaScope, type KnownNames, type SymbolTable } from '../src/formula/sandbox.js';

const KNOWN = new Set(['remit_in_usd', 'gdp_usd', 'population', 'remittances_gdp_pct', 'x', 'y']);

type Data = Record<string, number | undefined>;
const DATA: Data = { remit_in_usd: 2e9, gdp_usd: 4e10, population: 1e6, remittances_gdp_pct: 5, x: 3, y: 4 };
const CODES: Data = { 'BX.TRF.PWKR.CD.DT': 2e9, 'NY.GDP.MKTP.CD': 4e10 };

const scopeOf =
  (data: Data, codes: Data = CODES): FormulaScope =>
  (ref) =>
    ref.kind === 'name' ? data[ref.name] : codes[ref.name];

async function value(text: string, data: Data = DATA): Promise<unknown> {
  const f = await compileFormula(text, KNOWN);
  return f.evaluate(scopeOf(data));
}

async function rejection(text: string, known: KnownNames = KNOWN): Promise<MigdevError> {
  let compiled: unknown;
  try {
    compiled = await compileFormula(text, known);
  } catch (error) {
    if (error instanceof MigdevError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(text)} as ${JSON.stringify(compiled)}`);
}

describe('compileFormula: arithmetic and precedence (hand-computed)', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512], // right-associative, as in mathjs
    ['-2 ^ 2', -4], // unary minus binds looser than ^, as in mathjs
    ['10 / 4', 2.5],
    ['10 - 4 - 3', 3],
    ['+x', 3],
    ['- -x', 3],
    ['1.5e3 + .5', 1500.5],
    ['100 * remit_in_usd / gdp_usd', 5], // 100 · 2e9 / 4e10
    ['remittances_gdp_pct * 2', 10],
    ['x # a comment is ignored', 3],
  ])('%s = %s', async (text, expected) => {
    expect(await value(text)).toBe(expected);
  });

  it('reports the names and codes it uses, each once, in order of first use', async () => {
    const f = await compileFormula('x + y * x + `NY.GDP.MKTP.CD` / `BX.TRF.PWKR.CD.DT` - `NY.GDP.MKTP.CD`', KNOWN);
    expect(f.symbols).toEqual(['x', 'y']);
    expect(f.codes).toEqual(['NY.GDP.MKTP.CD', 'BX.TRF.PWKR.CD.DT']);
    expect(f.type).toBe('number');
    expect(f.text).toBe('x + y * x + `NY.GDP.MKTP.CD` / `BX.TRF.PWKR.CD.DT` - `NY.GDP.MKTP.CD`');
  });

  it('reads backtick codes through the scope as {kind: "code"}', async () => {
    const f = await compileFormula('100 * `BX.TRF.PWKR.CD.DT` / ` NY.GDP.MKTP.CD `', KNOWN);
    const seen: FormulaRef[] = [];
    const result = f.evaluate((ref) => {
      seen.push(ref);
      return ref.kind === 'code' ? CODES[ref.name] : undefined;
    });
    expect(result).toBe(5);
    expect(seen).toEqual([
      { kind: 'code', name: 'BX.TRF.PWKR.CD.DT' },
      { kind: 'code', name: 'NY.GDP.MKTP.CD' },
    ]);
  });

  it('codes may be any text, even text that looks like a formula', async () => {
    const f = await compileFormula('`remittances (US$), "net"` + `a = 1; import()`', new Set());
    expect(f.codes).toEqual(['remittances (US$), "net"', 'a = 1; import()']);
    expect(f.evaluate(() => 1)).toBe(2);
  });

  it('passes the same frozen reference objects on every evaluation (no allocation per call)', async () => {
    const f = await compileFormula('x + y', KNOWN);
    const first: FormulaRef[] = [];
    const second: FormulaRef[] = [];
    f.evaluate((ref) => (first.push(ref), 1));
    f.evaluate((ref) => (second.push(ref), 1));
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(Object.isFrozen(first[0])).toBe(true);
  });

  it('accepts a SymbolTable object as well as a Set', async () => {
    const table: SymbolTable = { isKnown: (name) => name === 'gdp_usd' };
    const f = await compileFormula('gdp_usd / 1e9', table);
    expect(f.evaluate(scopeOf(DATA))).toBe(40);
  });

  it('evaluates 20,000 entity-years quickly', async () => {
    const f = await compileFormula('gdp_usd > 0 ? 100 * remit_in_usd / gdp_usd : 0', KNOWN);
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ remit_in_usd: i, gdp_usd: 1000 + i }));
    let i = 0;
    const scope: FormulaScope = (ref) => (rows[i] as Data)[ref.name];
    const t0 = performance.now();
    let sum = 0;
    for (i = 0; i < rows.length; i++) sum += f.evaluate(scope) as number;
    expect(performance.now() - t0).toBeLessThan(500);
    expect(sum).toBeGreaterThan(0);
  });
});

describe('compileFormula: functions (the allow-list)', () => {
  it.each([
    ['sqrt(16)', 4],
    ['abs(-3)', 3],
    ['sign(-5)', -1],
    ['cbrt(27)', 3],
    ['exp(0)', 1],
    ['log(exp(2))', 2],
    ['log(8, 2)', 3],
    ['log10(1000)', 3],
    ['log2(8)', 3],
    ['pow(2, 10)', 1024],
    ['min(x, y, 1)', 1],
    ['max(x, y)', 4],
    ['max(x)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3], // half away from zero, as mathjs
    ['round(1.005, 2)', 1.01], // decimal rounding of the shortest representation, as mathjs
    ['round(1234.5678, 1)', 1234.6],
    ['floor(2.7)', 2],
    ['floor(-2.5)', -3],
    ['ceil(2.1)', 3],
    ['ceil(0.1 * 3 * 10)', 3], // 3.0000000000000004: within mathjs's tolerance of 3
    ['floor(2.789, 2)', 2.78],
    ['ceil(2.781, 2)', 2.79],
    ['round(1e300, 2)', 1e300],
  ])('%s = %s', async (text, expected) => {
    expect(await value(text)).toBe(expected);
  });

  it('a bad number of decimals makes the result missing', async () => {
    expect(await value('round(x, 1.5)')).toBeUndefined();
    expect(await value('round(x, -1)')).toBeUndefined();
    expect(await value('round(x, 16)')).toBeUndefined();
  });
});

describe('compileFormula: comparisons and conditions', () => {
  it.each([
    ['x < y', true],
    ['x > y', false],
    ['x <= 3', true],
    ['x >= 3.0000001', false],
    ['x == 3', true],
    ['x != 3', false],
    ['0.1 + 0.2 == 0.3', true], // mathjs's relative tolerance 1e-12
    ['0.1 + 0.2 > 0.3', false],
    ['1 < x < 5', true],
    ['1 < x < 2', false],
    ['0 <= x <= 3 <= y', true],
    ['not (x > y)', true],
    ['x > 1 and y > 1', true],
    ['x > 5 or y > 5', false],
    ['(x > 1) == (y > 1)', true],
    ['(x > 1) != true', false],
    ['remittances_gdp_pct < 50', true],
  ])('%s is %s', async (text, expected) => {
    const f = await compileFormula(text, KNOWN);
    expect(f.type).toBe('boolean');
    expect(f.evaluate(scopeOf(DATA))).toBe(expected);
  });

  it.each([
    ['x > 2 ? x : y', DATA, 3],
    ['x > 2 ? x : y', { ...DATA, x: 1 }, 4],
    ['true ? 1 : 2', DATA, 1],
    ['x > 0 ? (y > 0 ? 1 : 2) : 3', DATA, 1],
    ['x > 0 ? y > 0 : false', DATA, true],
  ])('%s', async (text, data, expected) => {
    expect(await value(text, data)).toBe(expected);
  });
});

describe('compileFormula: missing and non-finite values', () => {
  const noGdp = { ...DATA, gdp_usd: undefined };

  it.each([
    ['100 * remit_in_usd / gdp_usd'],
    ['gdp_usd + 1'],
    ['-gdp_usd'],
    ['sqrt(gdp_usd)'],
    ['max(x, gdp_usd)'],
    ['round(x, gdp_usd)'],
    ['gdp_usd > 0'],
    ['1 < gdp_usd < 2'],
    ['not (gdp_usd > 0)'],
    ['gdp_usd > 0 and x > 0'],
    ['gdp_usd > 0 or x < 0'],
    ['gdp_usd > 0 ? 1 : 2'], // a missing condition: missing
    ['x > 0 ? gdp_usd : 1'], // the branch taken is missing
  ])('%s is missing when gdp_usd is', async (text) => {
    expect(await value(text, noGdp)).toBeUndefined();
  });

  it('a value missing in the branch not taken does not matter', async () => {
    expect(await value('x > 0 ? x : gdp_usd', noGdp)).toBe(3);
    expect(await value('x < 0 ? gdp_usd : y', noGdp)).toBe(4);
  });

  it('and/or follow three-valued logic: a decided side wins over a missing one', async () => {
    expect(await value('gdp_usd > 0 or x > 0', noGdp)).toBe(true);
    expect(await value('x > 0 or gdp_usd > 0', noGdp)).toBe(true);
    expect(await value('gdp_usd > 0 and x > 5', noGdp)).toBe(false);
    expect(await value('x > 5 and gdp_usd > 0', noGdp)).toBe(false);
    expect(await value('1 < gdp_usd < x < 2', noGdp)).toBe(false); // x < 2 is false whatever gdp_usd is
  });

  it.each([
    ['1 / 0'],
    ['0 / 0'],
    ['-1 / 0'],
    ['x / (y - 4)'],
    ['sqrt(-1)'], // mathjs would return the complex i
    ['log(0)'],
    ['log(-1)'],
    ['log(x, 1)'],
    ['(-8) ^ (1/3)'],
    ['pow(-8, 1/3)'],
    ['1e308 * 10'],
    ['exp(1000)'],
    ['1 / 0 > 1'],
    ['1 / 0 == 1 / 0'],
    ['(1 / 0) * 0'],
  ])('%s is missing, never NaN or Infinity', async (text) => {
    expect(await value(text)).toBeUndefined();
  });

  it('NaN, Infinity or a non-number from the scope is missing', async () => {
    const f = await compileFormula('x + 1', KNOWN);
    expect(f.evaluate(() => Number.NaN)).toBeUndefined();
    expect(f.evaluate(() => Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(f.evaluate(() => '5' as unknown as number)).toBeUndefined();
  });

  it('never returns -0', async () => {
    const result = await value('-0 * x');
    expect(Object.is(result, 0)).toBe(true);
  });
});

describe('compileFormula: rejected with a usage error that names the part and the fix', () => {
  it('assignment', async () => {
    const e = await rejection('x = remit_in_usd');
    expect(e.code).toBe('formula-forbidden');
    expect(e.exit).toBe(2);
    expect(e.message).toBe("formula 'x = remit_in_usd': an assignment is not allowed");
    expect(e.oneLine()).toBe(
      "formula 'x = remit_in_usd': an assignment is not allowed — write an expression such as 100 * remit_in_usd / gdp_usd; to name a result use -e NAME=FORMULA",
    );
  });

  it('quotes the offending part when it is not the whole formula, with codes as written', async () => {
    const e = await rejection('100 * (`BX.TRF.PWKR.CD.DT` / gdp_usd)[1]');
    expect(e.code).toBe('formula-forbidden');
    expect(e.message).toContain("property or element access is not allowed in '(`BX.TRF.PWKR.CD.DT` / gdp_usd)[1]'");
  });

  it('an unquoted indicator code: suggests backticks', async () => {
    const e = await rejection('100 * BX.TRF.PWKR.CD.DT / gdp_usd');
    expect(e.code).toBe('formula-forbidden');
    expect(e.hint).toContain('`BX.TRF.PWKR.CD.DT`');
  });

  it('unknown name: did you mean', async () => {
    const e = await rejection('100 * remit_in_uds / gdp_usd');
    expect(e.code).toBe('formula-unknown-name');
    expect(e.message).toBe("formula '100 * remit_in_uds / gdp_usd': unknown name 'remit_in_uds'");
    expect(e.hint).toContain("did you mean 'remit_in_usd'?");
  });

  it('unknown name: lists what is known when nothing is close', async () => {
    const table: SymbolTable = { isKnown: (n) => n === 'gdp_usd', describe: () => 'semantic inputs (gdp_usd) and metric ids' };
    const e = await rejection('zzz * 2', table);
    expect(e.code).toBe('formula-unknown-name');
    expect(e.hint).toContain('known names: semantic inputs (gdp_usd) and metric ids');
  });

  it('a function used as a name, and a name used as a function', async () => {
    const bare = await rejection('sqrt + 1');
    expect(bare.code).toBe('formula-unknown-name');
    expect(bare.hint).toContain('sqrt(x)');
    const called = await rejection('x(2)');
    expect(called.code).toBe('formula-forbidden');
    expect(called.hint).toContain("'x' is a value, not a function");
    const typo = await rejection('sqr(x)');
    expect(typo.hint).toContain('did you mean sqrt()?');
  });

  it.each([['m'], ['h'], ['cm'], ['inch'], ['kg'], ['pi'], ['e'], ['i'], ['1 cm'], ['2 inch to cm'], ['5 m + x'], ['x in cm']])(
    '%s: units and constants are unknown names',
    async (text) => {
      expect((await rejection(text)).code).toBe('formula-unknown-name');
    },
  );

  it.each([
    ['2x', 'implicit multiplication'],
    ['2 x', 'implicit multiplication'],
    ['x y', 'implicit multiplication'],
    ['(x)(y)', 'implicit multiplication'],
    ['50%', "percent sign '%'"],
    ['x % 2', "operator '%'"],
    ['x mod 2', "operator 'mod'"],
    ['x ?? 1', "operator '??'"],
    ['x!', "operator '!'"],
    ["x'", "operator '''"],
    ['x & y', "operator '&'"],
    ['x | y', "operator '|'"],
    ['x << 1', "operator '<<'"],
    ['x xor y', "operator 'xor'"],
    ['x .* y', "operator '.*'"],
  ])('%s: %s', async (text, construct) => {
    const e = await rejection(text);
    expect(e.code).toBe('formula-forbidden');
    expect(e.message).toContain(construct);
  });

  it.each([
    ['x + (y > 1)', 'is a comparison (true or false) where a number is needed'],
    ['sqrt(x > 1)', 'is a comparison'],
    ['x ? 1 : 2', 'is a number where a condition (true or false) is needed'],
    ['x and y', 'is a number where a condition'],
    ['not x', 'is a number where a condition'],
    ['y > 1 ? 1 : x > 2', 'mix a number and a comparison'],
    ['sqrt(1, 2)', 'sqrt takes 1 argument, not 2'],
    ['pow(2)', 'pow takes 2 arguments, not 1'],
    ['max()', 'max takes at least 1, not 0'],
    ['1 +', 'syntax error at character 4'],
    ['(x', 'syntax error'],
    ['x ? 1', 'syntax error'],
    ['1 === 2', 'syntax error'],
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['`BX.TRF', 'backtick at character 1 is not closed'],
    ['`` + 1', 'empty backticks'],
  ])('%s: bad-formula (%s)', async (text, what) => {
    const e = await rejection(text);
    expect(e.code).toBe('bad-formula');
    expect(e.message).toContain(what);
  });

  it('syntax errors name the user’s codes, not internal symbols', async () => {
    const e = await rejection('(`BX.TRF.PWKR.CD.DT` + ) * 100');
    expect(e.code).toBe('bad-formula');
    expect(e.message).toBe("formula '(`BX.TRF.PWKR.CD.DT` + ) * 100': syntax error at character 24 (near ') * 100'): Value expected");
    expect(e.message).not.toContain('$');
  });
});

/**
 * Known ways out of mathjs's expression sandbox and other abuse. Sources: the mathjs security page
 * and its "more secure eval" example (the risky functions), josdejong/mathjs issues #821 and #822
 * (constructor, import-override and matrix-data escapes), PR #3255 (import/createUnit/reviver),
 * the 15.2.0 advisories GHSA-5v89-rwgr-qj6g and GHSA-29qv-4j9f-fjw5 (array index getter and
 * property setter), and classic JavaScript sandbox escapes and Unicode look-alike tricks.
 * Each would-be payload tries to set a global flag: none may run, all must fail at compile time.
 */
describe('compileFormula: sandbox escapes and abuse are refused before anything runs', () => {
  const FLAG = '__migdevPwned';
  const SET_FLAG = `globalThis.${FLAG} = 1`;
  const flag = (): unknown => (globalThis as Record<string, unknown>)[FLAG];

  beforeEach(() => {
    delete (globalThis as Record<string, unknown>)[FLAG];
  });
  afterEach(() => {
    expect(flag()).toBeUndefined();
  });

  const PAYLOADS: Array<[label: string, payload: string, code: string]> = [
    ['Function via a function’s constructor, called', `cos.constructor("${SET_FLAG}")()`, 'bad-formula'],
    ['Function via a function’s constructor, with an argument', `cos.constructor("${SET_FLAG}")(1)`, 'formula-forbidden'],
    ['Function via sqrt.constructor', `sqrt.constructor("${SET_FLAG}")`, 'formula-forbidden'],
    ['Function via a number’s constructor chain', `(1).constructor.constructor("${SET_FLAG}")`, 'formula-forbidden'],
    ['import with override', 'import({}, {override: true})', 'formula-forbidden'],
    ['import of Function as matrix (#821)', `import({matrix: cos.constructor}, {override: 1}); x = ["${SET_FLAG}"]; x()`, 'formula-forbidden'],
    ['matrix data map (#821)', `["//", "a/*\\nreturn process"]._data.map(cos.constructor)[1]()`, 'formula-forbidden'],
    ['isRange subset trick (#821)', `a = ["${SET_FLAG}"]._data; a.isRange = true; x = {subset: cos.constructor}[a]; x()`, 'formula-forbidden'],
    ['Object.assign bind (#822)', '{}.constructor.assign(cos.constructor, {binding: cos.bind})', 'formula-forbidden'],
    ['createUnit', 'createUnit("x")', 'formula-forbidden'],
    ['evaluate', `evaluate("${SET_FLAG}")`, 'formula-forbidden'],
    ['parse + compile', 'parse("1").compile()', 'formula-forbidden'],
    ['compile', 'compile("1")', 'formula-forbidden'],
    ['simplify', 'simplify("x")', 'formula-forbidden'],
    ['derivative', 'derivative("x^2", "x")', 'formula-forbidden'],
    ['resolve', 'resolve(x)', 'formula-forbidden'],
    ['chain', 'chain(3)', 'formula-forbidden'],
    ['typed', 'typed("f", {"number": f})', 'formula-forbidden'],
    ['config', 'config({})', 'formula-forbidden'],
    ['reviver', 'reviver("x", {mathjs: "Unit"})', 'formula-forbidden'],
    ['help', 'help(x)', 'formula-forbidden'],
    ['map with a callback', 'map([1], f)', 'formula-forbidden'],
    ['function definition', 'f(x) = x', 'formula-forbidden'],
    ['function definition hiding Function', 'f(x) = cos.constructor(x)', 'formula-forbidden'],
    ['assignment', 'a = 1', 'formula-forbidden'],
    ['assignment of a function', 'f = cos.constructor', 'formula-forbidden'],
    ['array', '[1, 2]', 'formula-forbidden'],
    ['object', '{a: 1}', 'formula-forbidden'],
    ['range', '1:3', 'formula-forbidden'],
    ['string', '"str"', 'formula-forbidden'],
    ['single-quoted string', "'str'", 'formula-forbidden'],
    ['dot property', 'x.y', 'formula-forbidden'],
    ['constructor property', 'x.constructor', 'formula-forbidden'],
    ['bracket property', 'x["constructor"]', 'formula-forbidden'],
    ['__proto__ property', 'x["__proto__"]', 'formula-forbidden'],
    ['optional chaining', 'x?.constructor', 'formula-forbidden'],
    ['index', 'x[1]', 'formula-forbidden'],
    ['calling a call', 'f(x)(y)', 'formula-forbidden'],
    ['two statements', 'x; y', 'formula-forbidden'],
    ['two lines', 'x\ny', 'formula-forbidden'],
    ['unit', '1 cm', 'formula-unknown-name'],
    ['unit conversion', '2 inch to cm', 'formula-unknown-name'],
    ['bare process', 'process', 'formula-unknown-name'],
    ['bare constructor', 'constructor', 'formula-unknown-name'],
    ['bare __proto__', '__proto__', 'formula-unknown-name'],
    ['bare globalThis', 'globalThis', 'formula-unknown-name'],
    ['null literal', 'null', 'formula-forbidden'],
    ['undefined literal', 'undefined', 'formula-forbidden'],
    ['Infinity literal', 'Infinity', 'formula-forbidden'],
    ['NaN literal', 'NaN', 'formula-forbidden'],
    ['overflowing literal', '1e309', 'formula-forbidden'],
    ['forged internal code symbol', '$0 + 1', 'bad-formula'],
    ['forged code symbol beside a real code', '`BX.TRF.PWKR.CD.DT` + $1', 'bad-formula'],
    ['Cyrillic look-alike letter', 'remit_in_us\u0501', 'bad-formula'],
    ['Greek look-alike letter', 'p\u03BFpulation', 'bad-formula'],
    ['full-width letter', '\uFF58 + 1', 'bad-formula'],
    ['zero-width space', 'x\u200B + 1', 'bad-formula'],
    ['right-to-left override (Trojan Source)', 'x \u202E+ 1', 'bad-formula'],
    ['mathematical italic letter', '\u{1D465} + 1', 'bad-formula'],
    ['Unicode minus sign', 'x \u2212 1', 'bad-formula'],
    ['NUL byte', 'x\u0000', 'bad-formula'],
    ['very long formula', `x${' + x'.repeat(200)}`, 'formula-too-long'],
    ['10,000 nested parentheses', `${'('.repeat(10_000)}x${')'.repeat(10_000)}`, 'formula-too-long'],
    ['nested parentheses under the length cap', `${'('.repeat(200)}x${')'.repeat(200)}`, 'formula-too-long'],
    ['nested calls under the length cap', `${'abs('.repeat(40)}x${')'.repeat(40)}`, 'formula-too-long'],
    ['a long chain of unary minus', `${'-'.repeat(100)}x`, 'formula-too-long'],
    ['too many terms', Array.from({ length: 120 }, () => 'x').join('+'), 'formula-too-long'],
  ];

  it('lists at least 25 payloads', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(PAYLOADS)('%s', async (_label, payload, code) => {
    const e = await rejection(payload);
    expect(e).toBeInstanceOf(MigdevError);
    expect(e.code).toBe(code);
    expect(e.exit).toBe(2);
    expect(e.oneLine()).not.toContain('\n');
    expect(flag()).toBeUndefined();
  });

  it('a table that claims to know every name still cannot reach Object.prototype or functions', async () => {
    const gullible: SymbolTable = { isKnown: () => true };
    for (const [payload, code] of [
      ['constructor', 'formula-unknown-name'],
      ['__proto__', 'formula-unknown-name'],
      ['toString', 'formula-unknown-name'],
      ['hasOwnProperty', 'formula-unknown-name'],
      ['x.constructor', 'formula-forbidden'],
      ['evaluate("1")', 'formula-forbidden'],
      ['import({}, {})', 'formula-forbidden'],
      ['cos.constructor("1")', 'formula-forbidden'],
    ] as const) {
      expect((await rejection(payload, gullible)).code, payload).toBe(code);
    }
  });
});

describe('parseCustomMetric', () => {
  it.each([
    ['share=100 * remit_in_usd / gdp_usd', { name: 'share', formula: '100 * remit_in_usd / gdp_usd' }],
    [' a = x == 1 ', { name: 'a', formula: 'x == 1' }],
    ['_Net2=`BX.TRF.PWKR.CD.DT` - `BM.TRF.PWKR.CD.DT`', { name: '_Net2', formula: '`BX.TRF.PWKR.CD.DT` - `BM.TRF.PWKR.CD.DT`' }],
  ])('%s', (arg, expected) => {
    expect(parseCustomMetric(arg)).toEqual(expected);
  });

  it.each([
    ['no_equals_sign', 'expected NAME=FORMULA'],
    ['=x', 'the name before'],
    ['1abc=x', 'is not a valid name'],
    ['a-b=x', 'is not a valid name'],
    ['a.b=x', 'is not a valid name'],
    ['ñ=x', 'is not a valid name'],
    ['and=x', 'reserved word'],
    ['sqrt=x', 'reserved word'],
    ['constructor=x', 'reserved word'],
    ['__proto__=x', 'reserved word'],
    ['x==1', "single '='"],
    ['x=', 'is empty'],
    ['x=   ', 'is empty'],
  ])('%s: bad-expr', (arg, what) => {
    let caught: unknown;
    try {
      parseCustomMetric(arg);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigdevError);
    expect((caught as MigdevError).code).toBe('bad-expr');
    expect((caught as MigdevError).message).toContain(what);
  });
});
