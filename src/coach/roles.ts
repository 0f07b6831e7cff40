// Who is a manager (team lead)? Named in COACH_MANAGERS, added with /coach managers add, or a
// workspace admin as the platform reports it (Slack admins/owners). In the console the local user is.

import type { Config } from '../config.ts';
import type { Actor, Platform } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { stmt } from '../store/statements.ts';

export function isManager(db: Db, config: Config, actor: Actor): boolean {
  if (actor.platform === 'console' || actor.isAdmin) return true;
  if (config.managers.includes(actor.userId)) return true;
  return (
    stmt(db, `SELECT 1 FROM managers WHERE platform = ? AND workspace_id = ? AND user_id = ?`).get(actor.platform, actor.workspaceId, actor.userId) !==
    undefined
  );
}

/** The managers the coach can reach in a workspace (for escalations and digests). */
export function listManagers(db: Db, config: Config, platform: Platform, workspaceId: string): Actor[] {
  const stored = (stmt(db, `SELECT user_id FROM managers WHERE platform = ? AND workspace_id = ? ORDER BY added_at`).all(platform, workspaceId) as {
    user_id: string;
  }[]).map((r) => r.user_id);
  const ids = [...new Set([...config.managers, ...stored])];
  return ids.map((userId) => ({ platform, workspaceId, userId }));
}

export function addManager(db: Db, platform: Platform, workspaceId: string, userId: string, addedBy: string, now: Date): boolean {
  return (
    stmt(db, `INSERT INTO managers (platform, workspace_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(
      platform,
      workspaceId,
      userId,
      addedBy,
      now.getTime(),
    ).changes === 1
  );
}

export function removeManager(db: Db, platform: Platform, workspaceId: string, userId: string): boolean {
  return stmt(db, `DELETE FROM managers WHERE platform = ? AND workspace_id = ? AND user_id = ?`).run(platform, workspaceId, userId).changes === 1;
}
