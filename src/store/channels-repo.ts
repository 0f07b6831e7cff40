// Channels the coach knows, with their zone and daily-post subscription.

import type { Db } from './open-store.ts';
import type { Address, Platform } from '../ports.ts';
import type { PostDays } from './database.ts';
import { channelSubjectSql, discussionSubjectSql } from './job-subjects.ts';

export interface Channel {
  platform: Platform;
  workspaceId: string;
  key: string;
  label: string | null;
  timezone: string;
  postTime: string;
  postDays: PostDays;
  subscribed: boolean;
  /** Why the coach paused this channel (it was archived, the coach was removed…), if it did. */
  pausedReason: string | null;
}

interface ChannelRow {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  label: string | null;
  timezone: string;
  post_time: string;
  post_days: PostDays;
  subscribed: number;
  paused_reason: string | null;
}

const toChannel = (row: ChannelRow): Channel => ({
  platform: row.platform,
  workspaceId: row.workspace_id,
  key: row.address_key,
  label: row.label,
  timezone: row.timezone,
  postTime: row.post_time,
  postDays: row.post_days,
  subscribed: Number(row.subscribed) === 1,
  pausedReason: row.paused_reason,
});

const CHANNEL_COLUMNS = ['platform', 'workspace_id', 'address_key', 'label', 'timezone', 'post_time', 'post_days', 'subscribed', 'paused_reason'] as const;

export async function findChannel(db: Db, address: Address): Promise<Channel | undefined> {
  const row = await db
    .selectFrom('channels')
    .select(CHANNEL_COLUMNS)
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .executeTakeFirst();
  return row && toChannel(row);
}

/** The channel's row, created with the given zone when the coach meets it for the first time. */
export async function ensureChannel(db: Db, address: Address, timezone: string, now: Date): Promise<Channel> {
  const row = await db
    .insertInto('channels')
    .values({ platform: address.platform, workspace_id: address.workspaceId, address_key: address.key, label: address.label ?? null, timezone, updated_at: now.getTime() })
    .onConflict((oc) =>
      oc.columns(['platform', 'workspace_id', 'address_key']).doUpdateSet((eb) => ({ label: eb.fn.coalesce('excluded.label', 'channels.label') })),
    )
    .returning(CHANNEL_COLUMNS)
    .executeTakeFirstOrThrow();
  return toChannel(row);
}

export async function saveSubscription(
  db: Db,
  address: Address,
  settings: { subscribed: boolean; timezone?: string; postTime?: string; postDays?: PostDays },
  changedBy: string,
  now: Date,
): Promise<Channel> {
  const row = await db
    .updateTable('channels')
    .set({
      subscribed: settings.subscribed ? 1 : 0,
      // Whoever sets the subscription now decides: the coach's own pause no longer applies.
      paused_reason: null,
      ...(settings.timezone !== undefined ? { timezone: settings.timezone } : {}),
      ...(settings.postTime !== undefined ? { post_time: settings.postTime } : {}),
      ...(settings.postDays !== undefined ? { post_days: settings.postDays } : {}),
      changed_by: changedBy,
      updated_at: now.getTime(),
    })
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .returning(CHANNEL_COLUMNS)
    .executeTakeFirstOrThrow();
  return toChannel(row);
}

/**
 * Stop a channel's schedule because the coach can no longer post there (archived, removed),
 * keeping who subscribed it. True when this call paused it (it was subscribed), so one replica
 * reports it.
 */
export async function pauseChannel(db: Db, address: Address, reason: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('channels')
    .set({ subscribed: 0, paused_reason: reason, updated_at: now.getTime() })
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('subscribed', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Who last subscribed or changed the channel's schedule (a user id on its platform), if anyone. */
export async function channelChangedBy(db: Db, address: Address): Promise<string | undefined> {
  const row = await db
    .selectFrom('channels')
    .select('changed_by')
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .executeTakeFirst();
  return row?.changed_by ?? undefined;
}

/**
 * Subscribed channels with no live job of `kind` about them: a daily post to plan, or (with
 * 'discussion') a weekly discussion, for channels that have not turned discussions off.
 */
export async function subscribedChannelsWithoutJob(db: Db, kind: string, subject: 'channel' | 'discussion'): Promise<Channel[]> {
  let query = db
    .selectFrom('channels as c')
    .leftJoin('discussion_schedules as s', (join) =>
      join.onRef('s.platform', '=', 'c.platform').onRef('s.workspace_id', '=', 'c.workspace_id').onRef('s.address_key', '=', 'c.address_key'),
    )
    .select(CHANNEL_COLUMNS.map((column) => `c.${column}` as const))
    .where('c.subscribed', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jobs as j')
            .select('j.id')
            .where('j.kind', '=', kind)
            .where('j.status', 'in', ['pending', 'running'])
            .where('j.subject', '=', subject === 'channel' ? channelSubjectSql('c') : discussionSubjectSql('c')),
        ),
      ),
    );
  if (subject === 'discussion') query = query.where((eb) => eb(eb.fn.coalesce('s.enabled', eb.lit(1)), '=', 1));
  const rows = await query.execute();
  return rows.map(toChannel);
}

/** The workspace's first subscribed channel (the home view shows its principle), if any. */
export async function firstSubscribedChannelKey(db: Db, platform: Platform, workspaceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('channels')
    .select('address_key')
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('subscribed', '=', 1)
    .orderBy('updated_at')
    .limit(1)
    .executeTakeFirst();
  return row?.address_key;
}

export function channelAddress(channel: Channel): Address {
  return { platform: channel.platform, workspaceId: channel.workspaceId, key: channel.key, label: channel.label ?? undefined };
}

/**
 * The zone of the named channel, else the workspace's first subscribed channel, else any of its
 * channels; undefined when the coach knows none.
 */
export async function workspaceZone(db: Db, platform: Platform, workspaceId: string, addressKey?: string): Promise<string | undefined> {
  let query = db.selectFrom('channels').select('timezone').where('platform', '=', platform).where('workspace_id', '=', workspaceId);
  if (addressKey !== undefined) query = query.where('address_key', '=', addressKey);
  const row = await query.orderBy('subscribed', 'desc').orderBy('updated_at').limit(1).executeTakeFirst();
  return row?.timezone;
}
