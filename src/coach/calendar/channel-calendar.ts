// The days a channel is off: its region's public holidays and the team's own closed days. Daily
// posts and weekly discussions are planned only on days that are not off, so a day off never takes
// a principle from the rotation: the next working day gets the one that was next.

import { DateTime } from 'luxon';
import type { Address } from '../../ports.ts';
import { loadCalendarRows } from '../../store/calendar-repo.ts';
import type { Db } from '../../store/open-store.ts';
import { holidayOn } from './holiday-regions.ts';

export interface ChannelCalendar {
  region: string | undefined;
  closedDays: ReadonlySet<string>;
}

export const OPEN_CALENDAR: ChannelCalendar = { region: undefined, closedDays: new Set() };

/** The channel's calendar, with closed days from `today` (YYYY-MM-DD) on. */
export async function loadChannelCalendar(db: Db, address: Address, today: string): Promise<ChannelCalendar> {
  const rows = await loadCalendarRows(db, address, today);
  return { region: rows.region, closedDays: new Set(rows.closedDays) };
}

/** Why a local date is off (the holiday's name, or "closed"), or undefined when it is open. */
export function dayOffReason(calendar: ChannelCalendar, isoDate: string): string | undefined {
  if (calendar.closedDays.has(isoDate)) return 'closed';
  return calendar.region ? holidayOn(calendar.region, isoDate) : undefined;
}

export function isOpenDay(calendar: ChannelCalendar, isoDate: string): boolean {
  return dayOffReason(calendar, isoDate) === undefined;
}

export interface DayOff {
  date: string;
  reason: string;
}

/**
 * The next `count` days off from `today` on that the channel would otherwise have worked
 * (`isWorkDay` takes an ISO weekday), within a year: what `/coach settings` lists.
 */
export function upcomingDaysOff(calendar: ChannelCalendar, today: string, isWorkDay: (weekday: number) => boolean, count: number): DayOff[] {
  const found: DayOff[] = [];
  let day = DateTime.fromISO(today, { zone: 'utc' });
  for (let i = 0; i < 366 && found.length < count; i++, day = day.plus({ days: 1 })) {
    const date = day.toISODate() as string;
    const reason = dayOffReason(calendar, date);
    if (reason && isWorkDay(day.weekday)) found.push({ date, reason });
  }
  return found;
}

/** "Fri 25 Dec (Christmas Day)", "Thu 31 Dec (closed)". */
export function describeDayOff(dayOff: DayOff): string {
  return `${DateTime.fromISO(dayOff.date, { zone: 'utc' }).toFormat('ccc d LLL', { locale: 'en-GB' })} (${dayOff.reason})`;
}
