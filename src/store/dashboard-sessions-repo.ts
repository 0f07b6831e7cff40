// Dashboard sessions and single-use sign-in grants. Keys are stored as SHA-256 hashes of the random
// values the browser holds, so reading the database never yields a usable cookie or link.

import { createHash } from 'node:crypto';
import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

export interface DashboardSession {
  platform: Platform;
  workspaceId: string;
  userId: string;
  name: string | null;
  csrfToken: string;
  expiresAt: Date;
}

export function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export async function createSession(db: Db, id: string, session: DashboardSession, now: Date): Promise<void> {
  await db
    .insertInto('dashboard_sessions')
    .values({
      id_hash: hashKey(id),
      platform: session.platform,
      workspace_id: session.workspaceId,
      user_id: session.userId,
      name: session.name,
      csrf_token: session.csrfToken,
      created_at: now.getTime(),
      expires_at: session.expiresAt.getTime(),
    })
    .execute();
  // Housekeeping on sign-in, not on a timer: expired rows are useless and sign-ins are rare.
  await db.deleteFrom('dashboard_sessions').where('expires_at', '<=', now.getTime()).execute();
  await db.deleteFrom('dashboard_grants').where('expires_at', '<=', now.getTime()).execute();
}

/** The live session for a cookie id; undefined when unknown or expired. */
export async function findSession(db: Db, id: string, now: Date): Promise<DashboardSession | undefined> {
  const row = await db
    .selectFrom('dashboard_sessions')
    .selectAll()
    .where('id_hash', '=', hashKey(id))
    .where('expires_at', '>', now.getTime())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    platform: row.platform,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    name: row.name,
    csrfToken: row.csrf_token,
    expiresAt: new Date(Number(row.expires_at)),
  };
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('id_hash', '=', hashKey(id)).execute();
}

export async function saveGrant(db: Db, key: string, kind: string, data: Record<string, unknown>, expiresAt: Date): Promise<void> {
  await db.insertInto('dashboard_grants').values({ id_hash: hashKey(key), kind, data: JSON.stringify(data), expires_at: expiresAt.getTime() }).execute();
}

/** Take a grant once: it is deleted in the same statement, so a replayed link or state fails. */
export async function takeGrant(db: Db, key: string, kind: string, now: Date): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .deleteFrom('dashboard_grants')
    .where('id_hash', '=', hashKey(key))
    .where('kind', '=', kind)
    .returning(['data', 'expires_at'])
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= now.getTime()) return undefined;
  return JSON.parse(row.data) as Record<string, unknown>;
}
