import { Chalk, type ChalkInstance } from 'chalk';

/** What a command needs from the process, gathered once so commands stay testable. */
export interface CliContext {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns: number | undefined;
  env: NodeJS.ProcessEnv;
  /** Colour for stdout and stderr; level 0 when off. */
  out: ChalkInstance;
  err: ChalkInstance;
  quiet: boolean;
  /**
   * Notes for stderr (`migdev: note: …`), silenced by --quiet. They are held until the command
   * succeeds, so a failing run prints its one error line and nothing else.
   */
  note(message: string): void;
  /** Prints the held notes. */
  flushNotes(): void;
  warn(message: string): void;
}

/**
 * Colour level for a stream: NO_COLOR (any non-empty value) and --no-color turn it off,
 * FORCE_COLOR forces it, otherwise only a TTY that is not TERM=dumb gets colour.
 * chalk 5 does not look at NO_COLOR itself, hence this.
 */
export function colorLevel(isTTY: boolean, env: NodeJS.ProcessEnv, flag: boolean | undefined): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (flag === true) return 1;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : 2;
}

export function createContext(opts: { color?: boolean; quiet?: boolean } = {}): CliContext {
  const env = process.env;
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stderrIsTTY = process.stderr.isTTY === true;
  const out = new Chalk({ level: colorLevel(stdoutIsTTY, env, opts.color) });
  const err = new Chalk({ level: colorLevel(stderrIsTTY, env, opts.color) });
  const quiet = opts.quiet === true;
  const held: string[] = [];
  return {
    stdoutIsTTY,
    stderrIsTTY,
    columns: stdoutIsTTY ? process.stdout.columns : undefined,
    env,
    out,
    err,
    quiet,
    note(message) {
      if (!quiet) held.push(`${err.dim('migdev: note:')} ${message}\n`);
    },
    flushNotes() {
      for (const n of held.splice(0)) process.stderr.write(n);
    },
    warn(message) {
      process.stderr.write(`${err.yellow('migdev: warning:')} ${message}\n`);
    },
  };
}
