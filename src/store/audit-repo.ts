// The audit log: who changed a shared setting, when, and from what to what. Rows are only ever
// added (an erasure rewrites the actor to an anonymous id, never deletes the row).

import type { Db } from './open-store.ts';
import type { Platform } from '../ports.ts';

export interface AuditEntry {
  platform: Platform;
  workspaceId: string;
  actorId: string;
  at: Date;
  /** 'subscribe', 'unsubscribe', 'discussion', 'managers.add', 'managers.remove', 'promise.done'… */
  action: string;
  /** What was changed: a channel key, a user id, a promise number. */
  subject: string;
  before: string | null;
  after: string | null;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      platform: entry.platform,
      workspace_id: entry.workspaceId,
      actor_id: entry.actorId,
      at: entry.at.getTime(),
      action: entry.action,
      subject: entry.subject,
      before: entry.before,
      after: entry.after,
    })
    .execute();
}

/** A workspace's changes since `since`, newest first. */
export async function listAudit(db: Db, platform: Platform, workspaceId: string, since: Date, limit: number): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('at', '>=', since.getTime())
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    platform: r.platform,
    workspaceId: r.workspace_id,
    actorId: r.actor_id,
    at: new Date(Number(r.at)),
    action: r.action,
    subject: r.subject,
    before: r.before,
    after: r.after,
  }));
}
