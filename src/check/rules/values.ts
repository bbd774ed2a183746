import { computePanel, inputsOf } from '../../compute/engine.js';
import { INPUTS, INPUT_NAMES, type InputName } from '../../metrics/inputs.js';
import { getMetric } from '../../metrics/registry.js';
import { at, short, valuePlace, type RuleContext } from '../context.js';
import { makeFinding, type FindingCode } from '../findings.js';

/** Inputs that count or measure something that cannot be below zero. */
export const NON_NEGATIVE_INPUTS: readonly InputName[] = [
  'remit_in_usd',
  'remit_out_usd',
  'gdp_usd',
  'population',
  'migrant_stock',
  'refugees_origin',
  'exports_usd',
  'imports_usd',
  'reserves_usd',
  'remit_cost_in_pct',
  'remit_cost_out_pct',
  'emigrant_stock',
  'tertiary_emigrants',
  'tertiary_residents',
];

/**
 * Inputs that may be negative, never flagged: net ODA (repayments can exceed disbursements),
 * FDI net inflows (disinvestment), net migration, GDP growth.
 */
export const SIGNED_INPUTS: readonly InputName[] = ['oda_usd', 'fdi_in_usd', 'net_migration', 'gdp_growth_pct'];

interface ShareRule {
  code: FindingCode;
  metric: string;
  numerator: InputName;
  denominator: InputName;
  /** The WDI code of the same share as the World Bank publishes it. */
  published: string;
  why: string;
}

const SHARE_RULES: readonly ShareRule[] = [
  {
    code: 'share-above-100',
    metric: 'migrant_share_pct',
    numerator: 'migrant_stock',
    denominator: 'population',
    published: 'SM.POP.TOTL.ZS',
    why: 'immigrants are part of the population and cannot outnumber it',
  },
  {
    code: 'remittances-above-gdp',
    metric: 'remittances_gdp_pct',
    numerator: 'remit_in_usd',
    denominator: 'gdp_usd',
    published: 'BX.TRF.PWKR.DT.GD.ZS',
    why: 'it happens (Lesotho in the 1980s) but is more often a unit mix-up (US$ vs US$ millions) or a wrong code',
  },
];

/** Values below zero of every non-negative input present, and of the published shares. */
export function checkNegative(ctx: RuleContext): void {
  const { panel } = ctx;
  const described = new Map<string, string>();
  for (const input of NON_NEGATIVE_INPUTS) {
    const code = ctx.inputs.codes[input];
    if (code !== undefined && !described.has(code)) described.set(code, `${input} (${INPUTS[input].meaning})`);
  }
  for (const rule of SHARE_RULES) {
    const code = panel.resolveIndicator(rule.published);
    if (code !== undefined && !described.has(code)) described.set(code, `a share in % (${rule.metric})`);
  }
  for (const [code, what] of described) {
    for (const [entity, s] of panel.byEntity(code)) {
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!;
        if (v < 0) {
          const year = s.base + i;
          ctx.emit(makeFinding('negative-value', `${entity} ${year} ${code} = ${v}: ${what} cannot be negative`, valuePlace(panel, entity, code, year)));
        }
      }
    }
  }
}

/** Shares above 100 %: computed from their inputs, and as published (WDI share codes). */
export function checkShares(ctx: RuleContext): void {
  const { panel } = ctx;
  for (const rule of SHARE_RULES) {
    const def = getMetric(rule.metric)!;
    const num = ctx.inputs.codes[rule.numerator];
    const den = ctx.inputs.codes[rule.denominator];
    if (num !== undefined && den !== undefined && inputsOf(def).every((i) => ctx.inputs.codes[i] !== undefined)) {
      const { table } = computePanel(panel, { metrics: [def], map: ctx.map });
      for (const row of table) {
        if (row.value === undefined || !(row.value > 100)) continue;
        const { entity, year } = row;
        const n = panel.get(entity, num, year);
        const d = panel.get(entity, den, year);
        ctx.emit(
          makeFinding(
            rule.code,
            `${entity} ${year} ${rule.metric} = ${short(row.value)} %: ${rule.numerator} = ${n} (${at(panel, entity, num, year)}) over ${rule.denominator} = ${d} (${at(panel, entity, den, year)}) — ${rule.why}`,
            valuePlace(panel, entity, num, year),
          ),
        );
      }
    }
    const published = panel.resolveIndicator(rule.published);
    if (published === undefined) continue;
    for (const [entity, s] of panel.byEntity(published)) {
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!;
        if (v > 100) {
          const year = s.base + i;
          ctx.emit(makeFinding(rule.code, `${entity} ${year} ${published} (${rule.metric} as published) is ${v} % — ${rule.why}`, valuePlace(panel, entity, published, year)));
        }
      }
    }
  }
}

/** Every input is either checked for negatives or declared signed (a test holds the list complete). */
export function unclassifiedInputs(): InputName[] {
  return INPUT_NAMES.filter((i) => !NON_NEGATIVE_INPUTS.includes(i) && !SIGNED_INPUTS.includes(i));
}
