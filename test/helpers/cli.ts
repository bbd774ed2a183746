import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Root of the checkout (the folder holding package.json and bin/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/migdev.js', import.meta.url));

// The bin runs the built dist/: `npm test` builds first (pretest); a bare `npx vitest run` on a
// fresh checkout would otherwise fail every CLI test with a confusing import error.
if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) {
  spawnSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface RunOptions {
  /** Bytes or text piped to standard input (otherwise stdin is an empty pipe). */
  stdin?: string | Buffer;
  /** Extra environment variables (an `undefined` value removes one). */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** The environment a CLI test runs in: the caller's, without FORCE_COLOR, with NO_COLOR=1. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.MIGDEV_DEBUG;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `node bin/migdev.js ARGS` in a subprocess and collects stdout, stderr and the exit code. */
export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cliEnv(opts.env), stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code }));
    // A child that exits before reading its input closes the pipe: that is not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * The same command in this process — commander, the command, the error handler — with stdout
 * and stderr captured and NO_COLOR set. No node start-up (~0.3 s of CPU a spawn), so the suite
 * stays fast; cases that need a real process (stdin, the environment, exit on EPIPE, worker
 * threads) use `runCli`.
 */
export function runInProcess(args: readonly string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  // One at a time: runs share stdout, stderr, the environment and the working directory.
  const run = queue.then(() => runInProcessNow(args, opts));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function runInProcessNow(args: readonly string[], opts: { cwd?: string }): Promise<CliResult> {
  const { vi } = await import('vitest');
  const { buildProgram, handleError } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true));
  const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR, MIGDEV_DEBUG: process.env.MIGDEV_DEBUG };
  process.env.NO_COLOR = '1';
  delete process.env.FORCE_COLOR;
  delete process.env.MIGDEV_DEBUG;
  const cwd = process.cwd();
  let code: number;
  try {
    process.chdir(opts.cwd ?? ROOT);
    await buildProgram().parseAsync([...args], { from: 'user' });
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    code = handleError(e);
  } finally {
    process.chdir(cwd);
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { stdout, stderr, code };
}
