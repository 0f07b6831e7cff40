// A year of daily posts in three regions: which weekdays the channel goes without a post, from
// date-holidays' data (not a hand-kept list) — moved holidays and regional ones included.
import { describe, expect, it } from 'vitest';
import { describeDayOff, upcomingDaysOff, type ChannelCalendar } from '../../../src/coach/calendar/channel-calendar.ts';
import { parseHolidayRegion } from '../../../src/coach/calendar/holiday-regions.ts';
import { localDate } from '../../../src/coach/daily-schedule.ts';
import { nextPostTime } from '../../../src/coach/daily-post-plan.ts';
import type { Channel } from '../../../src/store/channels-repo.ts';

const channelIn = (timezone: string): Channel => ({
  platform: 'slack', workspaceId: 'T1', key: 'C1', label: '#support', timezone, postTime: '09:00', postDays: 'weekdays', subscribed: true, pausedReason: null,
});

/** Every weekday of 2026 that got no post. */
function weekdaysWithoutPost(region: string, timezone: string): string[] {
  const channel = channelIn(timezone);
  const calendar: ChannelCalendar = { region, closedDays: new Set() };
  const posted = new Set<string>();
  for (let at = new Date('2025-12-31T23:00:00Z'); ; ) {
    at = nextPostTime(channel, calendar, at);
    if (at.getUTCFullYear() > 2026) break;
    posted.add(localDate(at, timezone));
  }
  const missing: string[] = [];
  for (let d = new Date('2026-01-01T12:00:00Z'); d.getUTCFullYear() === 2026; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !posted.has(day)) missing.push(day);
  }
  return missing;
}

describe('public holidays over a year', () => {
  it('US: federal holidays, and Independence Day on a Saturday is observed on Friday 3 July', () => {
    expect(weekdaysWithoutPost('US', 'America/New_York')).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
    ]);
  });

  it("GB-SCT: Scotland's own days (2 January, the August bank holiday on the 3rd, St Andrew's Day) and Boxing Day moved to Monday 28 December", () => {
    expect(weekdaysWithoutPost('GB-SCT', 'Europe/London')).toEqual([
      '2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28',
    ]);
    // England, for contrast: Easter Monday and the last Monday of August, no St Andrew's Day.
    expect(weekdaysWithoutPost('GB-ENG', 'Europe/London')).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
  });

  it("DE-BY: Bavaria's Epiphany and Corpus Christi, which Berlin works through", () => {
    expect(weekdaysWithoutPost('DE-BY', 'Europe/Berlin')).toEqual([
      '2026-01-01', '2026-01-06', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-06-04', '2026-12-25',
    ]);
    expect(weekdaysWithoutPost('DE-BE', 'Europe/Berlin')).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-12-25',
    ]);
  });

  it('closed days are skipped like holidays, and the settings list names each day skipped', () => {
    const calendar: ChannelCalendar = { region: 'GB-SCT', closedDays: new Set(['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31']) };
    const skipped = upcomingDaysOff(calendar, '2026-12-20', (weekday) => weekday <= 5, 6).map(describeDayOff);
    expect(skipped).toEqual(['Thu 24 Dec (closed)', 'Fri 25 Dec (Christmas Day)', 'Mon 28 Dec (Boxing Day (substitute day))', 'Tue 29 Dec (closed)', 'Wed 30 Dec (closed)', 'Thu 31 Dec (closed)']);
    // Then 1 January, and 2 January (a Saturday in 2027) observed on Monday the 4th in Scotland.
    expect(nextPostTime(channelIn('Europe/London'), calendar, new Date('2026-12-23T10:00:00Z')).toISOString()).toBe('2027-01-05T09:00:00.000Z');
  });

  it('knows regions by country and state code, and says which it is', () => {
    expect(parseHolidayRegion('de-by')).toEqual({ code: 'DE-BY', name: 'Germany (Bayern)' });
    expect(parseHolidayRegion('GB-SCT')).toEqual({ code: 'GB-SCT', name: 'United Kingdom (Scotland)' });
    expect(parseHolidayRegion('IN')).toEqual({ code: 'IN', name: 'India' });
    expect(parseHolidayRegion('XX')).toBeUndefined();
    expect(parseHolidayRegion('GB-XYZ')).toBeUndefined();
  });
});
