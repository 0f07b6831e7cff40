// A person's availability as stored: their own hours (or the default) in their zone.

import type { Platform } from '../../ports.ts';
import type { Db } from '../../store/open-store.ts';
import { findWorkingHours } from '../../store/working-hours-repo.ts';
import { DEFAULT_HOURS, type Availability } from './working-hours.ts';

export async function availabilityOf(db: Db, person: { platform: Platform; workspaceId: string; userId: string }, zone: string): Promise<Availability> {
  const hours = await findWorkingHours(db, person.platform, person.workspaceId, person.userId);
  return { hours: hours ?? DEFAULT_HOURS, zone };
}
