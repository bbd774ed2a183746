import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TableBuilder } from '../src/compute/table.js';
import { metricChart } from '../src/chart/metric-chart.js';
import { lineChart } from '../src/chart/line-chart.js';
import { svgSparkline, textSparkline } from '../src/chart/sparkline.js';
import { niceStep, niceTicks, tickLabel, yearTicks } from '../src/chart/ticks.js';
import { escapeXml } from '../src/chart/xml.js';
import { checkWellFormed } from './chart-wellformed.js';
import { BIN, cliEnv } from './helpers/cli.js';

describe('ticks', () => {
  it('steps are 1, 2 or 5 × 10^k (worked by hand: 37/5 = 7.4 → 10; 0.9/5 = 0.18 → 0.2)', () => {
    expect(niceStep(37)).toBe(10);
    expect(niceStep(0.9)).toBeCloseTo(0.2, 15);
    expect(niceStep(1200, 5)).toBe(500);
    expect(niceStep(8, 5)).toBe(2);
    for (const span of [0.003, 1, 7, 42, 999, 3.3e9]) {
      const s = niceStep(span);
      const m = s / 10 ** Math.floor(Math.log10(s) + 1e-9);
      expect([1, 2, 5, 10].some((k) => Math.abs(m - k) < 1e-9)).toBe(true);
    }
  });

  it('covers the data with whole steps and clean values', () => {
    // 0.6 / 5 = 0.12 → a step of 0.2, widened to whole steps.
    expect(niceTicks(0.1, 0.7)).toEqual({ lo: 0, hi: 0.8, step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(niceTicks(-93, 468).values).toEqual([-200, 0, 200, 400, 600]);
    // A flat series still gets an axis around it.
    expect(niceTicks(5, 5).values).toEqual([4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6]);
    expect(yearTicks(2000, 2024, 8)).toEqual([2000, 2005, 2010, 2015, 2020]);
  });

  it('labels with separators, k/M/bn, a real minus', () => {
    expect(tickLabel(2000, 1000)).toBe('2,000');
    expect(tickLabel(4e9, 1e9)).toBe('4bn');
    expect(tickLabel(2.5e9, 5e8)).toBe('2.5bn');
    expect(tickLabel(-200, 200)).toBe('−200');
    expect(tickLabel(0.3, 0.1)).toBe('0.3');
  });
});

describe('SVG writer', () => {
  it('escapes text and attributes', () => {
    expect(escapeXml(`a<b & "c" 'd'>\u0001`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;');
  });

  it('draws missing values as gaps and lone values as dots, well-formed, labels escaped', () => {
    const svg = lineChart({
      title: 'Remittances <&> "costs"',
      panels: [{ unit: '% of GDP', series: [{ label: 'Côte d’Ivoire & <Ghana>', points: [{ x: 2000, y: 1 }, { x: 2001, y: 2 }, { x: 2002, y: null }, { x: 2003, y: 3 }, { x: 2004, y: null }, { x: 2005, y: 4 }, { x: 2006, y: 5 }] }] }],
    });
    const { texts } = checkWellFormed(svg);
    expect(texts).toContain('Remittances &lt;&amp;&gt; &quot;costs&quot;');
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    // Two runs (2000–2001, 2005–2006): two M commands; 2003 alone is a dot.
    expect(d.match(/M/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('sparklines: text and SVG, gaps kept', () => {
    expect(textSparkline([1, 2, null, 8])).toBe('▁▂ █');
    expect(textSparkline([1])).toBe('');
    checkWellFormed(svgSparkline([1, null, 3, 4], { label: 'a <b>' }));
    expect(svgSparkline([])).toBe('');
  });

  it('the checker rejects broken markup', () => {
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormed('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => checkWellFormed('<svg a="1" a="2"/>')).toThrow();
    expect(() => checkWellFormed('<svg><text>&nbsp;</text></svg>')).toThrow();
  });
});

describe('metric charts', () => {
  const table = (metrics: string[], entities: string[]) => {
    const b = new TableBuilder();
    entities.forEach((_, e) => metrics.forEach((_, m) => [2019, 2020, 2021].forEach((y) => b.push(e, y, m, y === 2020 && e === 0 ? Number.NaN : (e + 1) * (m + 1) * (y - 2018)))));
    return b.build(entities, metrics);
  };

  it('one panel per unit; window metrics left out', () => {
    const { svg, skipped } = metricChart(table(['remittance_cagr_pct', 'remittances_gdp_pct', 'remittances_per_capita_usd'], ['KEN', 'NPL']), (c) => c);
    expect(skipped).toEqual(['remittance_cagr_pct']);
    checkWellFormed(svg);
    expect(svg.match(/class="panel"/g)).toHaveLength(2);
    expect(svg).toContain('% of GDP');
    expect(svg).toContain('US$');
  });

  it('refuses more lines than can be told apart', () => {
    const many = Array.from({ length: 13 }, (_, i) => `E${String(i).padStart(2, '0')}`);
    expect(() => metricChart(table(['remittances_gdp_pct'], many), (c) => c)).toThrow(/13 lines/);
  });

  it('compute --plot writes the chart beside the usual output (subprocess)', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'migdev-plot-')), 'remit.svg');
    const r = spawnSync(
      process.execPath,
      [BIN, 'compute', 'fixtures/wdi/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv', 'fixtures/wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv', '-m', 'remittances_gdp_pct', '--countries', 'KEN,NPL,MEX', '--years', '2010-', '--plot', out],
      { encoding: 'utf8', env: cliEnv(), input: '' },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('code,name,year,metric,value');
    const svg = readFileSync(out, 'utf8');
    const { texts } = checkWellFormed(svg);
    expect(texts).toEqual(expect.arrayContaining(['Personal remittances received, % of GDP', 'Kenya', 'Nepal', 'Mexico', '2010', '2020']));
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
  });
});
