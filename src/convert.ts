import { type BilateralTable, periodLabel } from './bilateral.js';
import type { EntityMeta } from './entities/meta.js';
import { type Cell, type Table, cmpText } from './output/table.js';
import type { Panel, Series } from './panel.js';
import type { PriceTable } from './prices.js';

export type Shape = 'long' | 'wide';

/** Display name of an entity: what the input said, else the metadata's, else empty. */
export function entityName(code: string, panel: Panel, meta: EntityMeta): string {
  return panel.entityNames.get(code) || meta.name(code) || '';
}

/** entity → [indicator, series] sorted by indicator: the entity-major view output needs. */
function byEntity(panel: Panel): Map<string, Array<[string, Series]>> {
  const out = new Map<string, Array<[string, Series]>>();
  for (const indicator of panel.indicators()) {
    for (const [entity, s] of panel.byEntity(indicator)) {
      let list = out.get(entity);
      if (!list) {
        list = [];
        out.set(entity, list);
      }
      list.push([indicator, s]);
    }
  }
  return out;
}

/**
 * The panel as a tidy table, sorted by code, year, indicator. Rows are generated lazily from the
 * typed arrays so converting a large file does not build millions of row objects at once.
 */
export function panelTable(panel: Panel, meta: EntityMeta, shape: Shape): Table {
  const entities = byEntity(panel);
  const codes = [...entities.keys()].sort();
  const indicators = panel.indicators();
  if (shape === 'long') {
    return {
      columns: [
        { name: 'code', kind: 'text' },
        { name: 'name', kind: 'text' },
        { name: 'year', kind: 'number' },
        { name: 'indicator', kind: 'text' },
        { name: 'value', kind: 'number' },
      ],
      rows: (function* () {
        for (const code of codes) {
          const list = entities.get(code)!;
          const name = entityName(code, panel, meta);
          let lo = Infinity;
          let hi = -Infinity;
          for (const [, s] of list) {
            const span = s.span();
            if (!span) continue;
            lo = Math.min(lo, span[0]);
            hi = Math.max(hi, span[1]);
          }
          for (let y = lo; y <= hi; y++) {
            for (const [indicator, s] of list) {
              const v = s.get(y);
              if (v !== undefined) yield [code, name, y, indicator, v] as Cell[];
            }
          }
        }
      })(),
    };
  }
  return {
    columns: [
      { name: 'code', kind: 'text' },
      { name: 'name', kind: 'text' },
      { name: 'year', kind: 'number' },
      ...indicators.map((i) => ({ name: i, kind: 'number' as const })),
    ],
    rows: (function* () {
      for (const code of codes) {
        const name = entityName(code, panel, meta);
        const series = indicators.map((i) => panel.series(i, code));
        let lo = Infinity;
        let hi = -Infinity;
        for (const s of series) {
          const span = s?.span();
          if (!span) continue;
          lo = Math.min(lo, span[0]);
          hi = Math.max(hi, span[1]);
        }
        for (let y = lo; y <= hi; y++) {
          const values = series.map((s) => s?.get(y) ?? null);
          if (values.some((v) => v !== null)) yield [code, name, y, ...values];
        }
      }
    })(),
  };
}

/**
 * Bilateral values as `origin,destination,year,indicator,value`, sorted in that order. Quarterly
 * data (RPW corridors) add a `period` text column after the numeric year (`2011Q1`; `2011` for a
 * whole year): the year stays a number to filter and join on, the period is the key pandas
 * (`pd.PeriodIndex(df.period, freq="Q")`) and DuckDB users group by.
 */
export function bilateralTable(b: BilateralTable): Table {
  const order = [...b.value.keys()];
  order.sort((i, j) => {
    if (b.origin[i] !== b.origin[j]) return b.origin[i]! < b.origin[j]! ? -1 : 1;
    if (b.destination[i] !== b.destination[j]) return b.destination[i]! < b.destination[j]! ? -1 : 1;
    const yi = b.year[i]!;
    const yj = b.year[j]!;
    if (yi !== yj) return Number.isNaN(yi) ? -1 : Number.isNaN(yj) ? 1 : yi - yj;
    if (b.quarter[i] !== b.quarter[j]) return b.quarter[i]! - b.quarter[j]!;
    if (b.indicator[i] !== b.indicator[j]) return b.indicator[i]! < b.indicator[j]! ? -1 : 1;
    return 0;
  });
  const quarterly = b.hasQuarters;
  return {
    columns: [
      { name: 'origin', kind: 'text' },
      { name: 'destination', kind: 'text' },
      { name: 'year', kind: 'number' },
      ...(quarterly ? [{ name: 'period', kind: 'text' as const }] : []),
      { name: 'indicator', kind: 'text' },
      { name: 'value', kind: 'number' },
    ],
    rows: (function* () {
      for (const i of order) {
        const y = b.year[i]!;
        const year = Number.isNaN(y) ? null : y;
        if (quarterly) yield [b.origin[i]!, b.destination[i]!, year, periodLabel(y, b.quarter[i]!), b.indicator[i]!, b.value[i]!];
        else yield [b.origin[i]!, b.destination[i]!, year, b.indicator[i]!, b.value[i]!];
      }
    })(),
  };
}

/** Price quotes as a tidy table, sorted by sending, receiving, period, service. */
export function pricesTable(p: PriceTable): Table {
  const quotes = [...p.quotes].sort(
    (a, b) => cmpText(a.sending, b.sending) || cmpText(a.receiving, b.receiving) || cmpText(a.period, b.period) || cmpText(a.service, b.service),
  );
  return {
    columns: [
      { name: 'sending', kind: 'text' },
      { name: 'receiving', kind: 'text' },
      { name: 'period', kind: 'text' },
      { name: 'service', kind: 'text' },
      { name: 'firm_type', kind: 'text' },
      { name: 'total_cost_pct', kind: 'number' },
      { name: 'fee_pct', kind: 'number' },
      { name: 'fx_margin_pct', kind: 'number' },
    ],
    rows: quotes.map((q) => [q.sending, q.receiving, q.period, q.service, q.firmType ?? null, q.totalCostPct, q.feePct ?? null, q.fxMarginPct ?? null]),
  };
}
