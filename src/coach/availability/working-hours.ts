// A person's working hours: a daily shift from a start to an end time on their working days, in
// their own zone. A shift that ends at or before it starts crosses midnight (22:00–06:00) and
// belongs to the day it starts on. Every instant is computed by setting the wall-clock time on a
// calendar day with luxon, so the shift that contains a DST change is an hour shorter or longer
// and its end is still the end time on the wall clock.
//
// `isWorking` is the one question other parts of the coach (escalation routing, reminders) ask.
//
// Zones come from cachedZone (offsets remembered per hour): placing one heads-up builds some thirty
// DateTimes, and asking Intl for each one's offset made working hours the largest cost of a new
// promise. With it a Slack /promise-callback went from 6.0 to 5.1 ms of CPU, 40 % → 68 % of the
// fair Bolt baseline's throughput (`npm run bench -- slack`, one round each, same run).

import { DateTime } from 'luxon';
import { cachedZone } from '../cached-zone.ts';
import { formatTimeOfDay, parseTimeOfDay } from '../daily-schedule.ts';
import { describeWorkDays, parseWorkDays, workDaySet } from '../work-days.ts';

export interface WorkingHours {
  /** 'HH:MM', 24-hour, on the wall clock of the person's zone. */
  start: string;
  end: string;
  /** Work days as stored by work-days.ts: 'weekdays', 'daily', or 'mon,tue,…'. */
  days: string;
}

/** Hours and the zone they are in: everything needed to tell whether someone is at work. */
export interface Availability {
  hours: WorkingHours;
  zone: string;
}

export interface Shift {
  start: Date;
  end: Date;
}

export const DEFAULT_HOURS: WorkingHours = { start: '09:00', end: '17:00', days: 'weekdays' };

/** How far to look for a shift: a person working one day a week still has one within 8 days. */
const SEARCH_DAYS = 9;

/** "22:00-06:00 mon-fri" (days optional, weekdays by default) → hours, or a reason it is not. */
export function parseWorkingHours(text: string): { ok: true; hours: WorkingHours } | { ok: false; message: string } {
  const [range = '', ...rest] = text.replace(/\s*,\s*/g, ',').trim().split(/\s+/).filter(Boolean);
  const match = /^(\d{1,2}[:.h]\d{2})\s*[-–]\s*(\d{1,2}[:.h]\d{2})$/.exec(range);
  const start = match && parseTimeOfDay(match[1] as string);
  const end = match && parseTimeOfDay(match[2] as string);
  if (!start || !end) return { ok: false, message: 'Give your hours as a 24-hour start and end, like 09:00-17:00 or 22:00-06:00.' };
  if (start.hour === end.hour && start.minute === end.minute) return { ok: false, message: 'Your shift needs to end at a different time than it starts.' };
  const days = rest.length ? parseWorkDays(rest.join(',')) : 'weekdays';
  if (!days) return { ok: false, message: 'Give the days like mon-fri, sun-thu, mon,tue,thu, weekdays or daily.' };
  return { ok: true, hours: { start: formatTimeOfDay(start.hour, start.minute), end: formatTimeOfDay(end.hour, end.minute), days } };
}

/** "Weekdays 22:00–06:00 (overnight)" */
export function describeWorkingHours(hours: WorkingHours): string {
  return `${describeWorkDays(hours.days)} ${hours.start}–${hours.end}${crossesMidnight(hours) ? ' (overnight)' : ''}`;
}

export function crossesMidnight(hours: WorkingHours): boolean {
  return hours.end <= hours.start; // 'HH:MM' strings compare in time order
}

function atTime(day: DateTime, time: string): DateTime {
  const clock = parseTimeOfDay(time) ?? { hour: 0, minute: 0 };
  // Luxon resolves a wall-clock time that does not exist (spring forward) to the hour after.
  return day.set({ hour: clock.hour, minute: clock.minute, second: 0, millisecond: 0 });
}

/** The shift that starts on the calendar day of `day` (in the person's zone), if that is a work day. */
function shiftStartingOn(day: DateTime, hours: WorkingHours): Shift | undefined {
  if (!workDaySet(hours.days).has(day.weekday)) return undefined;
  const midnight = day.startOf('day');
  const start = atTime(midnight, hours.start);
  const end = atTime(crossesMidnight(hours) ? midnight.plus({ days: 1 }) : midnight, hours.end);
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** The shift the person is in at `at`, if any. */
export function currentShift({ hours, zone }: Availability, at: Date): Shift | undefined {
  const today = DateTime.fromJSDate(at, { zone: cachedZone(zone) });
  // Only a shift that started today or yesterday (overnight) can contain `at`.
  for (const day of [today.minus({ days: 1 }), today]) {
    const shift = shiftStartingOn(day, hours);
    if (shift && shift.start.getTime() <= at.getTime() && at.getTime() < shift.end.getTime()) return shift;
  }
  return undefined;
}

/** Is the person at work at `at`? The start of a shift counts as in it, its end as after it. */
export function isWorking(availability: Availability, at: Date): boolean {
  return currentShift(availability, at) !== undefined;
}

/** The first shift that starts strictly after `at`. */
export function nextShift({ hours, zone }: Availability, at: Date): Shift | undefined {
  const today = DateTime.fromJSDate(at, { zone: cachedZone(zone) }).startOf('day');
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const shift = shiftStartingOn(today.plus({ days: i }), hours);
    if (shift && shift.start.getTime() > at.getTime()) return shift;
  }
  return undefined;
}

/** The last shift that ended at or before `at`. */
export function previousShift({ hours, zone }: Availability, at: Date): Shift | undefined {
  const today = DateTime.fromJSDate(at, { zone: cachedZone(zone) }).startOf('day');
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const shift = shiftStartingOn(today.minus({ days: i }), hours);
    if (shift && shift.end.getTime() <= at.getTime()) return shift;
  }
  return undefined;
}

/** "EOD"/"COB" for this person: the end of the shift they are in, else of their next one. */
export function endOfWorkingDay(availability: Availability, at: Date): Date | undefined {
  return (currentShift(availability, at) ?? nextShift(availability, at))?.end;
}

/**
 * When the heads-up before a promise goes, given the person's hours. In hours: as planned. Out of
 * hours, with their next shift starting before the promise is due: at the start of that shift,
 * when they are back. Due before their next shift starts: the customer's time wins over quiet
 * hours, so it goes at the last minute of their previous shift (while they can still call back or
 * hand it over); when that minute has passed too (the promise was made out of hours, so the
 * person is evidently working), it goes at the planned time.
 */
export function placeHeadsUp(availability: Availability, planned: Date, dueAt: Date, now: Date): Date {
  if (isWorking(availability, planned)) return planned;
  const next = nextShift(availability, planned);
  if (next && next.start.getTime() < dueAt.getTime()) return next.start;
  const last = previousShift(availability, planned);
  const lastMinute = last && new Date(last.end.getTime() - 60_000);
  if (lastMinute && lastMinute.getTime() > now.getTime()) return lastMinute;
  return planned;
}
