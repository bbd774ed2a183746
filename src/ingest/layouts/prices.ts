import { inputError } from '../../errors.js';
import { cellNumber, checkWidth, yearInFilter } from '../cells.js';
import type { RecordView } from '../../csv/scanner.js';
import type { Layout, LayoutContext, LayoutReader } from '../types.js';
import { CellResolver, findKey, keepPair, parsePeriod, plural } from './bilateral-common.js';

const SEND_CODE = ['source_code', 'sending_code', 'sending_country_code', 'sender_code', 'from_code', 'sending_iso3', 'source_iso3', 'origin_code'];
const SEND_NAME = ['source_name', 'sending_name', 'sending_country_name', 'sending_country', 'source_country', 'sending', 'sender', 'source', 'from', 'origin'];
const RECV_CODE = ['destination_code', 'receiving_code', 'receiving_country_code', 'recipient_code', 'to_code', 'receiving_iso3', 'destination_iso3'];
const RECV_NAME = ['destination_name', 'receiving_name', 'receiving_country_name', 'receiving_country', 'destination_country', 'receiving', 'recipient', 'destination', 'to'];
const PERIOD = ['period', 'quarter', 'survey_period', 'time_period', 'date', 'year', 'time'];
const FIRM = ['firm', 'firm_name', 'provider', 'service_provider', 'rsp', 'company'];
const FIRM_TYPE = ['firm_type', 'provider_type', 'type_of_firm'];
const PRODUCT = ['product', 'product_name', 'service', 'service_name'];
/** Total cost in % of the amount sent (RPW: `cc1 total cost %`, cc1 being the 200 USD amount). */
const TOTAL = ['cc1_total_cost_%', 'cc1_total_cost', 'total_cost_%', 'total_cost_pct', 'total_cost_percent', 'total_cost'];
const FEE_PCT = ['cc1_fee_%', 'cc1_fee_pct', 'fee_%', 'fee_pct', 'fee_percent'];
/** A fee in money; in % of the amount in the same currency, the amount defaulting to 200 (USD). */
const FEE_MONEY = ['cc1_fee', 'fee_usd', 'fee', 'cc1_lcu_fee', 'fee_lcu'];
const AMOUNT = ['cc1_amount', 'amount_usd', 'amount', 'amount_sent', 'cc1_lcu_amount', 'amount_lcu'];
const FX_MARGIN = ['cc1_fx_margin', 'cc1_fx_margin_%', 'fx_margin', 'fx_margin_%', 'fx_margin_pct', 'fx_markup', 'fx_markup_%', 'exchange_rate_margin'];

/** The amount SDG 10.c.1 prices: 200 US$ (or its equivalent in the sending currency). */
export const SDG_AMOUNT = 200;

interface Columns {
  sendCode: number;
  sendName: number;
  recvCode: number;
  recvName: number;
  period: number;
  firm: number;
  firmType: number;
  product: number;
  total: number;
  feePct: number;
  feeMoney: number;
  amount: number;
  fx: number;
}

function columns(header: readonly string[]): Columns | undefined {
  const c: Columns = {
    sendCode: findKey(header, SEND_CODE),
    sendName: findKey(header, SEND_NAME),
    recvCode: findKey(header, RECV_CODE),
    recvName: findKey(header, RECV_NAME),
    period: findKey(header, PERIOD),
    firm: findKey(header, FIRM),
    firmType: findKey(header, FIRM_TYPE),
    product: findKey(header, PRODUCT),
    total: findKey(header, TOTAL),
    feePct: findKey(header, FEE_PCT),
    feeMoney: findKey(header, FEE_MONEY),
    amount: findKey(header, AMOUNT),
    fx: findKey(header, FX_MARGIN),
  };
  const sending = c.sendCode >= 0 || c.sendName >= 0;
  const receiving = c.recvCode >= 0 || c.recvName >= 0;
  const cost = c.total >= 0 || (c.fx >= 0 && (c.feePct >= 0 || c.feeMoney >= 0));
  return sending && receiving && cost ? c : undefined;
}

/**
 * Remittance price surveys, one row per service and period, as the World Bank's Remittance Prices
 * Worldwide publishes them: sending and receiving country (codes or names), period, firm, firm
 * type, product, total cost in % of the amount sent, optionally fee and FX margin. The total is
 * taken as given; without it, it is fee % + FX margin %, the fee in % either given or computed
 * from a fee in money and the amount sent (200 when there is no amount column).
 */
export const pricesLayout: Layout = {
  format: 'prices',
  matches(header) {
    return columns(header) !== undefined;
  },
  open(header, ctx: LayoutContext): LayoutReader {
    const c = columns(header)!;
    const { prices, info, file } = ctx;
    if (c.period < 0) {
      throw inputError('missing-column', 'the price table has no period column', { file, line: info.headerLine, column: 1 }, 'add a period (2019Q1) or year column');
    }
    const resolver = new CellResolver(ctx);
    const text = (rec: RecordView, col: number): string => (col >= 0 ? (rec.field(col) ?? '').trim() : '');
    const num = (rec: RecordView, col: number): number | null => (col >= 0 ? cellNumber(rec, col, ctx, header[col]!) : null);
    const country = (rec: RecordView, codeCol: number, nameCol: number): string => {
      const col = codeCol >= 0 && text(rec, codeCol) !== '' ? codeCol : nameCol;
      const code = col >= 0 ? resolver.code(rec, col, header[col]!) : '';
      if (code === '') {
        const shown = codeCol >= 0 ? codeCol : nameCol;
        throw inputError('missing-code', `the ${header[shown]!.trim()} is empty`, { file, line: rec.line, column: rec.columnOf(shown) }, 'fill it in, or delete the row');
      }
      if (nameCol >= 0 && !prices.names.has(code)) {
        const name = text(rec, nameCol);
        if (name !== '') prices.names.set(code, name);
      }
      return code;
    };
    let noCost = 0;
    let negative = 0;
    let computed = 0;
    return {
      row(rec) {
        checkWidth(rec, header.length, ctx);
        const sending = country(rec, c.sendCode, c.sendName);
        const receiving = country(rec, c.recvCode, c.recvName);
        if (!keepPair(ctx, sending, receiving)) {
          info.rowsFiltered++;
          return;
        }
        const periodText = text(rec, c.period);
        const p = parsePeriod(periodText);
        if (!p) {
          throw inputError(
            'bad-period',
            periodText === '' ? `the ${header[c.period]!.trim()} is empty` : `'${periodText}' in column '${header[c.period]!.trim()}' is not a year or quarter`,
            { file, line: rec.lineOf(c.period), column: rec.columnOf(c.period), field: header[c.period]! },
            'write 2019, 2019Q1, 2019_1Q or Q1 2019',
          );
        }
        const [year, quarter] = p;
        if (!yearInFilter(year, ctx)) {
          info.rowsFiltered++;
          return;
        }
        const fx = num(rec, c.fx);
        let feePct = num(rec, c.feePct);
        if (feePct === null && c.feeMoney >= 0) {
          const fee = num(rec, c.feeMoney);
          const amount = c.amount >= 0 ? num(rec, c.amount) : SDG_AMOUNT;
          if (fee !== null && amount !== null && amount > 0) feePct = (100 * fee) / amount;
        }
        let total = num(rec, c.total);
        if (total === null && feePct !== null && fx !== null) {
          total = feePct + fx;
          computed++;
        }
        if (total === null) {
          noCost++;
          return;
        }
        if (total < 0) negative++;
        const firm = text(rec, c.firm);
        const product = text(rec, c.product);
        const service = [firm, product].filter(Boolean).join(' · ') || `line ${rec.line}`;
        const firmType = text(rec, c.firmType);
        prices.add({
          sending,
          receiving,
          period: quarter === 0 ? String(year) : `${year}Q${quarter}`,
          year,
          service,
          firmType: firmType === '' ? undefined : firmType,
          totalCostPct: total,
          feePct: feePct ?? undefined,
          fxMarginPct: fx ?? undefined,
          file,
          line: rec.line,
        });
        info.values++;
      },
      finish() {
        if (computed > 0) info.notes.push(`${plural(computed, 'total cost')} computed as fee % + FX margin %`);
        if (c.total < 0 && c.feePct < 0 && c.feeMoney >= 0) {
          info.notes.push(c.amount >= 0 ? `fees in money divided by the amount in '${header[c.amount]!.trim()}'` : `fees in money taken as paid on ${SDG_AMOUNT} (no amount column)`);
        }
        if (noCost > 0) info.notes.push(`${plural(noCost, 'row')} without a total cost skipped`);
        if (negative > 0) info.notes.push(`${plural(negative, 'negative total cost')} kept as given`);
      },
    };
  },
};
