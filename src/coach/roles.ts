// Who is a manager (team lead)? Named in COACH_MANAGERS, added with /coach managers add, or a
// workspace admin as the platform reports it (Slack admins/owners). In the console the local user is.

import type { Config } from '../config.ts';
import type { Actor, Platform } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { isStoredManager, storedManagerIds } from '../store/managers-repo.ts';

export { addManager, removeManager } from '../store/managers-repo.ts';

export async function isManager(db: Db, config: Config, actor: Actor): Promise<boolean> {
  if (actor.platform === 'console' || actor.isAdmin) return true;
  if (config.managers.includes(actor.userId)) return true;
  return isStoredManager(db, actor.platform, actor.workspaceId, actor.userId);
}

/** The managers the coach can reach in a workspace (for escalations and digests). */
export async function listManagers(db: Db, config: Config, platform: Platform, workspaceId: string): Promise<Actor[]> {
  const stored = await storedManagerIds(db, platform, workspaceId);
  const ids = [...new Set([...config.managers, ...stored])];
  return ids.map((userId) => ({ platform, workspaceId, userId }));
}
