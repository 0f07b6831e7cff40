// The coach's own channel posts (so reactions and replies can be tied to them) and participation.

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Address, Platform } from '../ports.ts';

export interface PostRecord {
  ref: string;
  kind: string;
  itemId: string | null;
  localDate: string | null;
  addressKey: string;
}

export function recordPost(
  db: Db,
  address: Address,
  post: { ref: string; kind: string; itemId?: string; localDate?: string },
  now: Date,
): void {
  stmt(
    db,
    `INSERT INTO posts (platform, workspace_id, ref, address_key, kind, item_id, local_date, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(address.platform, address.workspaceId, post.ref, address.key, post.kind, post.itemId ?? null, post.localDate ?? null, now.getTime());
}

export function findPost(db: Db, platform: Platform, workspaceId: string, ref: string): PostRecord | undefined {
  const row = stmt(db, `SELECT ref, kind, item_id, local_date, address_key FROM posts WHERE platform = ? AND workspace_id = ? AND ref = ?`).get(
    platform,
    workspaceId,
    ref,
  ) as { ref: string; kind: string; item_id: string | null; local_date: string | null; address_key: string } | undefined;
  return row && { ref: row.ref, kind: row.kind, itemId: row.item_id, localDate: row.local_date, addressKey: row.address_key };
}

/** Has this channel already had its `kind` post for that local day? (makes daily posts idempotent) */
export function hasPostFor(db: Db, address: Address, kind: string, localDate: string): boolean {
  return (
    stmt(db, `SELECT 1 FROM posts WHERE platform = ? AND workspace_id = ? AND address_key = ? AND kind = ? AND local_date = ? LIMIT 1`).get(
      address.platform,
      address.workspaceId,
      address.key,
      kind,
      localDate,
    ) !== undefined
  );
}

export interface ParticipationEvent {
  platform: Platform;
  workspaceId: string;
  userId: string;
  kind: 'ack' | 'reaction' | 'reply';
  addressKey?: string;
  target?: string;
  /** Same key twice counts once (retried events, a button pressed again). */
  dedupeKey: string;
  at: Date;
}

/** Returns false when the event was already recorded. */
export function recordParticipation(db: Db, event: ParticipationEvent): boolean {
  return (
    stmt(
      db,
      `INSERT INTO participation (platform, workspace_id, user_id, kind, address_key, target, dedupe_key, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    ).run(event.platform, event.workspaceId, event.userId, event.kind, event.addressKey ?? null, event.target ?? null, event.dedupeKey, event.at.getTime())
      .changes === 1
  );
}

export function countParticipation(db: Db, platform: Platform, workspaceId: string, kind: string, target: string): number {
  const row = stmt(db, `SELECT COUNT(DISTINCT user_id) AS n FROM participation WHERE platform = ? AND workspace_id = ? AND kind = ? AND target = ?`).get(
    platform,
    workspaceId,
    kind,
    target,
  ) as { n: number };
  return row.n;
}
