// The coach's own channel posts (so reactions and replies can be tied to them) and participation.

import type { Db } from './open-store.ts';
import type { Address, Platform } from '../ports.ts';

export interface PostRecord {
  ref: string;
  kind: string;
  itemId: string | null;
  localDate: string | null;
  addressKey: string;
}

export async function recordPost(
  db: Db,
  address: Address,
  post: { ref: string; kind: string; itemId?: string; localDate?: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto('posts')
    .values({
      platform: address.platform,
      workspace_id: address.workspaceId,
      ref: post.ref,
      address_key: address.key,
      kind: post.kind,
      item_id: post.itemId ?? null,
      local_date: post.localDate ?? null,
      posted_at: now.getTime(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findPost(db: Db, platform: Platform, workspaceId: string, ref: string): Promise<PostRecord | undefined> {
  const row = await db
    .selectFrom('posts')
    .select(['ref', 'kind', 'item_id', 'local_date', 'address_key'])
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('ref', '=', ref)
    .executeTakeFirst();
  return row && { ref: row.ref, kind: row.kind, itemId: row.item_id, localDate: row.local_date, addressKey: row.address_key };
}

/** Has this channel already had its `kind` post for that local day? (makes daily posts idempotent) */
export async function hasPostFor(db: Db, address: Address, kind: string, localDate: string): Promise<boolean> {
  const row = await db
    .selectFrom('posts')
    .select('ref')
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('kind', '=', kind)
    .where('local_date', '=', localDate)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
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
export async function recordParticipation(db: Db, event: ParticipationEvent): Promise<boolean> {
  const result = await db
    .insertInto('participation')
    .values({
      platform: event.platform,
      workspace_id: event.workspaceId,
      user_id: event.userId,
      kind: event.kind,
      address_key: event.addressKey ?? null,
      target: event.target ?? null,
      dedupe_key: event.dedupeKey,
      at: event.at.getTime(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function countParticipation(db: Db, platform: Platform, workspaceId: string, kind: string, target: string): Promise<number> {
  const row = await db
    .selectFrom('participation')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('target', '=', target)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
