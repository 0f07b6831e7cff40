// Running coach processes, each beating every few seconds. db:restore asks here whether a coach
// still uses the database it is about to overwrite; a crashed process stops beating and ages out.

import os from 'node:os';
import type { Db } from './open-store.ts';

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** No beat for this long: the process is gone (crashed, killed), its database free to restore. */
export const HEARTBEAT_STALE_MS = 20_000;

export async function beatInstance(db: Db, id: string, startedAt: Date, now: Date): Promise<void> {
  await db
    .insertInto('coach_instances')
    .values({ id, host: os.hostname(), pid: process.pid, started_at: startedAt.getTime(), beat_at: now.getTime() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ beat_at: now.getTime() }))
    .execute();
}

/** Rows of processes that died without saying so (a crash, SIGKILL), long after they stopped beating. */
export async function pruneInstances(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('coach_instances').where('beat_at', '<', before.getTime()).execute();
}

export async function removeInstance(db: Db, id: string): Promise<void> {
  await db.deleteFrom('coach_instances').where('id', '=', id).execute();
}

export interface LiveInstance {
  host: string;
  pid: number;
  beatAt: Date;
}

/** Instances that beat at or after `since`. */
export async function liveInstances(db: Db, since: Date): Promise<LiveInstance[]> {
  const rows = await db.selectFrom('coach_instances').select(['host', 'pid', 'beat_at']).where('beat_at', '>=', since.getTime()).execute();
  return rows.map((r) => ({ host: r.host, pid: Number(r.pid), beatAt: new Date(Number(r.beat_at)) }));
}
