/** Cell texts that mean "no value" in the files analysts have (SPEC "Inputs"). */
const MISSING = new Set(['', '..', 'na', 'n/a', 'nan', 'null', '#n/a']);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a numeric cell. Returns `null` for a missing marker, `undefined` when the text is not a
 * number (the caller reports it with its place). `Number()` alone is too lenient: it accepts
 * `0x1F`, `Infinity` and turns `""` into 0.
 */
export function parseNumber(raw: string, decimalComma = false, extraMissing?: ReadonlySet<string>): number | null | undefined {
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (MISSING.has(lower) || extraMissing?.has(lower)) return null;
  if (decimalComma) {
    if (!DECIMAL_COMMA.test(text)) return undefined;
    const v = Number(text.replace(',', '.'));
    return Number.isFinite(v) ? v : undefined;
  }
  if (!DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** True when `raw` is written as a number but lies beyond a double (`1e400`, `-1e309`). */
export function isOutOfRange(raw: string, decimalComma = false): boolean {
  const text = raw.trim();
  if (!(decimalComma ? DECIMAL_COMMA : DECIMAL).test(text)) return false;
  return !Number.isFinite(Number(decimalComma ? text.replace(',', '.') : text));
}

/** `2000`, `2000 [YR2000]`, `YR2000` → 2000; anything else → undefined. */
export function parseYear(raw: string): number | undefined {
  const m = /^\s*(?:YR)?(\d{4})(?:\s*\[YR\d{4}\])?\s*$/i.exec(raw);
  if (!m) return undefined;
  return Number(m[1]);
}

/** Upper-cased trimmed code: codes match case-insensitively (`bra` = `BRA`). */
export function normCode(raw: string): string {
  return raw.trim().toUpperCase();
}
