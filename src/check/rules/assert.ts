import { computePanel, inputsOf, type CustomMetric } from '../../compute/engine.js';
import { isMigdevError, usageError } from '../../errors.js';
import type { CompiledFormula } from '../../formula/sandbox.js';
import { INPUT_NAMES, isInputName } from '../../metrics/inputs.js';
import { METRICS, getMetric } from '../../metrics/registry.js';
import { at, short, valuePlace, type RuleContext } from '../context.js';
import { makeFinding, type FindingPlace } from '../findings.js';

export interface Assertion {
  text: string;
  /** The rule instance the findings belong to: `assert TEXT`. */
  rule: string;
  compiled: CompiledFormula;
}

/**
 * Compiles `--assert` formulas in the sandbox (mathjs is loaded only now). An assertion must be
 * a comparison (or a logical combination of comparisons) and read at least one value.
 */
export async function compileAssertions(texts: readonly string[]): Promise<Assertion[]> {
  if (texts.length === 0) return [];
  const { compileFormula } = await import('../../formula/sandbox.js');
  const known = new Set<string>([...INPUT_NAMES, ...METRICS.map((m) => m.id)]);
  const out: Assertion[] = [];
  for (const text of texts) {
    const compiled = await compileFormula(text, known);
    if (compiled.type !== 'boolean') {
      throw usageError('assert-not-comparison', `--assert '${text}' is a number, not a comparison`, 'compare it with something: --assert "remittances_gdp_pct < 50"');
    }
    if (compiled.symbols.length === 0 && compiled.codes.length === 0) {
      throw usageError('assert-reads-nothing', `--assert '${text}' reads no input, metric or indicator`, 'name what it checks: --assert "remittances_gdp_pct < 50"');
    }
    out.push({ text, rule: `assert ${text}`, compiled });
  }
  return out;
}

/**
 * Evaluates each assertion for every entity × year where one of the values it reads is present.
 * A row where it is false is an error finding with the values involved and where the inputs
 * came from; a row where it is missing (a value it needs is absent) is not a failure — require
 * presence with --require-coverage. An assertion the data cannot answer at all (an input or
 * indicator it names is absent) is one `assertion-not-evaluated` finding.
 */
export function checkAssertions(ctx: RuleContext, assertions: readonly Assertion[]): void {
  const { panel } = ctx;
  assertions.forEach((a, k) => {
    const { compiled } = a;
    const metricIds = compiled.symbols.filter((s) => getMetric(s) !== undefined);
    const id = `assert_${k + 1}`;
    const custom: CustomMetric = {
      id,
      uses: [...compiled.symbols, ...compiled.codes],
      evaluate: (get, year) => {
        const v = compiled.evaluate((ref) => get(ref.name, year));
        return v === undefined ? undefined : v ? 1 : 0;
      },
    };
    let table;
    try {
      ({ table } = computePanel(panel, { metrics: metricIds, map: ctx.map, extra: [custom] }));
    } catch (e) {
      if (isMigdevError(e) && (e.code === 'missing-inputs' || e.code === 'unknown-name')) {
        const detail = e.message.replace(/^custom metric "assert_\d+"/, 'it').replace(/^assert_\d+ /, 'it ');
        ctx.emit(makeFinding('assertion-not-evaluated', `'${a.text}' cannot be evaluated: ${detail}${e.hint ? ` — ${e.hint}` : ''}`, {}, { rule: a.rule }));
        return;
      }
      throw e;
    }
    // Raw values the assertion reads, directly or through its metrics: input name → code.
    const raw: Array<[label: string, code: string]> = [];
    const seen = new Set<string>();
    const addRaw = (label: string, code: string | undefined): void => {
      if (code !== undefined && !seen.has(code)) {
        seen.add(code);
        raw.push([label, code]);
      }
    };
    for (const s of compiled.symbols) if (isInputName(s)) addRaw(s, ctx.inputs.codes[s]);
    for (const c of compiled.codes) addRaw(`\`${c}\``, panel.resolveIndicator(c));
    for (const m of metricIds) {
      const def = getMetric(m)!;
      for (const i of [...def.inputs, ...inputsOf(def)]) addRaw(i, ctx.inputs.codes[i]);
    }

    const n = table.length;
    let i = 0;
    while (i < n) {
      const entity = table.entityAt(i);
      const year = table.yearAt(i);
      const values = new Map<string, number | undefined>();
      for (; i < n && table.entityAt(i) === entity && table.yearAt(i) === year; i++) values.set(table.metricAt(i), table.valueAt(i));
      if (values.get(id) !== 0) continue;
      const shown = metricIds.map((m) => `${m} = ${values.get(m) === undefined ? 'missing' : short(values.get(m)!)}`);
      const sources: string[] = [];
      let place: FindingPlace | undefined;
      for (const [label, code] of raw) {
        const v = panel.get(entity, code, year);
        if (v === undefined) continue;
        sources.push(`${label} = ${v} (${at(panel, entity, code, year)})`);
        place ??= valuePlace(panel, entity, code, year);
      }
      const involved = [...shown, ...sources].join(', ');
      ctx.emit(makeFinding('assertion-failed', `${entity} ${year}: '${a.text}' is false${involved ? `: ${involved}` : ''}`, place ?? { entity, year }, { rule: a.rule }));
    }
  });
}
