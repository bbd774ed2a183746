/** Where in an input a problem sits; every part is optional because usage errors have none. */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  /** Sheet of a workbook: the place prints as `FILE[SHEET]!CELL`. */
  sheet?: string;
  /** Cell reference in that sheet (`B7`); without it the row (`7:7`) when `line` is known. */
  cell?: string;
}

/**
 * The one error type the core throws on purpose. `code` is stable kebab-case (scripts and tests
 * match on it); `hint` says what to do. The CLI prints it as one line and maps `exit` to the
 * process exit code; anything that is not a MigdevError is an internal error (exit 3).
 */
export class MigdevError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly where: Location;
  readonly exit: 1 | 2;

  constructor(code: string, message: string, options: { hint?: string; where?: Location; exit?: 1 | 2 } = {}) {
    super(message);
    this.name = 'MigdevError';
    this.code = code;
    this.hint = options.hint;
    this.where = options.where ?? {};
    this.exit = options.exit ?? 2;
  }

  /** `FILE:LINE:COLUMN: message — hint`, the SPEC's one-line form (without the `migdev: error:` prefix). */
  oneLine(): string {
    const w = this.where;
    const place = w.sheet !== undefined ? sheetPlace(w) : [w.file, w.line, w.line !== undefined ? w.column : undefined].filter((p) => p !== undefined).join(':');
    const text = this.hint ? `${this.message} — ${this.hint}` : this.message;
    return singleLine(place ? `${place}: ${text}` : text);
  }
}

/** `file.xlsx[Table 1]!B7`, or `file.xlsx[Table 1]!7:7` for a whole row, or `file.xlsx[Table 1]`. */
function sheetPlace(w: Location): string {
  const at = w.cell ?? (w.line !== undefined ? `${w.line}:${w.line}` : undefined);
  return `${w.file ?? ''}[${w.sheet}]${at !== undefined ? `!${at}` : ''}`;
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text safe to print as one line of a terminal: line breaks, tabs and other control characters
 * (a quoted cell may hold them; an ESC could recolour the terminal) are shown as escapes.
 */
export function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => CONTROL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Usage errors: a wrong flag value, an unknown metric id, a bad formula. */
export function usageError(code: string, message: string, hint?: string): MigdevError {
  return new MigdevError(code, message, hint === undefined ? {} : { hint });
}

/** Input errors: a file that cannot be read or does not hold what it should. */
export function inputError(code: string, message: string, where: Location, hint?: string): MigdevError {
  return new MigdevError(code, message, hint === undefined ? { where } : { where, hint });
}

export function isMigdevError(e: unknown): e is MigdevError {
  return e instanceof MigdevError;
}
