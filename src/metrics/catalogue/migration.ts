import { ratioMetric } from '../define.js';

export const MIGRATION_METRICS = [
  ratioMetric({
    id: 'migrant_share_pct',
    title: 'International migrant stock, % of population',
    unit: '% of population',
    formula: '100 · migrant_stock / population',
    family: 'migration',
    source: 'UN DESA International Migrant Stock (WDI SM.POP.TOTL) / WDI SP.POP.TOTL; published counterpart WDI SM.POP.TOTL.ZS',
    wdi: 'SM.POP.TOTL.ZS',
    direction: 'neutral',
    ratio: { numerator: 'migrant_stock', denominator: 'population', scale: 100 },
    notes:
      'Missing when an input is missing or population is zero or negative. WDI SM.POP.TOTL.ZS divides by UN DESA\'s own population estimate, so it differs slightly from this ratio to SP.POP.TOTL.',
  }),
  ratioMetric({
    id: 'net_migration_rate_per_1000',
    title: 'Net migration rate',
    unit: 'per 1,000',
    formula: '1000 · net_migration / population',
    family: 'migration',
    source: 'UN DESA World Population Prospects via WDI SM.POP.NETM / SP.POP.TOTL',
    direction: 'neutral',
    ratio: { numerator: 'net_migration', denominator: 'population', scale: 1000 },
    notes:
      'Missing when an input is missing or population is zero or negative; negative for net emigration. UN WPP divides by person-years lived, so its published crude rate can differ slightly.',
  }),
  ratioMetric({
    id: 'refugees_origin_per_100k',
    title: 'Refugees by country of origin per 100,000 population (SDG 10.7.4)',
    unit: 'per 100,000',
    formula: '100000 · refugees_origin / (population + refugees_origin)',
    family: 'migration',
    source: 'UNHCR / SDG 10.7.4 (proportion of the population who are refugees, by country of origin); WDI SM.POP.REFG.OR and SP.POP.TOTL',
    sdg: '10.7.4',
    direction: 'lower',
    ratio: { numerator: 'refugees_origin', denominator: 'population', scale: 100000, denominatorPlus: 'refugees_origin' },
    notes:
      'Denominator as UNHCR computes SDG 10.7.4: the population of the country plus its refugees abroad. Missing when an input is missing, population is zero or negative, or the refugee count is negative.',
  }),
] as const;
