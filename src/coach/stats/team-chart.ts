// The eight-week chart as a file to upload, from stats already computed.

import type { OutboundFile } from '../../ports.ts';
import { shortWeekLabel } from './iso-week.ts';
import type { ChartWeek } from './stats-chart.ts';
import type { WeekStats } from './weekly-stats.ts';

export const CHART_WEEKS = 8;

export function chartWeeks(weeks: readonly WeekStats[], withPromises: boolean): ChartWeek[] {
  return weeks.map((w) => ({
    label: shortWeekLabel(w.week),
    acknowledged: w.totals.acknowledged,
    replies: w.totals.replies,
    onTimeRate: withPromises ? w.totals.onTimeRate : null,
  }));
}

export async function teamChartFile(weeks: readonly WeekStats[], scopeLabel: string, withPromises: boolean): Promise<OutboundFile> {
  const first = weeks[0];
  const last = weeks.at(-1);
  const title = `Team participation, ${first ? first.week.key : ''} to ${last ? last.week.key : ''} (${scopeLabel})`;
  // vega, vega-lite and resvg are loaded on the first chart, not at start-up: they are most of the
  // coach's idle memory and start-up time, and most processes never draw a chart.
  const { renderChartPng } = await import('./stats-chart.ts');
  const { png } = await renderChartPng(chartWeeks(weeks, withPromises), title);
  const summary = weeks.map((w) => `${w.week.key}: ${w.totals.acknowledged} acknowledged, ${w.totals.replies} replies`).join('; ');
  return {
    filename: `team-stats-${last?.week.key ?? 'weeks'}.png`,
    mimeType: 'image/png',
    bytes: png,
    title,
    altText: `Line chart of the last ${weeks.length} weeks. ${summary}.`.slice(0, 1000),
  };
}
