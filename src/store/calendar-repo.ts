// A channel's calendar: the public-holiday region it follows and the team's own closed days.

import type { Address } from '../ports.ts';
import type { Db } from './open-store.ts';

export interface ChannelCalendarRows {
  region: string | undefined;
  /** Closed days from `from` on (YYYY-MM-DD, local to the channel), in order. */
  closedDays: string[];
}

const ofChannel = (address: Address) => ({ platform: address.platform, workspace_id: address.workspaceId, address_key: address.key });

export async function loadCalendarRows(db: Db, address: Address, from: string): Promise<ChannelCalendarRows> {
  const region = await db
    .selectFrom('channel_holidays')
    .select('region')
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .executeTakeFirst();
  const closed = await db
    .selectFrom('closed_days')
    .select('local_date')
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('local_date', '>=', from)
    .orderBy('local_date')
    .execute();
  return { region: region?.region, closedDays: closed.map((r) => r.local_date) };
}

/** Set (or, with undefined, clear) the channel's holiday region. */
export async function saveHolidayRegion(db: Db, address: Address, region: string | undefined, changedBy: string, now: Date): Promise<void> {
  const key = ofChannel(address);
  if (region === undefined) {
    await db.deleteFrom('channel_holidays').where('platform', '=', key.platform).where('workspace_id', '=', key.workspace_id).where('address_key', '=', key.address_key).execute();
    return;
  }
  await db
    .insertInto('channel_holidays')
    .values({ ...key, region, changed_by: changedBy, updated_at: now.getTime() })
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'address_key']).doUpdateSet({ region, changed_by: changedBy, updated_at: now.getTime() }))
    .execute();
}

export async function addClosedDays(db: Db, address: Address, days: readonly string[], addedBy: string, now: Date): Promise<void> {
  if (days.length === 0) return;
  const key = ofChannel(address);
  await db
    .insertInto('closed_days')
    .values(days.map((local_date) => ({ ...key, local_date, added_by: addedBy, added_at: now.getTime() })))
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'address_key', 'local_date']).doNothing())
    .execute();
}

/** Remove closed days; returns how many there were. */
export async function removeClosedDays(db: Db, address: Address, days: readonly string[]): Promise<number> {
  if (days.length === 0) return 0;
  const result = await db
    .deleteFrom('closed_days')
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('local_date', 'in', [...days])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
