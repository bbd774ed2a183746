import { ratioMetric } from '../define.js';

export const DIASPORA_METRICS = [
  ratioMetric({
    id: 'emigration_rate_pct',
    title: 'Emigration rate (emigrants, % of residents plus emigrants)',
    unit: '%',
    formula: '100 · emigrant_stock / (population + emigrant_stock)',
    family: 'diaspora',
    source: 'OECD DIOC emigration rate m′ (Docquier & Marfouk 2006), residents approximated by total population; emigrants from UN DESA International Migrant Stock by origin',
    direction: 'neutral',
    ratio: { numerator: 'emigrant_stock', denominator: 'population', scale: 100, denominatorPlus: 'emigrant_stock' },
    notes:
      'Total population stands in for residents, so immigrants are counted among them. Missing when an input is missing, population is zero or negative, or the emigrant stock is negative.',
  }),
  ratioMetric({
    id: 'diaspora_population_pct',
    title: 'Diaspora (emigrant stock), % of the home population',
    unit: '% of population',
    formula: '100 · emigrant_stock / population',
    family: 'diaspora',
    source: 'UN DESA International Migrant Stock by origin / WDI SP.POP.TOTL',
    direction: 'neutral',
    ratio: { numerator: 'emigrant_stock', denominator: 'population', scale: 100 },
    notes: 'Can exceed 100 for small states with large diasporas. Missing when an input is missing or population is zero or negative.',
  }),
  ratioMetric({
    id: 'skilled_emigration_rate_pct',
    title: 'Emigration rate of the tertiary-educated',
    unit: '%',
    formula: '100 · tertiary_emigrants / (tertiary_residents + tertiary_emigrants)',
    family: 'diaspora',
    source: 'OECD DIOC (Database on Immigrants in OECD and non-OECD Countries), emigration rate of the highly skilled; Docquier & Marfouk 2006',
    direction: 'lower',
    ratio: { numerator: 'tertiary_emigrants', denominator: 'tertiary_residents', scale: 100, denominatorPlus: 'tertiary_emigrants' },
    notes: 'Missing when an input is missing, tertiary residents are zero or negative, or tertiary emigrants are negative.',
  }),
] as const;
