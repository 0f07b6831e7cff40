// Out of office: the periods people set with `/coach away until …` (or accepted from their Slack
// status), and which out-of-office status each person was already asked about.

import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

export interface Person {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

export interface AwayPeriod {
  id: number;
  userId: string;
  startsAt: Date;
  /** Exclusive: the start of the person's first day back. */
  endsAt: Date;
  setBy: string;
}

export const toPeriod = (r: { id: number; user_id: string; starts_at: number; ends_at: number; set_by: string }): AwayPeriod => ({
  id: Number(r.id),
  userId: r.user_id,
  startsAt: new Date(Number(r.starts_at)),
  endsAt: new Date(Number(r.ends_at)),
  setBy: r.set_by,
});

/** Replace any period of theirs that has not ended yet with this one (one away period at a time). */
export async function setAway(db: Db, who: Person, period: { startsAt: Date; endsAt: Date; setBy: string }, now: Date): Promise<AwayPeriod> {
  await endAway(db, who, now);
  const row = await db
    .insertInto('away_periods')
    .values({
      platform: who.platform,
      workspace_id: who.workspaceId,
      user_id: who.userId,
      starts_at: period.startsAt.getTime(),
      ends_at: period.endsAt.getTime(),
      set_by: period.setBy,
      created_at: now.getTime(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPeriod(row);
}

/** The equality filter for one person's rows (away periods and status hints are keyed alike). */
const isPerson = (who: Person) => ({ platform: who.platform, workspace_id: who.workspaceId, user_id: who.userId });

/** Back now: a period still running ends now; one still to come is dropped. Returns whether one was. */
export async function endAway(db: Db, who: Person, now: Date): Promise<boolean> {
  const at = now.getTime();
  const ended = await db
    .updateTable('away_periods')
    .where((eb) => eb.and(isPerson(who)))
    .where('ends_at', '>', at)
    .where('starts_at', '<=', at)
    .set({ ends_at: at })
    .executeTakeFirst();
  const dropped = await db
    .deleteFrom('away_periods')
    .where((eb) => eb.and(isPerson(who)))
    .where('starts_at', '>', at)
    .executeTakeFirst();
  return Number(ended.numUpdatedRows) + Number(dropped.numDeletedRows) > 0;
}

/** The period they are away in at `at`, if any. */
export async function awayAt(db: Db, who: Person, at: Date): Promise<AwayPeriod | undefined> {
  const row = await db
    .selectFrom('away_periods')
    .selectAll()
    .where((eb) => eb.and(isPerson(who)))
    .where('starts_at', '<=', at.getTime())
    .where('ends_at', '>', at.getTime())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && toPeriod(row);
}

/** Their current or next away period (for `/coach me`). */
export async function currentOrNextAway(db: Db, who: Person, now: Date): Promise<AwayPeriod | undefined> {
  const row = await db
    .selectFrom('away_periods')
    .selectAll()
    .where((eb) => eb.and(isPerson(who)))
    .where('ends_at', '>', now.getTime())
    .orderBy('starts_at')
    .executeTakeFirst();
  return row && toPeriod(row);
}

/** Every period in a workspace that overlaps [from, to) (the managers' stats). */
export async function awayPeriodsOverlapping(db: Db, platform: Platform, workspaceId: string, from: Date, to: Date): Promise<AwayPeriod[]> {
  const rows = await db
    .selectFrom('away_periods')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('starts_at', '<', to.getTime())
    .where('ends_at', '>', from.getTime())
    .orderBy('starts_at')
    .execute();
  return rows.map(toPeriod);
}

/**
 * Remember that the person was asked about this status. True the first time for this status
 * (ask them), false when they were already asked about it (stay quiet).
 */
export async function firstAskAbout(db: Db, who: Person, statusKey: string, now: Date): Promise<boolean> {
  const existing = await db
    .selectFrom('status_hints')
    .select('status_key')
    .where((eb) => eb.and(isPerson(who)))
    .executeTakeFirst();
  if (existing?.status_key === statusKey) return false;
  await db
    .insertInto('status_hints')
    .values({ platform: who.platform, workspace_id: who.workspaceId, user_id: who.userId, status_key: statusKey, asked_at: now.getTime() })
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'user_id']).doUpdateSet({ status_key: statusKey, asked_at: now.getTime() }))
    .execute();
  return true;
}
