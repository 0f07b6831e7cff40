// Managers (team leads) named with /coach managers add, besides COACH_MANAGERS and platform admins.

import type { Db } from './open-store.ts';
import type { Platform } from '../ports.ts';

export async function isStoredManager(db: Db, platform: Platform, workspaceId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('managers')
    .select('user_id')
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** User ids of the managers stored for a workspace, oldest first. */
export async function storedManagerIds(db: Db, platform: Platform, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('managers').select('user_id').where('platform', '=', platform).where('workspace_id', '=', workspaceId).orderBy('added_at').execute();
  return rows.map((r) => r.user_id);
}

export async function addManager(db: Db, platform: Platform, workspaceId: string, userId: string, addedBy: string, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('managers')
    .values({ platform, workspace_id: workspaceId, user_id: userId, added_by: addedBy, added_at: now.getTime() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function removeManager(db: Db, platform: Platform, workspaceId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('managers')
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
