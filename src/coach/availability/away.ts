// Who is out of office, as the rest of the coach asks it: "may this person get a message now?"
// The answer is a predicate so the working-hours rule (isWorking, in working-hours.ts) can be
// combined with it without the callers changing.

import { DateTime } from 'luxon';
import type { Actor } from '../../ports.ts';
import { awayAt, type AwayPeriod, type Person } from '../../store/away-repo.ts';
import type { Db } from '../../store/open-store.ts';

/** May `person` be sent something that needs them to act, at `at`? */
export type Availability = (person: Person, at: Date) => Promise<boolean>;

/** The default: everyone is available unless they said they are away. */
export function notAway(db: Db): Availability {
  return async (person, at) => (await awayAt(db, person, at)) === undefined;
}

/** Both rules must hold (e.g. not away, and within their working hours). */
export function bothOf(first: Availability, second: Availability): Availability {
  return async (person, at) => (await first(person, at)) && (await second(person, at));
}

/** "Fri 11 Dec" in the person's zone. */
export function formatDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL', { locale: 'en-GB' });
}

/** The last away day of a period (its end is the start of the first day back). */
export function lastAwayDay(period: AwayPeriod, zone: string): string {
  return formatDay(new Date(period.endsAt.getTime() - 1), zone);
}

/** "away until Fri 11 Dec", or "away from Mon 7 Dec until Fri 11 Dec" when it starts later. */
export function describeAway(period: AwayPeriod, zone: string, now: Date): string {
  const until = `until the end of ${lastAwayDay(period, zone)}`;
  return period.startsAt.getTime() > now.getTime() ? `away from ${formatDay(period.startsAt, zone)} ${until}` : `away ${until}`;
}

export const personOf = (actor: Actor): Person => ({ platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId });
