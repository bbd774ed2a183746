import { usageError, type MigdevError } from '../errors.js';

export type FormulaErrorCode = 'bad-formula' | 'formula-forbidden' | 'formula-unknown-name' | 'formula-too-long' | 'bad-expr';

/** One line, at most `max` characters: messages quote user text, which may hold line breaks. */
export function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `formula 'TEXT': what — hint`, the arquero way: quote the formula, say what is wrong and what to do. */
export function formulaError(code: FormulaErrorCode, text: string, what: string, hint?: string): MigdevError {
  return usageError(code, `formula '${clip(text)}': ${what}`, hint);
}

export const EXAMPLE = '100 * remit_in_usd / gdp_usd';
