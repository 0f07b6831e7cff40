// A person's availability as stored: their own hours (or the default) in their zone.

import type { Platform } from '../../ports.ts';
import type { Db } from '../../store/open-store.ts';
import { findPerson } from '../../store/people-repo.ts';
import { findWorkingHours } from '../../store/working-hours-repo.ts';
import type { Availability as MayAsk } from './away.ts';
import { DEFAULT_HOURS, isWorking, type Availability } from './working-hours.ts';

export async function availabilityOf(db: Db, person: { platform: Platform; workspaceId: string; userId: string }, zone: string): Promise<Availability> {
  const hours = await findWorkingHours(db, person.platform, person.workspaceId, person.userId);
  return { hours: hours ?? DEFAULT_HOURS, zone };
}

/** The working-hours rule for routing: within their own hours (or the default) in their zone. */
export function withinHours(db: Db, defaultZone: string): MayAsk {
  return async (person, at) => {
    const known = await findPerson(db, person.platform, person.workspaceId, person.userId);
    return isWorking(await availabilityOf(db, person, known?.tz ?? defaultZone), at);
  };
}
