// The private stats answer for a manager (and the digest's text): team totals with the trend
// against the previous four weeks, then one line per person. Long teams are cut to a screenful;
// the CSV has everyone.

import type { Block, Outbound } from '../../ports.ts';
import { plain } from '../messages.ts';
import { mention } from '../mentions.ts';
import { describeWeekRange } from './iso-week.ts';
import { onTimeRate, trendOf, type PersonWeek, type WeekStats } from './weekly-stats.ts';

/** Per-person lines shown in a message; Slack caps a message at 50 blocks and 3,000 characters a block. */
export const MAX_PERSON_LINES = 25;

export const ACKNOWLEDGED_NOTE =
  '“Acknowledged” counts “Got it” presses and reactions on my posts. Chat platforms don’t tell bots who read a message, so nobody is marked as unread.';

export interface StatsMessageOptions {
  /** '#support' or 'all channels' */
  scopeLabel: string;
  /** Whether promise numbers are available in this build. */
  withPromises: boolean;
  /** The command that gets the CSV of these rows, suggested when rows are cut. */
  csvCommand: string;
  title?: string;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** How many weeks before the one asked about its trends are averaged over. */
export const TREND_WEEKS = 4;

/** ' (↑ 6% vs the 4-week average of 72)', or '' when there is nothing to compare with. */
export function countTrend(current: number, previous: readonly number[]): string {
  const { average, change } = trendOf(current, previous);
  if (average === null || change === null) return '';
  const avg = Number.isInteger(average) ? String(average) : average.toFixed(1);
  if (Math.abs(change) < 1e-9) return ` (→ same as the ${TREND_WEEKS}-week average)`;
  if (average === 0) return ` (↑ from a ${TREND_WEEKS}-week average of 0)`;
  const pct = Math.round((Math.abs(change) / average) * 100);
  return ` (${change > 0 ? '↑' : '↓'} ${pct}% vs the ${TREND_WEEKS}-week average of ${avg})`;
}

/** ' (↓ 5 pts vs the 4-week average of 80%)', or ''. */
export function rateTrend(current: number | null, previous: readonly (number | null)[]): string {
  const { average, change } = trendOf(current, previous);
  if (average === null || change === null) return '';
  const points = Math.round(change * 100);
  if (points === 0) return ` (→ same as the ${TREND_WEEKS}-week average of ${formatPercent(average)})`;
  return ` (${points > 0 ? '↑' : '↓'} ${Math.abs(points)} pts vs the ${TREND_WEEKS}-week average of ${formatPercent(average)})`;
}

export function personLine(person: PersonWeek, withPromises: boolean): string {
  const parts = [`${person.acknowledged} acknowledged`, `${person.replies} ${person.replies === 1 ? 'reply' : 'replies'}`];
  if (withPromises) {
    const p = person.promises;
    parts.push(`${p.made} ${p.made === 1 ? 'promise' : 'promises'} made`, `${formatPercent(onTimeRate(p))} on time`, `${p.missed} missed`);
  }
  if (person.awayDays > 0) parts.push(`🌴 away ${person.awayDays} ${person.awayDays === 1 ? 'day' : 'days'}`);
  return `${mention(person.userId, person.name)} — ${parts.join(' · ')}`;
}

/** `current` is the week asked about; `previous` the TREND_WEEKS weeks before it (any order). */
export function renderStatsMessage(current: WeekStats, previous: readonly WeekStats[], options: StatsMessageOptions): Outbound {
  const t = current.totals;
  const fields = [
    { label: 'People taking part', value: String(t.people) },
    { label: 'Acknowledged', value: `${t.acknowledged}${countTrend(t.acknowledged, previous.map((w) => w.totals.acknowledged))}` },
    { label: 'Discussion replies', value: `${t.replies}${countTrend(t.replies, previous.map((w) => w.totals.replies))}` },
  ];
  if (options.withPromises) {
    fields.push(
      { label: 'Promises made', value: `${t.made}${countTrend(t.made, previous.map((w) => w.totals.made))}` },
      { label: 'Kept on time', value: `${formatPercent(t.onTimeRate)}${rateTrend(t.onTimeRate, previous.map((w) => w.totals.onTimeRate))}` },
      { label: 'Missed', value: String(t.missed) },
    );
  }
  const title = options.title ?? `📊 Team stats — week ${current.week.key}`;
  const range = `${describeWeekRange(current.week)} (${current.week.zone}) · ${options.scopeLabel}`;
  const shown = current.people.slice(0, MAX_PERSON_LINES);
  const lines = shown.map((p) => personLine(p, options.withPromises));
  const more = current.people.length - shown.length;
  const blocks: Block[] = [{ type: 'header', text: title }, { type: 'context', text: range }, { type: 'fields', fields }];
  if (lines.length) {
    blocks.push({ type: 'divider' }, { type: 'text', text: `*Per person*\n${lines.join('\n')}` });
    if (more > 0) blocks.push({ type: 'context', text: `…and ${more} more. Everyone is in the CSV: \`${options.csvCommand}\`` });
  } else {
    blocks.push({ type: 'text', text: 'Nothing recorded for this week yet.' });
  }
  blocks.push({ type: 'context', text: ACKNOWLEDGED_NOTE });
  const text = [
    plain(title),
    range,
    ...fields.map((f) => `${f.label}: ${f.value}`),
    ...(lines.length ? ['Per person:', ...lines] : ['Nothing recorded for this week yet.']),
    ...(more > 0 ? [`…and ${more} more (CSV: ${options.csvCommand}).`] : []),
  ].join('\n');
  return { text, blocks, visibility: 'private' };
}
