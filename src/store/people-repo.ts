// People as the coach last saw them: a display name for stats rows and CSV, the IANA zone for a
// manager's Monday digest, and whether the platform called them an admin (Slack admins/owners).

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Actor, Platform } from '../ports.ts';

export function rememberPerson(db: Db, actor: Actor, now: Date): void {
  stmt(
    db,
    `INSERT INTO people (platform, workspace_id, user_id, name, tz, is_admin, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET name = COALESCE(excluded.name, name), tz = COALESCE(excluded.tz, tz),
       is_admin = excluded.is_admin, seen_at = excluded.seen_at`,
  ).run(actor.platform, actor.workspaceId, actor.userId, actor.name ?? null, actor.tz ?? null, actor.isAdmin ? 1 : 0, now.getTime());
}

export function findPerson(db: Db, platform: Platform, workspaceId: string, userId: string): Actor | undefined {
  const row = stmt(db, `SELECT user_id, name, tz, is_admin FROM people WHERE platform = ? AND workspace_id = ? AND user_id = ?`).get(
    platform,
    workspaceId,
    userId,
  ) as PersonRow | undefined;
  return row && toActor(platform, workspaceId, row);
}

/** Display names by user id for a workspace (only people the coach has seen with a name). */
export function personNames(db: Db, platform: Platform, workspaceId: string): Map<string, string> {
  const rows = stmt(db, `SELECT user_id, name FROM people WHERE platform = ? AND workspace_id = ? AND name IS NOT NULL`).all(platform, workspaceId) as {
    user_id: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.user_id, r.name]));
}

/** People seen as platform admins, per workspace (they count as managers and get the digest). */
export function seenAdmins(db: Db): Actor[] {
  const rows = stmt(db, `SELECT platform, workspace_id, user_id, name, tz, is_admin FROM people WHERE is_admin = 1`).all() as (PersonRow & {
    platform: Platform;
    workspace_id: string;
  })[];
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
  ...(row.is_admin ? { isAdmin: true } : {}),
});
