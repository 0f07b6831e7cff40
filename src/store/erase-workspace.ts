// The end of an uninstalled workspace's history: once its retention period has passed without a
// reinstall, every row the coach keeps for that workspace goes, in one transaction. Nothing is
// kept as counts: the team that owned them has left.

import { sql } from 'kysely';
import type { Platform } from '../ports.ts';
import type { Database } from './database.ts';
import { dialectOf, inTransaction, type Db } from './open-store.ts';

/** Every table keyed by (platform, workspace_id) but jobs (below). Rows that hang off a promise go with it. */
const WORKSPACE_TABLES = [
  'channels',
  'rotations',
  'daily_picks',
  'posts',
  'participation',
  'managers',
  'addresses',
  'seen_events',
  'discussion_schedules',
  'discussions',
  'people',
  'delivery_problems',
  'dashboard_sessions',
  'audit_log',
  'agent_tips',
  'channel_holidays',
  'closed_days',
  'working_hours',
  'away_periods',
  'status_hints',
] as const satisfies readonly (keyof Database)[];

/** `keepJobKind`: the job doing the erasing stays, so its own outcome can still be recorded. */
export async function eraseWorkspace(db: Db, platform: Platform, workspaceId: string, keepJobKind?: string): Promise<number> {
  // SQLite: overwrite freed pages with zeros, as an erasure on request does (erase-person.ts).
  const sqlite = dialectOf(db) === 'sqlite' && !db.isTransaction;
  if (sqlite) await sql`PRAGMA secure_delete = ON`.execute(db);
  try {
    return await inTransaction(db, async (trx) => {
      const promiseIds = trx.selectFrom('promises').select('id').where('platform', '=', platform).where('workspace_id', '=', workspaceId);
      let rows = 0;
      rows += Number((await trx.deleteFrom('promise_events').where('promise_id', 'in', promiseIds).executeTakeFirst()).numDeletedRows);
      rows += Number((await trx.deleteFrom('handovers').where('promise_id', 'in', promiseIds).executeTakeFirst()).numDeletedRows);
      rows += Number((await trx.deleteFrom('promises').where('platform', '=', platform).where('workspace_id', '=', workspaceId).executeTakeFirst()).numDeletedRows);
      for (const table of WORKSPACE_TABLES) {
        const result = await trx.deleteFrom(table).where('platform', '=', platform).where('workspace_id', '=', workspaceId).executeTakeFirst();
        rows += Number(result.numDeletedRows);
      }
      if (keepJobKind) {
        rows += Number((await trx.deleteFrom('jobs').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('kind', '!=', keepJobKind).executeTakeFirst()).numDeletedRows);
      }
      return rows;
    });
  } finally {
    if (sqlite) await sql`PRAGMA secure_delete = OFF`.execute(db);
  }
}
