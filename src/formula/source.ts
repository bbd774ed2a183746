import { EXAMPLE, formulaError } from './messages.js';

export const MAX_FORMULA_LENGTH = 500;
/** Brackets nested deeper than this are refused before parsing (mathjs parses recursively). */
export const MAX_BRACKET_DEPTH = 32;

export interface PreparedSource {
  /**
   * The text mathjs parses: each backtick code replaced by an internal symbol `$` + base-36 index,
   * padded with spaces to the same length, so that mathjs's character positions are the user's.
   * `$` cannot occur elsewhere (refused below), so these symbols cannot be forged.
   */
  readonly parseText: string;
  /** Internal symbol → indicator code. */
  readonly codeBySymbol: ReadonlyMap<string, string>;
}

/** Puts internal `$N` symbols back as the user's backtick codes (for messages). */
export function restoreCodes(text: string, codeBySymbol: ReadonlyMap<string, string>): string {
  return text.replace(/\$[0-9a-z]+/g, (symbol) => {
    const code = codeBySymbol.get(symbol);
    return code === undefined ? symbol : `\`${code}\``;
  });
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp < 0x20 || cp === 0x7f ? hex : `'${ch}' (${hex})`;
}

/**
 * Checks what can be checked on the raw text (length, characters, bracket depth) and turns the
 * backtick codes into symbols. Everything outside backticks must be printable ASCII: names and
 * operators are ASCII, so a look-alike letter or an invisible character is an error, not a name.
 */
export function prepareSource(text: string): PreparedSource {
  if (text.length > MAX_FORMULA_LENGTH) {
    throw formulaError(
      'formula-too-long',
      text,
      `is ${text.length} characters long, more than ${MAX_FORMULA_LENGTH}`,
      'split it into several custom metrics (-e a=…, -e b=… a …)',
    );
  }
  if (text.trim() === '') throw formulaError('bad-formula', text, 'is empty', `write an expression such as ${EXAMPLE}`);

  const codeBySymbol = new Map<string, string>();
  const symbolByCode = new Map<string, string>();
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) {
        throw formulaError('bad-formula', text, `the backtick at character ${i + 1} is not closed`, 'write indicator codes between two backticks: `BX.TRF.PWKR.CD.DT`');
      }
      const code = text.slice(i + 1, end).trim();
      if (code === '') throw formulaError('bad-formula', text, `empty backticks at character ${i + 1}`, 'write an indicator code between the backticks: `BX.TRF.PWKR.CD.DT`');
      let symbol = symbolByCode.get(code);
      if (symbol === undefined) {
        symbol = `$${codeBySymbol.size.toString(36)}`;
        symbolByCode.set(code, symbol);
        codeBySymbol.set(symbol, code);
      }
      const span = end - i + 1;
      if (symbol.length > span) throw formulaError('formula-too-long', text, 'uses too many indicator codes', 'split it into several custom metrics');
      out += symbol.padEnd(span, ' ');
      i = end + 1;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const printable = (cp >= 0x20 && cp < 0x7f) || ch === '\t' || ch === '\n' || ch === '\r';
    if (!printable) {
      const shown = describeChar(String.fromCodePoint(cp));
      throw formulaError(
        'bad-formula',
        text,
        `character ${shown} at position ${i + 1} is not allowed`,
        'names and operators are plain ASCII (a look-alike letter is not the same name); put other text in backticks only as an indicator code',
      );
    }
    if (ch === '$') {
      throw formulaError('bad-formula', text, `'$' at character ${i + 1} is not allowed`, 'names use letters, digits and _; indicator codes go in backticks');
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      if (depth > MAX_BRACKET_DEPTH) {
        throw formulaError('formula-too-long', text, `brackets are nested more than ${MAX_BRACKET_DEPTH} deep`, 'simplify it or split it into several custom metrics');
      }
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    }
    out += ch;
    i++;
  }
  return { parseText: out, codeBySymbol };
}
