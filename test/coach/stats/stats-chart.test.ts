import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONT_FAMILY, CHART_FONT_FILE, CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, renderChartPng, type ChartWeek } from '../../../src/coach/stats/stats-chart.ts';

const weeks: ChartWeek[] = [
  { label: 'W40', acknowledged: 12, replies: 3, onTimeRate: 0.5 },
  { label: 'W41', acknowledged: 15, replies: 4, onTimeRate: 0.6 },
  { label: 'W42', acknowledged: 9, replies: 0, onTimeRate: null },
  { label: 'W43', acknowledged: 18, replies: 6, onTimeRate: 0.75 },
  { label: 'W44', acknowledged: 21, replies: 5, onTimeRate: 0.8 },
  { label: 'W45', acknowledged: 19, replies: 7, onTimeRate: 1 },
  { label: 'W46', acknowledged: 24, replies: 8, onTimeRate: 0.9 },
  { label: 'W47', acknowledged: 27, replies: 6, onTimeRate: 0.85 },
];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // The IHDR chunk comes first, right after the 8-byte signature: length, "IHDR", width, height.
  expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('stats chart', () => {
  it('renders an eight-week PNG of the expected size, with real content, without a browser', async () => {
    const { png, svg } = await renderChartPng(weeks, 'Team participation, 2026-W40 to 2026-W47');
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });

    // Not blank: decode with resvg and look at the pixels. A white page would have one colour;
    // lines, text and axes give many, and a fair share of the image is not background.
    const pixels = new Resvg(svg, { font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY } }).render().pixels;
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      if (r < 200 || g < 200 || b < 200) inked++;
    }
    expect(colours.size).toBeGreaterThan(50);
    expect(inked / (pixels.length / 4)).toBeGreaterThan(0.01);
  });

  it('draws text with the shipped font: the title and the week labels are real glyphs', async () => {
    const { svg } = await renderChartPng(weeks, 'Team participation');
    expect(svg).toContain(`font-family="${CHART_FONT_FAMILY}"`);
    expect(svg).not.toMatch(/font-family="sans-serif"/);
    for (const label of ['W40', 'W47', 'Acknowledged', 'Discussion replies', 'Promises on time (%)']) expect(svg).toContain(`>${label}<`);
    // The glyphs come from the shipped TTF: with no font at all, resvg draws no text and the pixels differ.
    const withText = new Resvg(svg, { font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY } }).render().pixels;
    const noFont = new Resvg(svg, { font: { fontFiles: [], loadSystemFonts: false } }).render().pixels;
    expect(Buffer.compare(withText, noFont)).not.toBe(0);
  });

  it('is deterministic: the SVG matches its snapshot', async () => {
    const first = await renderChartPng(weeks, 'Team participation, 2026-W40 to 2026-W47');
    const second = await renderChartPng(weeks, 'Team participation, 2026-W40 to 2026-W47');
    expect(second.svg).toBe(first.svg);
    await expect(first.svg).toMatchFileSnapshot('__snapshots__/team-chart.svg');
  });
});
