// When is the next daily post? Computed in the channel's own IANA zone with luxon, then stored as a
// UTC instant. We never add a fixed 24 h or trust a fixed offset: across a DST change the wall-clock
// time stays 09:00 while the UTC instant moves by an hour.

import { DateTime } from 'luxon';
import { isWorkDay } from './work-days.ts';
import { CodedError } from '../errors.ts';

import type { PostDays } from '../store/database.ts';

export type { PostDays };

export interface DailySchedule {
  time: string; // 'HH:MM', 24-hour, local to `zone`
  zone: string; // IANA zone
  days: PostDays;
  /** Local dates (YYYY-MM-DD) to skip although their weekday is a post day: holidays, closed days. */
  isOpen?: (isoDate: string) => boolean;
}

/** How far ahead a schedule looks for its next day: past a long closure (a team shut for weeks). */
const SEARCH_DAYS = 400;

export function parseTimeOfDay(value: string): { hour: number; minute: number } | undefined {
  const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(value.trim());
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function formatTimeOfDay(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function isPostDay(weekday: number, days: PostDays): boolean {
  return isWorkDay(weekday, days); // luxon: Monday = 1 … Sunday = 7
}

/**
 * The first instant strictly after `after` that is `time` on the wall clock in `zone` on a day
 * `isDay` accepts (ISO weekday, Monday = 1, and the local date). Shared by daily posts and weekly
 * discussions.
 */
export function nextLocalOccurrence(time: string, zone: string, after: Date, isDay: (weekday: number, isoDate: string) => boolean): Date {
  const clock = parseTimeOfDay(time);
  if (!clock) throw new CodedError('INTERNAL', `Not a time of day: ${time}`);
  const start = DateTime.fromJSDate(after, { zone });
  let day = start.startOf('day');
  for (let i = 0; i < SEARCH_DAYS; i++) {
    // Setting the wall-clock time on each calendar day lets luxon resolve DST: a 02:30 that does
    // not exist (spring forward) becomes 03:30; an ambiguous 01:30 (fall back) is the first one.
    const candidate = day.set({ hour: clock.hour, minute: clock.minute, second: 0, millisecond: 0 });
    if (candidate.toMillis() > start.toMillis() && isDay(candidate.weekday, candidate.toISODate() as string)) return candidate.toJSDate();
    day = day.plus({ days: 1 });
  }
  throw new CodedError('INTERNAL', 'No matching day within 400 days; the schedule is inconsistent.');
}

/** The first scheduled instant strictly after `after`. */
export function nextDailyOccurrence(schedule: DailySchedule, after: Date): Date {
  return nextLocalOccurrence(schedule.time, schedule.zone, after, (weekday, isoDate) => isPostDay(weekday, schedule.days) && (schedule.isOpen?.(isoDate) ?? true));
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone: "today" for a channel. */
export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() as string;
}

/**
 * The first `weekday` at `time` in `zone` strictly after `after` (DST-safe: wall-clock time per
 * day), on a local date `isOpen` accepts: a week whose day is off (a holiday, a closed day) has
 * none, and the next week's comes.
 */
export function nextWeeklyOccurrence(schedule: { weekday: number; time: string; zone: string }, after: Date, isOpen: (isoDate: string) => boolean = () => true): Date {
  return nextLocalOccurrence(schedule.time, schedule.zone, after, (weekday, day) => weekday === schedule.weekday && isOpen(day));
}
