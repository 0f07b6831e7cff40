// Participation from platform events (reactions, thread replies) and the weekly sums stats read.
// Acks from the "Got it" button are recorded by the principles feature through posts-repo.

import { sql } from 'kysely';
import { dialectOf, type Db } from './open-store.ts';
import type { Platform } from '../ports.ts';

/** Remember a platform event id; false when it was already handled (a retried delivery). */
export async function markEventSeen(db: Db, platform: Platform, workspaceId: string, eventId: string, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('seen_events')
    .values({ platform, workspace_id: workspaceId, event_id: eventId, at: now.getTime() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Platforms retry within minutes; ids older than this are forgotten so the table stays small. */
export const SEEN_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function forgetSeenEvents(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('seen_events').where('at', '<', now.getTime() - SEEN_EVENT_RETENTION_MS).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** One reaction per person per post, whatever emoji and however often it is added. */
export function reactionDedupeKey(platform: Platform, workspaceId: string, userId: string, ref: string): string {
  return `reaction:${platform}:${workspaceId}:${userId}:${ref}`;
}

export async function removeParticipation(db: Db, dedupeKey: string): Promise<boolean> {
  const result = await db.deleteFrom('participation').where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export interface ParticipationCounts {
  userId: string;
  acks: number;
  reactions: number;
  replies: number;
}

/**
 * Per person: acks, reactions and replies in [from, to), optionally in one channel. On SQLite it
 * is answered from the participation_stats covering index (platform, workspace_id, at, user_id,
 * kind, address_key), named because SQLite's planner otherwise picks the target index.
 */
export async function participationByPerson(db: Db, platform: Platform, workspaceId: string, from: Date, to: Date, addressKey?: string): Promise<ParticipationCounts[]> {
  const table = dialectOf(db) === 'sqlite' ? sql`participation INDEXED BY participation_stats` : sql`participation`;
  const { rows } = await sql<{ user_id: string; acks: number; reactions: number; replies: number }>`
    SELECT user_id,
           COUNT(*) FILTER (WHERE kind = 'ack') AS acks,
           COUNT(*) FILTER (WHERE kind = 'reaction') AS reactions,
           COUNT(*) FILTER (WHERE kind = 'reply') AS replies
      FROM ${table}
     WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND at >= ${from.getTime()} AND at < ${to.getTime()}
       ${addressKey === undefined ? sql`` : sql`AND address_key = ${addressKey}`}
     GROUP BY user_id`.execute(db);
  return rows.map((r) => ({ userId: r.user_id, acks: Number(r.acks), reactions: Number(r.reactions), replies: Number(r.replies) }));
}

/** Has anything been recorded in this workspace since `from`? (a quiet workspace gets no digest) */
export async function hasParticipationSince(db: Db, platform: Platform, workspaceId: string, from: Date): Promise<boolean> {
  const row = await db
    .selectFrom('participation')
    .select('id')
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('at', '>=', from.getTime())
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
