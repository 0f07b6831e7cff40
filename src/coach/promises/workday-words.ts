// What "EOD", "COB" and "first thing" mean for a person right now, from their working hours.

import { DateTime } from 'luxon';
import type { Platform } from '../../ports.ts';
import type { Db } from '../../store/open-store.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { cachedZone } from '../cached-zone.ts';
import { availabilityOf } from '../availability/person-hours.ts';
import { currentShift, type Availability } from '../availability/working-hours.ts';
import type { WorkdayWords } from './normalize-when.ts';

export function workdayWords(availability: Availability, now: Date): WorkdayWords {
  const { hours, zone } = availability;
  const shift = currentShift(availability, now);
  const end = shift && DateTime.fromJSDate(shift.end, { zone: cachedZone(zone) });
  // Only a shift ending on a later calendar day needs the date: otherwise "17:00" already is today's end.
  const endsLater = end && end.toISODate() !== DateTime.fromJSDate(now, { zone: cachedZone(zone) }).toISODate();
  return { start: hours.start, end: hours.end, ...(endsLater ? { shiftEnd: end } : {}) };
}

/** A person's hours and what the time words mean in them (a night shift's EOD is its morning end). */
export async function hoursOf(db: Db, person: { platform: Platform; workspaceId: string; userId: string }, zone: string, now: Date): Promise<{ availability: Availability; words: WorkdayWords }> {
  const availability = await availabilityOf(db, person, zone);
  return { availability, words: workdayWords(availability, now) };
}

/** The time words for a snooze or a new time of a promise: its agent's hours, in its zone. */
export async function promiseWorkday(db: Db, p: CallbackPromise, now: Date): Promise<WorkdayWords> {
  return (await hoursOf(db, { platform: p.platform, workspaceId: p.workspaceId, userId: p.agentId }, p.agentTz, now)).words;
}
