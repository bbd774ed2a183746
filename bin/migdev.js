#!/usr/bin/env node
// `--version` alone answers without loading the CLI (start-up stays near `node -e 0`).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { run } = await import('../dist/cli/main.js');
  await run(args);
}
