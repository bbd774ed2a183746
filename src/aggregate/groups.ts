import { CsvScanner, type CsvRecord } from '../csv/scanner.js';
import { openSource } from '../csv/source.js';
import type { EntityMeta } from '../entities/meta.js';
import { inputError, usageError } from '../errors.js';
import { CODE_ALIASES, findColumn } from '../ingest/cells.js';
import { normCode } from '../values.js';

/** Group name → member entity codes (sorted, unique); groups in name order. */
export type GroupMap = ReadonlyMap<string, readonly string[]>;

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedGroups(m: Map<string, Set<string>>): Map<string, string[]> {
  return new Map([...m].sort(([a], [b]) => byName(a, b)).map(([g, s]) => [g, [...s].sort(byName)]));
}

/**
 * Groups from metadata fields (`--group-by region,income`): one group per distinct value of each
 * field. A field no entity has a value for is an error naming the fields there are; so is a
 * group name that two fields share, which would make the output ambiguous.
 */
export function groupsFromMeta(meta: EntityMeta, fields: readonly string[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const fieldOf = new Map<string, string>();
  for (const field of fields) {
    const members = meta.members(field);
    if (members.size === 0) {
      const known = meta.groupFields().filter((f) => meta.members(f).size > 0);
      throw usageError(
        'unknown-group-field',
        `--group-by ${field}: no entity of the ${meta.fromUser ? 'metadata file' : 'built-in World Bank table'} has a ${field}`,
        known.length > 0 ? `group by ${known.join(', ')}, or give --meta FILE with a ${field} column` : `give --meta FILE with a ${field} column`,
      );
    }
    for (const [g, codes] of members) {
      const other = fieldOf.get(g);
      if (other !== undefined && other !== field) {
        throw usageError('ambiguous-group', `"${g}" is both a ${other} and a ${field} group`, `run --group-by ${other} and --group-by ${field} separately`);
      }
      fieldOf.set(g, field);
      const set = out.get(g) ?? new Set<string>();
      for (const c of codes) set.add(c);
      out.set(g, set);
    }
  }
  return sortedGroups(out);
}

/** `--group-by region,income` → the field names. */
export function parseGroupBy(text: string): string[] {
  const fields = [...new Set(text.split(',').map((f) => f.trim()).filter((f) => f !== ''))];
  if (fields.length === 0) throw usageError('bad-group-by', '--group-by is empty', 'write --group-by region, income or a metadata column');
  return fields;
}

const GROUP_COLUMNS = ['group', 'group_name', 'groups'];

function delimiterOf(firstLine: string): number {
  const counts: Array<[number, number]> = [0x2c, 0x3b, 0x09].map((d) => [d, firstLine.split(String.fromCharCode(d)).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : 0x2c;
}

/**
 * Reads a `--groups FILE`: a CSV with a code column (code, iso3, country_code…) and a `group`
 * column, one row per membership. A code listed under several groups belongs to each; the same
 * pair twice counts once. Codes need not be countries (any entity of the data can be a member).
 */
export async function readGroupsFile(path: string): Promise<Map<string, string[]>> {
  const source = await openSource(path);
  const file = source.name;
  const out = new Map<string, Set<string>>();
  let header: string[] | undefined;
  let codeCol = -1;
  let groupCol = -1;
  let scanner: CsvScanner | undefined;
  const visit = (rec: CsvRecord): void => {
    if (rec.isBlank()) return;
    if (!header) {
      header = rec.fields();
      codeCol = findColumn(header, CODE_ALIASES);
      groupCol = findColumn(header, GROUP_COLUMNS);
      if (codeCol < 0 || groupCol < 0) {
        throw inputError(
          'missing-column',
          `the groups file has no ${codeCol < 0 ? 'code' : 'group'} column (header: ${header.join(',')})`,
          { file, line: rec.line },
          'start it with the header line code,group',
        );
      }
      return;
    }
    const code = normCode(rec.field(codeCol) ?? '');
    const group = (rec.field(groupCol) ?? '').trim();
    if (code === '' || group === '') {
      throw inputError('bad-group-row', `a row has ${code === '' ? 'no code' : 'no group'}`, { file, line: rec.line }, 'give every row a code and a group name');
    }
    const set = out.get(group) ?? new Set<string>();
    set.add(code);
    out.set(group, set);
  };
  for await (const chunk of source.chunks) {
    scanner ??= new CsvScanner({ delimiter: delimiterOf(chunk.toString('utf8', 0, Math.min(chunk.length, 4096)).split('\n')[0] ?? ''), file });
    scanner.push(chunk, visit);
  }
  scanner?.end(visit);
  if (out.size === 0) throw inputError('no-groups', 'the groups file lists no memberships', { file }, 'give one code,group row per member');
  return sortedGroups(out);
}

/** Keeps only the given members (`--countries`); groups left with none are dropped. */
export function restrictGroups(groups: GroupMap, keep: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [g, codes] of groups) {
    const kept = codes.filter((c) => keep.has(c));
    if (kept.length > 0) out.set(g, kept);
  }
  return out;
}
