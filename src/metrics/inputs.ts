/** Semantic inputs: what a metric needs, and the WDI code it is read from unless `--map` says otherwise. */
export const INPUTS = {
  remit_in_usd: { code: 'BX.TRF.PWKR.CD.DT', meaning: 'personal remittances received, current US$' },
  remit_out_usd: { code: 'BM.TRF.PWKR.CD.DT', meaning: 'personal remittances paid, current US$' },
  gdp_usd: { code: 'NY.GDP.MKTP.CD', meaning: 'GDP, current US$' },
  gdp_growth_pct: { code: 'NY.GDP.MKTP.KD.ZG', meaning: 'GDP growth, annual %' },
  population: { code: 'SP.POP.TOTL', meaning: 'population, total' },
  migrant_stock: { code: 'SM.POP.TOTL', meaning: 'international migrant stock (immigrants)' },
  net_migration: { code: 'SM.POP.NETM', meaning: 'net migration' },
  refugees_origin: { code: 'SM.POP.REFG.OR', meaning: 'refugees by country of origin' },
  oda_usd: { code: 'DT.ODA.ODAT.CD', meaning: 'net ODA received, current US$' },
  fdi_in_usd: { code: 'BX.KLT.DINV.CD.WD', meaning: 'FDI net inflows, current US$' },
  exports_usd: { code: 'NE.EXP.GNFS.CD', meaning: 'exports of goods and services, current US$' },
  imports_usd: { code: 'NE.IMP.GNFS.CD', meaning: 'imports of goods and services, current US$' },
  reserves_usd: { code: 'FI.RES.TOTL.CD', meaning: 'total reserves, current US$' },
  remit_cost_in_pct: { code: 'SI.RMT.COST.IB.ZS', meaning: 'average cost of sending remittances to the country, %' },
  remit_cost_out_pct: { code: 'SI.RMT.COST.OB.ZS', meaning: 'average cost of sending remittances from the country, %' },
  emigrant_stock: { code: undefined, meaning: 'emigrants from the country (user column, or summed from a bilateral stock matrix)' },
  tertiary_emigrants: { code: undefined, meaning: 'tertiary-educated emigrants (DIOC-style data)' },
  tertiary_residents: { code: undefined, meaning: 'tertiary-educated residents (DIOC-style data)' },
} as const satisfies Record<string, { code: string | undefined; meaning: string }>;

export type InputName = keyof typeof INPUTS;

export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];

export function isInputName(name: string): name is InputName {
  return Object.hasOwn(INPUTS, name);
}
