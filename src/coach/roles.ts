// Who is a manager (team lead)? Named in COACH_MANAGERS, added with /coach managers add, or a
// workspace admin as the platform reports it (Slack admins/owners). In the console the local user is.

import type { Config } from '../config.ts';
import type { Actor, Outbound, Platform } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { isStoredManager, storedManagerIds } from '../store/managers-repo.ts';
import { personNames, seenAdmins } from '../store/people-repo.ts';
import { mention } from './mentions.ts';
import { privateMessage } from './messages.ts';

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

/** Everyone who counts as a manager in a workspace that we can name. */
export async function managerIds(deps: { db: Db; config: Config }, platform: Actor['platform'], workspaceId: string): Promise<string[]> {
  const named = (await listManagers(deps.db, deps.config, platform, workspaceId)).map((m) => m.userId);
  const admins = (await seenAdmins(deps.db)).filter((a) => a.platform === platform && a.workspaceId === workspaceId).map((a) => a.userId);
  return [...new Set([...named, ...admins])];
}

/** The answer for someone who asked for team numbers but is not a manager: who can, and what they can see. */
export async function managersOnly(deps: { db: Db; config: Config }, actor: Actor, lead = 'Team stats are for managers.'): Promise<Outbound> {
  const ids = await managerIds(deps, actor.platform, actor.workspaceId);
  const who =
    ids.length === 0
      ? 'No manager is set up yet: a workspace admin can add one with `/coach managers add @name`.'
      : `Ask ${joinNames(await mentionAll(deps.db, actor, ids))}.`;
  return privateMessage(`${lead} ${who} You can always see your own numbers with \`/coach me\`.`);
}

/** Mentions with the names the coach has seen, so every platform can show who is meant. */
export async function mentionAll(db: Db, actor: Actor, ids: readonly string[]): Promise<string[]> {
  const names = await personNames(db, actor.platform, actor.workspaceId);
  return ids.map((id) => mention(id, names.get(id)));
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
