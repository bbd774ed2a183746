/**
 * Name variants (UN M49, ISO short names, older World Bank spellings, publishers' quirks) and
 * the code each stands for. World Bank names from the built-in table match without an entry.
 */
export const NAME_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ["Côte d'Ivoire", 'CIV'],
  ['Ivory Coast', 'CIV'],
  ['Bolivia (Plurinational State of)', 'BOL'],
  ['Bolivia', 'BOL'],
  ['Türkiye', 'TUR'],
  ['Turkey', 'TUR'],
  ['Congo, Dem. Rep.', 'COD'],
  ['Democratic Republic of the Congo', 'COD'],
];
