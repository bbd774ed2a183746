import { annual } from '../define.js';
import { finite } from '../math.js';

/** SDG target 10.c: reduce remittance costs to less than 3 per cent by 2030. */
export const SDG_COST_TARGET_PCT = 3;

export const COST_METRICS = [
  annual({
    id: 'remittance_cost_gap_pp',
    title: 'Gap between the cost of sending remittances to the country and the 3% SDG target',
    unit: 'percentage points',
    formula: 'remit_cost_in_pct − 3',
    inputs: ['remit_cost_in_pct'],
    family: 'costs',
    source: 'SDG 10.c.1 target 3%; World Bank Remittance Prices Worldwide via WDI SI.RMT.COST.IB.ZS',
    sdg: '10.c.1',
    direction: 'lower',
    aggregation: { kind: 'none' },
    notes: 'Negative when the average cost is already below the target. Missing when the cost is missing.',
    compute: (get, y) => {
      const cost = get('remit_cost_in_pct', y);
      return cost === undefined ? undefined : finite(cost - SDG_COST_TARGET_PCT);
    },
  }),
  annual({
    id: 'remittance_cost_savings_usd',
    title: 'Yearly savings on remittances received if their cost fell to the 3% SDG target',
    unit: 'US$',
    formula: 'remit_in_usd · max(0, remit_cost_in_pct − 3) / 100',
    inputs: ['remit_in_usd', 'remit_cost_in_pct'],
    family: 'costs',
    source: 'SDG 10.c.1 target 3%; World Bank Remittance Prices Worldwide via WDI SI.RMT.COST.IB.ZS, applied to WDI BX.TRF.PWKR.CD.DT',
    sdg: '10.c.1',
    direction: 'neutral',
    aggregation: { kind: 'sum' },
    notes:
      'Applies the average cost of sending 200 US$ to the whole inflow, an approximation (larger transfers cost less in %). Zero when the cost is at or below the target; missing when either input is missing.',
    compute: (get, y) => {
      const flow = get('remit_in_usd', y);
      const cost = get('remit_cost_in_pct', y);
      if (flow === undefined || cost === undefined) return undefined;
      return finite((flow * Math.max(0, cost - SDG_COST_TARGET_PCT)) / 100);
    },
  }),
] as const;
