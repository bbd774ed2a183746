// Regenerates the parts of README.md that come from the code: the semantic-input table, the
// metric catalogue, and the output of every example marked `<!-- example:NAME -->` (the command
// is the one in the ```sh block just above the marker). `node scripts/readme.mjs` rewrites
// README.md; test/readme.test.ts fails when README.md differs from what this generates.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Splits a shell command line into words (single and double quotes, backslash-newline). */
export function shellWords(line) {
  const words = [];
  let cur = '';
  let quote = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === ' ' || c === '\n' || c === '\t') {
      if (has || cur) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) words.push(cur);
  return words;
}

/** The words of an example command line, without `migdev`. */
export function exampleArgs(command) {
  const words = shellWords(command.replace(/\\\n\s*/g, ' ').replace(/\s+#.*$/, ''));
  if (words[0] !== 'migdev') throw new Error(`example does not start with migdev: ${command}`);
  return words.slice(1);
}

/** Runs `migdev ARGS` from the checkout in a new process, as a user would see it piped (no colour). */
export function runExample(args) {
  const env = { ...process.env, NO_COLOR: '1', COLUMNS: '100' };
  delete env.FORCE_COLOR;
  try {
    return execFileSync(process.execPath, [path.join(root, 'bin/migdev.js'), ...args], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // `check` exits 1 when it finds errors: its report is still the example's output.
    if (e.status === 1 && typeof e.stdout === 'string') return e.stdout;
    throw e;
  }
}

function replaceBetween(text, start, end, body) {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`README lacks ${start} … ${end}`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** `run(args)` gives an example's stdout; by default a real `node bin/migdev.js` process. */
export async function generate(text, run = async (args) => runExample(args)) {
  const { INPUTS } = await import('../dist/metrics/inputs.js');
  const { catalogueMarkdown } = await import('../dist/metrics/catalogue-table.js');
  const inputs = Object.entries(INPUTS)
    .map(([name, i]) => `| \`${name}\` | ${i.code ? `\`${i.code}\`` : '—'} | ${i.meaning} |`)
    .join('\n');
  let out = replaceBetween(text, '<!-- inputs:start -->', '<!-- inputs:end -->', inputs);
  out = replaceBetween(out, '<!-- catalogue:start -->', '<!-- catalogue:end -->', catalogueMarkdown());
  // Each example marker: the ```sh block above gives the command; its output goes below.
  const marker = /```sh\n((?:(?!```)[\s\S])*?)```\n\n<!-- example:([\w-]+) -->\n(?:```text\n(?:(?!```)[\s\S])*```\n<!-- \/example -->\n)?/g;
  const outputs = [];
  for (const m of out.matchAll(marker)) outputs.push(await run(exampleArgs(m[1].trim())));
  let k = 0;
  out = out.replace(marker, (_all, command, name) => {
    const result = outputs[k++];
    return `\`\`\`sh\n${command}\`\`\`\n\n<!-- example:${name} -->\n\`\`\`text\n${result.replace(/\n?$/, '\n')}\`\`\`\n<!-- /example -->\n`;
  });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = path.join(root, 'README.md');
  writeFileSync(file, await generate(readFileSync(file, 'utf8')));
  console.error('README.md regenerated');
}
