// The eight-week chart for managers: vega-lite → vega (headless, renderer 'none') → SVG →
// @resvg/resvg-js → PNG. No browser, no canvas package, no system fonts: we ship DejaVu Sans and
// tell both vega (for the SVG's font-family) and resvg (for the glyphs) to use it, so the chart
// renders the same on a bare CI machine as on a laptop.

import { PROJECT_ROOT } from '../../project-root.ts';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export const CHART_FONT_FAMILY = 'DejaVu Sans';
export const CHART_FONT_FILE = path.join(PROJECT_ROOT, 'assets/fonts/DejaVuSans.ttf');
/** The chart's size in CSS pixels; the PNG is rendered at twice this for sharp text on high-DPI screens. */
export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 360;
export const CHART_SCALE = 2;

export interface ChartWeek {
  /** Short label under the axis, e.g. "W47". */
  label: string;
  acknowledged: number;
  replies: number;
  /** Kept on time as a share of settled promises, 0..1; null when no promise was settled that week. */
  onTimeRate: number | null;
}

const COUNT_SERIES = ['Acknowledged', 'Discussion replies'] as const;
const RATE_SERIES = 'Promises on time (%)';

export function chartSpec(weeks: readonly ChartWeek[], title: string): TopLevelSpec {
  const order = weeks.map((w) => w.label);
  const values = weeks.flatMap((w) => [
    { week: w.label, series: COUNT_SERIES[0], value: w.acknowledged },
    { week: w.label, series: COUNT_SERIES[1], value: w.replies },
    ...(w.onTimeRate === null ? [] : [{ week: w.label, series: RATE_SERIES, value: Math.round(w.onTimeRate * 100) }]),
  ]);
  const x = { field: 'week', type: 'ordinal', sort: order, title: null, axis: { labelAngle: 0 } } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: [...COUNT_SERIES, RATE_SERIES], range: ['#2f6fb3', '#e08a1e', '#2e9e5b'] },
    legend: { orient: 'top', labelLimit: 320 },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    // 'fit' + padding: the whole image is exactly CHART_WIDTH × CHART_HEIGHT, whatever the labels.
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    config: { font: CHART_FONT_FAMILY, view: { stroke: null } },
    data: { values },
    layer: [
      {
        transform: [{ filter: { field: 'series', oneOf: [...COUNT_SERIES] } }],
        mark: { type: 'line', point: true, strokeWidth: 2.5 },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'People actions', axis: { tickMinStep: 1 } }, color },
      },
      {
        transform: [{ filter: { field: 'series', equal: RATE_SERIES } }],
        mark: { type: 'line', point: true, strokeWidth: 2.5, strokeDash: [6, 4] },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'On time (%)', scale: { domain: [0, 100] }, axis: { orient: 'right' } },
          color,
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

/** The chart as SVG text. Deterministic for the same weeks (vega's clip ids restart per render). */
export async function renderChartSvg(weeks: readonly ChartWeek[], title: string): Promise<string> {
  const { spec } = compile(chartSpec(weeks, title));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: CHART_SCALE },
    font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return new Uint8Array(resvg.render().asPng());
}

export async function renderChartPng(weeks: readonly ChartWeek[], title: string): Promise<{ png: Uint8Array; svg: string }> {
  const svg = await renderChartSvg(weeks, title);
  return { svg, png: svgToPng(svg) };
}
