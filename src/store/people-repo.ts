// People as the coach last saw them: a display name for stats rows and CSV, the IANA zone for a
// manager's Monday digest, and whether the platform called them an admin (Slack admins/owners).

import type { Db } from './open-store.ts';
import type { Actor, Platform } from '../ports.ts';

export async function rememberPerson(db: Db, actor: Actor, now: Date): Promise<void> {
  await db
    .insertInto('people')
    .values({
      platform: actor.platform,
      workspace_id: actor.workspaceId,
      user_id: actor.userId,
      name: actor.name ?? null,
      tz: actor.tz ?? null,
      is_admin: actor.isAdmin ? 1 : 0,
      seen_at: now.getTime(),
    })
    .onConflict((oc) =>
      oc.columns(['platform', 'workspace_id', 'user_id']).doUpdateSet((eb) => ({
        name: eb.fn.coalesce('excluded.name', 'people.name'),
        tz: eb.fn.coalesce('excluded.tz', 'people.tz'),
        is_admin: eb.ref('excluded.is_admin'),
        seen_at: eb.ref('excluded.seen_at'),
      })),
    )
    .execute();
}

export async function findPerson(db: Db, platform: Platform, workspaceId: string, userId: string): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('people')
    .select(['user_id', 'name', 'tz', 'is_admin'])
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toActor(platform, workspaceId, row);
}

/** Display names by user id for a workspace (only people the coach has seen with a name). */
export async function personNames(db: Db, platform: Platform, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('people')
    .select(['user_id', 'name'])
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('name', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.name as string]));
}

/** People seen as platform admins, per workspace (they count as managers and get the digest). */
export async function seenAdmins(db: Db): Promise<Actor[]> {
  const rows = await db.selectFrom('people').select(['platform', 'workspace_id', 'user_id', 'name', 'tz', 'is_admin']).where('is_admin', '=', 1).execute();
  return rows.map((r) => toActor(r.platform, r.workspace_id, r));
}

interface PersonRow {
  user_id: string;
  name: string | null;
  tz: string | null;
  is_admin: number;
}

const toActor = (platform: Platform, workspaceId: string, row: PersonRow): Actor => ({
  platform,
  workspaceId,
  userId: row.user_id,
  ...(row.name ? { name: row.name } : {}),
  ...(row.tz ? { tz: row.tz } : {}),
  ...(Number(row.is_admin) ? { isAdmin: true } : {}),
});

/** Every workspace the coach knows of: from channels, stored managers and people seen. */
export async function knownWorkspaces(db: Db): Promise<{ platform: Platform; workspaceId: string }[]> {
  const rows = await db
    .selectFrom('channels')
    .select(['platform', 'workspace_id'])
    .union(db.selectFrom('managers').select(['platform', 'workspace_id']))
    .union(db.selectFrom('people').select(['platform', 'workspace_id']))
    .execute();
  return rows.map((r) => ({ platform: r.platform, workspaceId: r.workspace_id }));
}

/** Everyone seen in a workspace, as last seen. */
export async function peopleIn(db: Db, platform: Platform, workspaceId: string): Promise<Actor[]> {
  const rows = await db.selectFrom('people').select(['user_id', 'name', 'tz', 'is_admin']).where('platform', '=', platform).where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => toActor(platform, workspaceId, r));
}
