import { annual, windowed } from '../define.js';
import { finite, growthPct, pearson, sampleSd } from '../math.js';

/** Fewest growth rates a volatility is reported for: two give an SD with one degree of freedom. */
export const MIN_VOLATILITY_YEARS = 3;
/** Fewest paired years a correlation is reported for (SPEC). */
export const MIN_CYCLICALITY_PAIRS = 5;

const BPM = 'Values before 2005 follow the BPM5 remittance definition; a window spanning 2005 mixes definitions.';

export const DYNAMICS_METRICS = [
  annual({
    id: 'remittance_growth_pct',
    title: 'Growth of personal remittances received (nominal US$)',
    unit: '%',
    formula: '100 · (remit_in_usd[t] / remit_in_usd[t−1] − 1)',
    inputs: ['remit_in_usd'],
    family: 'dynamics',
    source: 'World Bank WDI BX.TRF.PWKR.CD.DT, year-on-year change',
    direction: 'higher',
    aggregation: { kind: 'growth', of: 'remit_in_usd' },
    notes: 'Needs the values of t and t−1: after a gap year it is missing, never bridged over the gap. Missing when the t−1 value is zero or negative.',
    compute: (get, y) => growthPct(get('remit_in_usd', y), get('remit_in_usd', y - 1)),
  }),
  windowed({
    id: 'remittance_cagr_pct',
    title: 'Compound annual growth rate of personal remittances received (nominal US$)',
    unit: '% per year',
    formula: '100 · ((x_end / x_start)^(1/(end − start)) − 1) over remit_in_usd',
    inputs: ['remit_in_usd'],
    family: 'dynamics',
    source: 'World Bank WDI BX.TRF.PWKR.CD.DT, compound annual growth rate',
    direction: 'higher',
    aggregation: { kind: 'none' },
    notes: `start and end are the first and last years inside the window that have a value; needs two distinct years and both values positive, else missing. ${BPM}`,
    compute: (get, first, last) => {
      let start: number | undefined;
      let xStart: number | undefined;
      for (let y = first; y <= last && xStart === undefined; y++) {
        xStart = get('remit_in_usd', y);
        start = y;
      }
      let end: number | undefined;
      let xEnd: number | undefined;
      for (let y = last; y >= first && xEnd === undefined; y--) {
        xEnd = get('remit_in_usd', y);
        end = y;
      }
      if (xStart === undefined || xEnd === undefined || start === undefined || end === undefined) return undefined;
      if (end <= start || !(xStart > 0) || !(xEnd > 0)) return undefined;
      return finite(100 * ((xEnd / xStart) ** (1 / (end - start)) - 1));
    },
  }),
  windowed({
    id: 'remittance_volatility_pp',
    title: 'Volatility of remittance growth (sample standard deviation)',
    unit: 'percentage points',
    formula: 'sample standard deviation (n − 1) of remittance_growth_pct over the window',
    inputs: ['remit_in_usd'],
    uses: ['remittance_growth_pct'],
    family: 'dynamics',
    source: 'Sample SD of WDI BX.TRF.PWKR.CD.DT growth; stability of remittances as in Ratha (2003), Global Development Finance ch. 7, and IMF World Economic Outlook (April 2005) ch. II',
    direction: 'lower',
    aggregation: { kind: 'none' },
    notes: `Uses the growth rates of the years t with first < t ≤ last (both levels inside the window); gap years are skipped, not bridged. Needs at least ${MIN_VOLATILITY_YEARS} growth rates, else missing. ${BPM}`,
    compute: (get, first, last) => {
      const xs: number[] = [];
      for (let y = first + 1; y <= last; y++) {
        const g = get('remittance_growth_pct', y);
        if (g !== undefined) xs.push(g);
      }
      return sampleSd(xs, MIN_VOLATILITY_YEARS);
    },
  }),
  windowed({
    id: 'remittance_countercyclicality',
    title: 'Correlation of remittance growth with GDP growth (negative = counter-cyclical)',
    unit: 'correlation (−1 to 1)',
    formula: 'Pearson r of remittance_growth_pct and gdp_growth_pct over the window',
    inputs: ['remit_in_usd', 'gdp_growth_pct'],
    uses: ['remittance_growth_pct'],
    family: 'dynamics',
    source: 'Pearson correlation of WDI BX.TRF.PWKR.CD.DT growth with NY.GDP.MKTP.KD.ZG, as in Frankel (2011), "Are Bilateral Remittances Countercyclical?", Open Economies Review 22(1)',
    direction: 'lower',
    aggregation: { kind: 'none' },
    notes: `Pairs the years t with first < t ≤ last where both growth rates exist. Needs at least ${MIN_CYCLICALITY_PAIRS} pairs; missing when either series is constant (r is undefined). Nominal US$ remittance growth is set against real GDP growth, as the WDI series are. ${BPM}`,
    compute: (get, first, last) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let y = first + 1; y <= last; y++) {
        const g = get('remittance_growth_pct', y);
        const c = get('gdp_growth_pct', y);
        if (g !== undefined && c !== undefined) {
          xs.push(g);
          ys.push(c);
        }
      }
      return pearson(xs, ys, MIN_CYCLICALITY_PAIRS);
    },
  }),
] as const;
