// Weekly discussion schedules per channel and the discussions opened (one per channel per day).

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Address, Platform } from '../ports.ts';

export interface DiscussionSchedule {
  weekday: number; // ISO: Monday = 1 … Sunday = 7
  time: string; // 'HH:MM' in the channel's zone
  enabled: boolean;
  nextPosition: number;
}

export const DEFAULT_DISCUSSION: Omit<DiscussionSchedule, 'nextPosition'> = { weekday: 2, time: '10:00', enabled: true };

export function findDiscussionSchedule(db: Db, address: Address): DiscussionSchedule | undefined {
  const row = stmt(db, `SELECT weekday, time, enabled, next_position FROM discussion_schedules WHERE platform = ? AND workspace_id = ? AND address_key = ?`).get(
    address.platform,
    address.workspaceId,
    address.key,
  ) as { weekday: number; time: string; enabled: number; next_position: number } | undefined;
  return row && { weekday: row.weekday, time: row.time, enabled: row.enabled === 1, nextPosition: row.next_position };
}

/** The channel's schedule, created with the defaults (Tuesday 10:00) the first time. The channel row must exist. */
export function ensureDiscussionSchedule(db: Db, address: Address, now: Date): DiscussionSchedule {
  stmt(
    db,
    `INSERT INTO discussion_schedules (platform, workspace_id, address_key, weekday, time, enabled, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT DO NOTHING`,
  ).run(address.platform, address.workspaceId, address.key, DEFAULT_DISCUSSION.weekday, DEFAULT_DISCUSSION.time, now.getTime());
  return findDiscussionSchedule(db, address) as DiscussionSchedule;
}

export function saveDiscussionSchedule(db: Db, address: Address, settings: { weekday?: number; time?: string; enabled: boolean }, now: Date): DiscussionSchedule {
  ensureDiscussionSchedule(db, address, now);
  stmt(
    db,
    `UPDATE discussion_schedules SET weekday = COALESCE(?, weekday), time = COALESCE(?, time), enabled = ?, updated_at = ?
     WHERE platform = ? AND workspace_id = ? AND address_key = ?`,
  ).run(settings.weekday ?? null, settings.time ?? null, settings.enabled ? 1 : 0, now.getTime(), address.platform, address.workspaceId, address.key);
  return findDiscussionSchedule(db, address) as DiscussionSchedule;
}

export function advanceDiscussionPosition(db: Db, address: Address, nextPosition: number): void {
  stmt(db, `UPDATE discussion_schedules SET next_position = ? WHERE platform = ? AND workspace_id = ? AND address_key = ?`).run(
    nextPosition,
    address.platform,
    address.workspaceId,
    address.key,
  );
}

export interface Discussion {
  platform: Platform;
  workspaceId: string;
  addressKey: string;
  localDate: string;
  lineId: string;
  ref: string | null;
  openedAt: Date | null;
  closesAt: Date | null;
  wrappedAt: Date | null;
  participants: number | null;
}

interface DiscussionRow {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  local_date: string;
  line_id: string;
  ref: string | null;
  opened_at: number | null;
  closes_at: number | null;
  wrapped_at: number | null;
  participants: number | null;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const toDiscussion = (r: DiscussionRow): Discussion => ({
  platform: r.platform,
  workspaceId: r.workspace_id,
  addressKey: r.address_key,
  localDate: r.local_date,
  lineId: r.line_id,
  ref: r.ref,
  openedAt: date(r.opened_at),
  closesAt: date(r.closes_at),
  wrappedAt: date(r.wrapped_at),
  participants: r.participants,
});

export function findDiscussionOn(db: Db, address: Address, localDate: string): Discussion | undefined {
  const row = stmt(db, `SELECT * FROM discussions WHERE platform = ? AND workspace_id = ? AND address_key = ? AND local_date = ?`).get(
    address.platform,
    address.workspaceId,
    address.key,
    localDate,
  ) as DiscussionRow | undefined;
  return row && toDiscussion(row);
}

export function findDiscussionByRef(db: Db, platform: Platform, workspaceId: string, ref: string): Discussion | undefined {
  const row = stmt(db, `SELECT * FROM discussions WHERE platform = ? AND workspace_id = ? AND ref = ?`).get(platform, workspaceId, ref) as DiscussionRow | undefined;
  return row && toDiscussion(row);
}

export function insertDiscussion(db: Db, address: Address, localDate: string, lineId: string): void {
  stmt(db, `INSERT INTO discussions (platform, workspace_id, address_key, local_date, line_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(
    address.platform,
    address.workspaceId,
    address.key,
    localDate,
    lineId,
  );
}

export function markDiscussionPosted(db: Db, address: Address, localDate: string, ref: string, openedAt: Date, closesAt: Date): void {
  stmt(db, `UPDATE discussions SET ref = ?, opened_at = ?, closes_at = ? WHERE platform = ? AND workspace_id = ? AND address_key = ? AND local_date = ?`).run(
    ref,
    openedAt.getTime(),
    closesAt.getTime(),
    address.platform,
    address.workspaceId,
    address.key,
    localDate,
  );
}

export function markDiscussionWrapped(db: Db, platform: Platform, workspaceId: string, ref: string, participants: number, now: Date): void {
  stmt(db, `UPDATE discussions SET wrapped_at = ?, participants = ? WHERE platform = ? AND workspace_id = ? AND ref = ?`).run(
    now.getTime(),
    participants,
    platform,
    workspaceId,
    ref,
  );
}
