import { builtinEntities, builtinEntity } from './index.js';

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

  hasField(field: string): boolean {
    const f = field.toLowerCase();
    return ['region', 'income', 'incomegroup', 'income_group'].includes(f) || this.columns.some((c) => c.toLowerCase() === f);
  }
}
