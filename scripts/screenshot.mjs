#!/usr/bin/env node
// Renders an HTML or SVG file to PNG with headless Chromium, to look at what migdev draws.
// Usage: node scripts/screenshot.mjs FILE.html|FILE.svg [OUT.png] [WIDTHxHEIGHT]
// Needs Debian's chromium (apt-get install -y chromium). Not part of npm test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, outArg, sizeArg] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.error('usage: node scripts/screenshot.mjs FILE.html|FILE.svg [OUT.png] [WIDTHxHEIGHT]');
  process.exit(2);
}
const out = path.resolve(outArg ?? file.replace(/\.(html?|svg)$/i, '') + '.png');
const [w, h] = (sizeArg ?? '1200x1600').split('x');
const profile = mkdtempSync(path.join(tmpdir(), 'migdev-chromium-'));
const bin = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('which', [b]).status === 0);
if (!bin) {
  console.error('no chromium found: apt-get install -y chromium');
  process.exit(2);
}
const r = spawnSync(
  bin,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    `--screenshot=${out}`,
    `--window-size=${w},${h}`,
    pathToFileURL(path.resolve(file)).href,
  ],
  { encoding: 'utf8', timeout: 60000 },
);
rmSync(profile, { recursive: true, force: true });
if (r.status !== 0 || !existsSync(out)) {
  console.error(r.stderr);
  process.exit(1);
}
console.log(out);
