// Weekly discussion schedules per channel and the discussions opened (one per channel per day).

import type { Db } from './open-store.ts';
import type { Address, Platform } from '../ports.ts';

export interface DiscussionSchedule {
  weekday: number; // ISO: Monday = 1 … Sunday = 7
  time: string; // 'HH:MM' in the channel's zone
  enabled: boolean;
  nextPosition: number;
}

export const DEFAULT_DISCUSSION: Omit<DiscussionSchedule, 'nextPosition'> = { weekday: 2, time: '10:00', enabled: true };

const byChannel = (address: Address) => ({ platform: address.platform, workspace_id: address.workspaceId, address_key: address.key });

export async function findDiscussionSchedule(db: Db, address: Address): Promise<DiscussionSchedule | undefined> {
  const row = await db
    .selectFrom('discussion_schedules')
    .select(['weekday', 'time', 'enabled', 'next_position'])
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .executeTakeFirst();
  return row && { weekday: Number(row.weekday), time: row.time, enabled: Number(row.enabled) === 1, nextPosition: Number(row.next_position) };
}

/** The channel's schedule, created with the defaults (Tuesday 10:00) the first time. The channel row must exist. */
export async function ensureDiscussionSchedule(db: Db, address: Address, now: Date): Promise<DiscussionSchedule> {
  await db
    .insertInto('discussion_schedules')
    .values({ ...byChannel(address), weekday: DEFAULT_DISCUSSION.weekday, time: DEFAULT_DISCUSSION.time, enabled: 1, updated_at: now.getTime() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await findDiscussionSchedule(db, address)) as DiscussionSchedule;
}

export async function saveDiscussionSchedule(db: Db, address: Address, settings: { weekday?: number; time?: string; enabled: boolean }, now: Date): Promise<DiscussionSchedule> {
  await ensureDiscussionSchedule(db, address, now);
  await db
    .updateTable('discussion_schedules')
    .set({
      ...(settings.weekday !== undefined ? { weekday: settings.weekday } : {}),
      ...(settings.time !== undefined ? { time: settings.time } : {}),
      enabled: settings.enabled ? 1 : 0,
      updated_at: now.getTime(),
    })
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .execute();
  return (await findDiscussionSchedule(db, address)) as DiscussionSchedule;
}

export async function advanceDiscussionPosition(db: Db, address: Address, nextPosition: number): Promise<void> {
  await db
    .updateTable('discussion_schedules')
    .set({ next_position: nextPosition })
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .execute();
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

const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
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
  participants: r.participants === null ? null : Number(r.participants),
});

export async function findDiscussionOn(db: Db, address: Address, localDate: string): Promise<Discussion | undefined> {
  const row = await db
    .selectFrom('discussions')
    .selectAll()
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('local_date', '=', localDate)
    .executeTakeFirst();
  return row && toDiscussion(row);
}

export async function findDiscussionByRef(db: Db, platform: Platform, workspaceId: string, ref: string): Promise<Discussion | undefined> {
  const row = await db.selectFrom('discussions').selectAll().where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('ref', '=', ref).executeTakeFirst();
  return row && toDiscussion(row);
}

/** Discussions posted and not yet wrapped up (their wrap-up job must exist). */
export async function listOpenDiscussions(db: Db): Promise<Discussion[]> {
  const rows = await db.selectFrom('discussions').selectAll().where('ref', 'is not', null).where('wrapped_at', 'is', null).execute();
  return rows.map(toDiscussion);
}

export async function insertDiscussion(db: Db, address: Address, localDate: string, lineId: string): Promise<void> {
  await db
    .insertInto('discussions')
    .values({ ...byChannel(address), local_date: localDate, line_id: lineId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function markDiscussionPosted(db: Db, address: Address, localDate: string, ref: string, openedAt: Date, closesAt: Date): Promise<void> {
  await db
    .updateTable('discussions')
    .set({ ref, opened_at: openedAt.getTime(), closes_at: closesAt.getTime() })
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('local_date', '=', localDate)
    .execute();
}

export async function markDiscussionWrapped(db: Db, platform: Platform, workspaceId: string, ref: string, participants: number, now: Date): Promise<void> {
  await db
    .updateTable('discussions')
    .set({ wrapped_at: now.getTime(), participants })
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('ref', '=', ref)
    .execute();
}
