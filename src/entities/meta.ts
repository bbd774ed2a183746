import { builtinEntities, builtinEntity, isUnArea } from './index.js';

export interface EntityRecord {
  code: string;
  name: string;
  region: string;
  income: string;
  /** A World Bank aggregate (blank Region in Metadata_Country files), not a country. */
  aggregate: boolean;
  /** Every column of a user metadata file, by header as written. */
  extra: Record<string, string>;
}

/**
 * Entity metadata: the built-in World Bank table, or what `--meta` files say. Lookups fall back
 * to the built-in table for codes a user file does not list, so names and aggregate flags still
 * come through; groupings come from the user file alone when one is given.
 */
export class EntityMeta {
  readonly records = new Map<string, EntityRecord>();
  readonly columns: string[] = [];
  /** True when the table came from a user file (`--meta`), false for the built-in one. */
  readonly fromUser: boolean;

  constructor(fromUser: boolean) {
    this.fromUser = fromUser;
  }

  static builtin(): EntityMeta {
    const m = new EntityMeta(false);
    for (const e of builtinEntities()) m.records.set(e.code, { ...e, extra: {} });
    return m;
  }

  get(code: string): EntityRecord | undefined {
    return this.records.get(code);
  }

  name(code: string): string | undefined {
    return this.records.get(code)?.name || builtinEntity(code)?.name;
  }

  isAggregate(code: string): boolean {
    // UN M49 regions and groups (`M49.947`) are read from UN DESA tables, never countries.
    if (isUnArea(code)) return true;
    const r = this.records.get(code);
    if (r) return r.aggregate;
    return builtinEntity(code)?.aggregate === true;
  }

  /** Value of a grouping field: `region`, `income`, or a column of the metadata file. */
  group(code: string, field: string): string | undefined {
    const r = this.records.get(code);
    if (!r) return undefined;
    const f = field.toLowerCase();
    if (f === 'region') return r.region || undefined;
    if (f === 'income' || f === 'incomegroup' || f === 'income_group') return r.income || undefined;
    const key = Object.keys(r.extra).find((k) => k.toLowerCase() === f);
    const v = key === undefined ? undefined : r.extra[key];
    return v === undefined || v === '' ? undefined : v;
  }

  /**
   * Members of every group of a grouping field: group value → codes, both sorted. World Bank
   * aggregates are never members, and entities with a blank value (ETH's income group in the
   * July 2025 release) belong to no group of that field.
   */
  members(field: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const code of [...this.records.keys()].sort()) {
      if (this.isAggregate(code)) continue;
      const g = this.group(code, field);
      if (g === undefined) continue;
      const list = out.get(g);
      if (list) list.push(code);
      else out.set(g, [code]);
    }
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Fields `--group-by` can name: region and income, then the other columns of a user file. */
  groupFields(): string[] {
    const skip = new Set(['region', 'incomegroup', 'income_group', 'income']);
    const filled = (c: string): boolean => [...this.records.values()].some((r) => (r.extra[c] ?? '') !== '');
    return ['region', 'income', ...this.columns.filter((c) => !skip.has(c.toLowerCase()) && filled(c))];
  }

  hasField(field: string): boolean {
    const f = field.toLowerCase();
    return ['region', 'income', 'incomegroup', 'income_group'].includes(f) || this.columns.some((c) => c.toLowerCase() === f);
  }
}
