// The stats rows as CSV (RFC 4180): one row per person per week, CRLF line ends, fields quoted when
// they hold a comma, quote or line break, quotes doubled. A name that starts with = + - @ is
// prefixed with ' so a spreadsheet shows it instead of running it as a formula (CSV injection).

import { localDate } from '../daily-schedule.ts';
import { onTimeRate, type WeekStats } from './weekly-stats.ts';

const PARTICIPATION_COLUMNS = ['week', 'week_start', 'user_id', 'name', 'acknowledged', 'got_it_presses', 'reactions', 'discussion_replies'] as const;
const PROMISE_COLUMNS = ['promises_made', 'kept', 'late', 'missed', 'renegotiated', 'open', 'on_time_rate'] as const;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function statsCsv(weeks: readonly WeekStats[], withPromises: boolean): string {
  const header = [...PARTICIPATION_COLUMNS, ...(withPromises ? PROMISE_COLUMNS : [])];
  const rows: (string | number | null)[][] = [];
  for (const week of weeks) {
    const weekStart = localDate(week.week.start, week.week.zone); // the Monday, in the team's zone
    for (const p of week.people) {
      const row: (string | number | null)[] = [week.week.key, weekStart, p.userId, p.name, p.acknowledged, p.acks, p.reactions, p.replies];
      if (withPromises) {
        const rate = onTimeRate(p.promises);
        row.push(p.promises.made, p.promises.kept, p.promises.late, p.promises.missed, p.promises.renegotiated, p.promises.open, rate === null ? null : rate.toFixed(2));
      }
      rows.push(row);
    }
  }
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
