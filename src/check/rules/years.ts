import type { Series } from '../../panel.js';
import { listSome, valuePlace, type RuleContext } from '../context.js';
import { makeFinding } from '../findings.js';

/** The first year of the BPM6 remittance definition in WDI series (BPM5 before). */
export const BPM6_FROM = 2005;

/** Remittance series: WDI's personal remittances codes, and whatever the inputs are mapped to. */
function remittanceCodes(ctx: RuleContext): string[] {
  const codes = new Set(ctx.panel.indicators().filter((c) => /^B[MX]\.TRF\.PWKR\./i.test(c)));
  for (const input of ['remit_in_usd', 'remit_out_usd'] as const) {
    const code = ctx.inputs.codes[input];
    if (code !== undefined) codes.add(code);
  }
  return [...codes].sort();
}

function* eachSeries(ctx: RuleContext): Generator<[indicator: string, entity: string, series: Series]> {
  for (const indicator of ctx.panel.indicators()) {
    for (const [entity, s] of ctx.panel.byEntity(indicator)) yield [indicator, entity, s];
  }
}

/** One finding per series with values outside the expected years. */
export function checkYearRange(ctx: RuleContext, range: readonly [number, number]): void {
  const [lo, hi] = range;
  for (const [indicator, entity, s] of eachSeries(ctx)) {
    if (s.firstYear >= lo && s.lastYear <= hi) continue;
    const outside: number[] = [];
    for (const y of s.years()) if (y < lo || y > hi) outside.push(y);
    if (outside.length === 0) continue;
    const first = outside[0]!;
    ctx.emit(
      makeFinding(
        'year-out-of-range',
        `${entity} ${indicator} has values for ${listSome(outside.map(String))}, outside the expected years ${lo}–${hi} (--valid-years sets them)`,
        valuePlace(ctx.panel, entity, indicator, first),
      ),
    );
  }
}

/**
 * Year-on-year changes by more than a factor `max` (up or down) in positive series: series with
 * a zero or negative value are left out, as a ratio means nothing there. Only consecutive years
 * that both have a value are compared.
 */
export function checkJumps(ctx: RuleContext, max: number): void {
  for (const [indicator, entity, s] of eachSeries(ctx)) {
    const v = s.values;
    let positive = true;
    for (let i = 0; i < v.length && positive; i++) if (v[i]! <= 0) positive = false;
    if (!positive) continue;
    for (let i = 1; i < v.length; i++) {
      const a = v[i - 1]!;
      const b = v[i]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      const r = b / a;
      if (r > max || r < 1 / max) {
        const year = s.base + i;
        const factor = r > 1 ? r : 1 / r;
        ctx.emit(
          makeFinding(
            'year-on-year-jump',
            `${entity} ${indicator} ${r > 1 ? 'rises' : 'falls'} ${Number(factor.toPrecision(3))}-fold from ${a} in ${year - 1} to ${b} in ${year} (--max-jump ${max})`,
            valuePlace(ctx.panel, entity, indicator, year),
          ),
        );
      }
    }
  }
}

/**
 * A note per remittance series whose data (within the window, when one is given) has values on
 * both sides of 2005: BPM5 before, BPM6 from 2005 (SPEC "Metric catalogue").
 */
export function checkBpmBreak(ctx: RuleContext, window: readonly [number, number] | undefined): void {
  const lo = window?.[0] ?? -Infinity;
  const hi = window?.[1] ?? Infinity;
  if (lo > BPM6_FROM - 1 || hi < BPM6_FROM) return;
  for (const code of remittanceCodes(ctx)) {
    const spanning: Array<[string, number]> = [];
    for (const [entity, s] of ctx.panel.byEntity(code)) {
      let before = false;
      let after: number | undefined;
      for (const y of s.years()) {
        if (y < lo || y > hi) continue;
        if (y < BPM6_FROM) before = true;
        else if (after === undefined) after = y;
      }
      if (before && after !== undefined) spanning.push([entity, after]);
    }
    if (spanning.length === 0) continue;
    spanning.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const [entity, year] = spanning[0]!;
    const within = window ? `within the window ${window[0]}–${window[1]}, ` : '';
    ctx.emit(
      makeFinding(
        'bpm6-series-break',
        `${within}${code} has values before and after the ${BPM6_FROM} series break for ${spanning.length} entit${spanning.length > 1 ? 'ies' : 'y'} (${listSome(spanning.map((e) => e[0]))}): values before ${BPM6_FROM} follow the BPM5 definition of remittances, later ones BPM6 — growth, CAGR and volatility across ${BPM6_FROM - 1}–${BPM6_FROM} compare the two`,
        { ...valuePlace(ctx.panel, entity, code, year), entity: null, year: null },
      ),
    );
  }
}
