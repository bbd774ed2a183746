import { Command, CommanderError } from 'commander';
import { MigdevError, singleLine } from '../errors.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';

/** Builds the program; a factory so tests can parse without exiting the process. */
export function buildProgram(): Command {
  const program = new Command('migdev')
    .description('Migration–development indicators from World Bank, UN DESA and remittance-price CSV files')
    .version(VERSION, '-V, --version')
    .option('--quiet', 'no notes on stderr')
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText(
      'after',
      `
Exit codes: 0 success · 1 a check failed · 2 usage or input error · 3 internal error
Run 'migdev <command> --help' for a command's flags and examples.`,
    );
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

function stderrLine(text: string): void {
  process.stderr.write(`migdev: error: ${singleLine(text)}\n`);
}

/** Runs the CLI. Sets process.exitCode rather than exiting, so pending output is flushed. */
export async function run(argv: readonly string[]): Promise<void> {
  // A closed pipe (`migdev … | head`) is how a reader says it has enough: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    process.exitCode = handleError(e);
  }
}

export function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    const message = e.message.replace(/^error:\s*/, '');
    stderrLine(`${message} — see 'migdev --help'`);
    return 2;
  }
  if (e instanceof MigdevError) {
    stderrLine(e.oneLine());
    if (process.env.MIGDEV_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
    return e.exit;
  }
  const err = e as Error;
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return 0;
  stderrLine(`internal error: ${err?.message ?? String(e)} — please report it (MIGDEV_DEBUG=1 shows the stack)`);
  if (process.env.MIGDEV_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  return 3;
}
