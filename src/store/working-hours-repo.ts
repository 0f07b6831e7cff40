// A person's own working hours (no row: the default, 09:00–17:00 on weekdays).

import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

export interface StoredHours {
  start: string;
  end: string;
  days: string;
}

export async function findWorkingHours(db: Db, platform: Platform, workspaceId: string, userId: string): Promise<StoredHours | undefined> {
  const row = await db
    .selectFrom('working_hours')
    .select(['start_time', 'end_time', 'days'])
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && { start: row.start_time, end: row.end_time, days: row.days };
}

export async function saveWorkingHours(db: Db, platform: Platform, workspaceId: string, userId: string, hours: StoredHours, now: Date): Promise<void> {
  const values = { start_time: hours.start, end_time: hours.end, days: hours.days, updated_at: now.getTime() };
  await db
    .insertInto('working_hours')
    .values({ platform, workspace_id: workspaceId, user_id: userId, ...values })
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'user_id']).doUpdateSet(values))
    .execute();
}

export async function clearWorkingHours(db: Db, platform: Platform, workspaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('working_hours').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}
