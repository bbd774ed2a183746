import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/**
 * Wraps a command action: builds the CLI context from the global flags (--quiet, --no-color)
 * and passes it after the command's own arguments and options.
 */
// Commander passes positional arguments first, then options, then the command: the action's
// arity varies per command, hence the rest parameter of unknown values.
export function withContext<A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const globals = cmd.optsWithGlobals<{ quiet?: boolean; color?: boolean }>();
    // chalk loads here, when a command runs, not when the program starts.
    const { createContext } = await import('../context.js');
    const ctx = createContext({ ...(globals.color === false ? { color: false } : {}), ...(globals.quiet ? { quiet: true } : {}) });
    await fn(ctx, ...(args.slice(0, -1) as A));
    ctx.flushNotes();
  };
}
