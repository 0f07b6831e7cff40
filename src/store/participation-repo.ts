// Participation from platform events (reactions, thread replies) and the weekly sums stats read.
// Acks from the "Got it" button are recorded by the principles feature through posts-repo.

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Platform } from '../ports.ts';

/** Remember a platform event id; false when it was already handled (a retried delivery). */
export function markEventSeen(db: Db, platform: Platform, workspaceId: string, eventId: string, now: Date): boolean {
  return (
    stmt(db, `INSERT INTO seen_events (platform, workspace_id, event_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(
      platform,
      workspaceId,
      eventId,
      now.getTime(),
    ).changes === 1
  );
}

/** Platforms retry within minutes; ids older than this are forgotten so the table stays small. */
export const SEEN_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function forgetSeenEvents(db: Db, now: Date): number {
  return stmt(db, `DELETE FROM seen_events WHERE at < ?`).run(now.getTime() - SEEN_EVENT_RETENTION_MS).changes;
}

/** One reaction per person per post, whatever emoji and however often it is added. */
export function reactionDedupeKey(platform: Platform, workspaceId: string, userId: string, ref: string): string {
  return `reaction:${platform}:${workspaceId}:${userId}:${ref}`;
}

export function removeParticipation(db: Db, dedupeKey: string): boolean {
  return stmt(db, `DELETE FROM participation WHERE dedupe_key = ?`).run(dedupeKey).changes === 1;
}

export interface ParticipationCounts {
  userId: string;
  acks: number;
  reactions: number;
  replies: number;
}

/**
 * Per person: acks, reactions and replies in [from, to), optionally in one channel. Answered from
 * the participation_stats covering index (platform, workspace_id, at, user_id, kind, address_key).
 */
export function participationByPerson(db: Db, platform: Platform, workspaceId: string, from: Date, to: Date, addressKey?: string): ParticipationCounts[] {
  const rows = stmt(
    db,
    `SELECT user_id,
            SUM(kind = 'ack') AS acks, SUM(kind = 'reaction') AS reactions, SUM(kind = 'reply') AS replies
       FROM participation INDEXED BY participation_stats
      WHERE platform = ? AND workspace_id = ? AND at >= ? AND at < ? AND (? IS NULL OR address_key = ?)
      GROUP BY user_id`,
  ).all(platform, workspaceId, from.getTime(), to.getTime(), addressKey ?? null, addressKey ?? null) as {
    user_id: string;
    acks: number;
    reactions: number;
    replies: number;
  }[];
  return rows.map((r) => ({ userId: r.user_id, acks: r.acks, reactions: r.reactions, replies: r.replies }));
}

/** Has anything been recorded in this workspace since `from`? (a quiet workspace gets no digest) */
export function hasParticipationSince(db: Db, platform: Platform, workspaceId: string, from: Date): boolean {
  return stmt(db, `SELECT 1 FROM participation WHERE platform = ? AND workspace_id = ? AND at >= ? LIMIT 1`).get(platform, workspaceId, from.getTime()) !== undefined;
}
