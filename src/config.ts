import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { inputError } from './errors.js';

const stringOrList = z.union([z.string(), z.array(z.string())]);

/** The `--config` project file. Strict: an unknown key is an error, not silently ignored. */
export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  inputs: z.array(z.string()).optional(),
  map: z.record(z.string(), z.string()).optional(),
  metrics: stringOrList.optional(),
  expr: z.record(z.string(), z.string()).optional(),
  countries: stringOrList.optional(),
  years: z.union([z.string(), z.number().int()]).optional(),
  window: z.string().optional(),
  latest: z.boolean().optional(),
  includeAggregates: z.boolean().optional(),
  meta: z.string().optional(),
  groupBy: z.string().optional(),
  groups: z.string().optional(),
  inputFormat: z.string().optional(),
  encoding: z.string().optional(),
  na: z.array(z.string()).optional(),
  output: z
    .strictObject({
      format: z.enum(['table', 'csv', 'tsv', 'json', 'ndjson', 'md']).optional(),
      shape: z.enum(['long', 'wide']).optional(),
      digits: z.number().int().min(0).max(15).optional(),
      excel: z.boolean().optional(),
    })
    .optional(),
  index: z
    .strictObject({
      weights: z.record(z.string(), z.number().min(0)).optional(),
      direction: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
      target: z.record(z.string(), z.number()).optional(),
      normalize: z.enum(['minmax', 'zscore', 'rank', 'target']).optional(),
      aggregate: z.enum(['arithmetic', 'geometric']).optional(),
      missing: z.enum(['drop', 'reweight']).optional(),
      sensitivity: z.number().int().positive().optional(),
      seed: z.number().int().min(0).max(4294967295).optional(),
      perturb: z.array(z.enum(['normalization', 'aggregation'])).optional(),
    })
    .optional(),
  checks: z
    .strictObject({
      assert: z.array(z.string()).optional(),
      requireCoverage: z.record(z.string(), z.number().min(0).max(1)).optional(),
      maxJump: z.number().positive().optional(),
      strict: z.boolean().optional(),
      knownEntities: z.boolean().optional(),
      maxFindings: z.number().int().positive().optional(),
    })
    .optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

function issuePath(p: ReadonlyArray<PropertyKey>): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.');
}

/** The first problem as one line: which key, what is wrong. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issuePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${where ? `${where}.` : ''}${k}'`).join(', ');
    return `unknown key ${keys}`;
  }
  return `${where ? `'${where}': ` : ''}${issue.message}`;
}

/**
 * Reads and validates a config file. Paths inside it (inputs, meta, groups) are resolved
 * against the config file's folder, so a project runs the same from any working directory.
 */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', code === 'ENOENT' ? 'no such config file' : `cannot read the config file (${code})`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const at = m ? Number(m[1]) : 0;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw inputError('bad-config', `not valid JSON (${(e as Error).message.replace(/^JSON\.parse: /, '').split('\n')[0]})`, { file, line, column }, 'fix the JSON syntax');
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw inputError('bad-config', `${describeIssue(first)}${more}`, { file }, 'see the README section "Config file" for the keys');
  }
  const dir = path.dirname(path.resolve(file));
  const cfg = parsed.data;
  const rel = (p: string): string => (p === '-' || path.isAbsolute(p) ? p : path.join(dir, p));
  if (cfg.inputs) cfg.inputs = cfg.inputs.map(rel);
  if (cfg.meta) cfg.meta = rel(cfg.meta);
  if (cfg.groups) cfg.groups = rel(cfg.groups);
  return cfg;
}
