import { AGGREGATES, ECONOMIES, WDI_VINTAGE } from './wdi-economies.js';
import { NAME_ALIASES } from './aliases.js';

export { WDI_VINTAGE };

export interface EntityInfo {
  code: string;
  name: string;
  region: string;
  income: string;
  aggregate: boolean;
}

const byCode = new Map<string, EntityInfo>();
for (const [code, name, region, income] of ECONOMIES) byCode.set(code, { code, name, region, income, aggregate: false });
for (const [code, name] of AGGREGATES) byCode.set(code, { code, name, region: '', income: '', aggregate: true });

/** Built-in facts about a World Bank code (economies and aggregates), or undefined. */
export function builtinEntity(code: string): EntityInfo | undefined {
  return byCode.get(code);
}

const UN_AREA_PREFIX = 'M49.';

/**
 * The code of a UN M49 area that is not a country (a region, development or income group of a
 * UN DESA table): `M49.947`. Such areas are aggregates, never countries.
 */
export function unAreaCode(m49: number): string {
  return `${UN_AREA_PREFIX}${m49}`;
}

export function isUnArea(code: string): boolean {
  return code.startsWith(UN_AREA_PREFIX);
}

export function isBuiltinAggregate(code: string): boolean {
  return byCode.get(code)?.aggregate === true;
}

export function builtinEntities(): IterableIterator<EntityInfo> {
  return byCode.values();
}

/**
 * Folds a country name for matching: case, accents, punctuation and spacing do not matter,
 * and `&` is `and` ("Côte d'Ivoire" = "Cote d Ivoire", "Congo, Dem. Rep" = "Congo, Dem. Rep.").
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

let nameIndex: Map<string, string> | undefined;

function buildNameIndex(): Map<string, string> {
  const index = new Map<string, string>();
  for (const info of byCode.values()) index.set(foldName(info.name), info.code);
  for (const [alias, code] of NAME_ALIASES) index.set(foldName(alias), code);
  return index;
}

/**
 * ISO3 (or World Bank) code for a country or aggregate name in World Bank, UN M49 or ISO
 * spelling and their common variants; undefined when the name is unknown (never a guess).
 */
export function resolveName(name: string): string | undefined {
  nameIndex ??= buildNameIndex();
  return nameIndex.get(foldName(name));
}
