// What "EOD", "COB" and "first thing" mean for this person right now, from their working hours.

import { DateTime } from 'luxon';
import { currentShift, type Availability } from '../availability/working-hours.ts';
import type { WorkdayWords } from './normalize-when.ts';

export function workdayWords(availability: Availability, now: Date): WorkdayWords {
  const { hours, zone } = availability;
  const shift = currentShift(availability, now);
  const end = shift && DateTime.fromJSDate(shift.end, { zone });
  // Only a shift ending on a later calendar day needs the date: otherwise "17:00" already is today's end.
  const endsLater = end && end.toISODate() !== DateTime.fromJSDate(now, { zone }).toISODate();
  return { start: hours.start, end: hours.end, ...(endsLater ? { shiftEnd: end } : {}) };
}
