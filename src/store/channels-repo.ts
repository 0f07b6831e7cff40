// Channels the coach knows, with their zone and daily-post subscription.

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Address, Platform } from '../ports.ts';
import type { PostDays } from '../coach/daily-schedule.ts';

export interface Channel {
  platform: Platform;
  workspaceId: string;
  key: string;
  label: string | null;
  timezone: string;
  postTime: string;
  postDays: PostDays;
  subscribed: boolean;
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
}

const toChannel = (row: ChannelRow): Channel => ({
  platform: row.platform,
  workspaceId: row.workspace_id,
  key: row.address_key,
  label: row.label,
  timezone: row.timezone,
  postTime: row.post_time,
  postDays: row.post_days,
  subscribed: row.subscribed === 1,
});

export function findChannel(db: Db, address: Address): Channel | undefined {
  const row = stmt(db, `SELECT * FROM channels WHERE platform = ? AND workspace_id = ? AND address_key = ?`).get(
    address.platform,
    address.workspaceId,
    address.key,
  ) as ChannelRow | undefined;
  return row && toChannel(row);
}

/** The channel's row, created with the given zone when the coach meets it for the first time. */
export function ensureChannel(db: Db, address: Address, timezone: string, now: Date): Channel {
  stmt(
    db,
    `INSERT INTO channels (platform, workspace_id, address_key, label, timezone, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET label = COALESCE(excluded.label, label)`,
  ).run(address.platform, address.workspaceId, address.key, address.label ?? null, timezone, now.getTime());
  return findChannel(db, address) as Channel;
}

export function saveSubscription(
  db: Db,
  address: Address,
  settings: { subscribed: boolean; timezone?: string; postTime?: string; postDays?: PostDays },
  changedBy: string,
  now: Date,
): Channel {
  stmt(
    db,
    `UPDATE channels SET subscribed = ?, timezone = COALESCE(?, timezone), post_time = COALESCE(?, post_time),
       post_days = COALESCE(?, post_days), changed_by = ?, updated_at = ?
     WHERE platform = ? AND workspace_id = ? AND address_key = ?`,
  ).run(
    settings.subscribed ? 1 : 0,
    settings.timezone ?? null,
    settings.postTime ?? null,
    settings.postDays ?? null,
    changedBy,
    now.getTime(),
    address.platform,
    address.workspaceId,
    address.key,
  );
  return findChannel(db, address) as Channel;
}

export function channelAddress(channel: Channel): Address {
  return { platform: channel.platform, workspaceId: channel.workspaceId, key: channel.key, label: channel.label ?? undefined };
}
