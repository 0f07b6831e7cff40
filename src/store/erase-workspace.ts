// The end of an uninstalled workspace's history: once its retention period has passed without a
// reinstall, every row the coach keeps for that workspace goes, in one transaction. Nothing is
// kept as counts: the team that owned them has left.

import { sql } from 'kysely';
import type { Platform } from '../ports.ts';
import type { Database } from './database.ts';
import { dialectOf, inTransaction, type Db } from './open-store.ts';

/** Rows that hang off a promise (by promise_id): they go with it, before it. */
const PROMISE_CHILD_TABLES = ['promise_events', 'handovers'] as const satisfies readonly (keyof Database)[];

/** Every table keyed by (platform, workspace_id) but promises and jobs (below). */
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

/** Every table an erasure empties of the workspace's rows (test/store/table-coverage.test.ts reads it). */
export const ERASED_WITH_WORKSPACE: readonly (keyof Database)[] = [...PROMISE_CHILD_TABLES, 'promises', ...WORKSPACE_TABLES, 'jobs'];

/**
 * The tables an erasure deliberately leaves alone, each with its reason. A new table goes either
 * into the lists above or here, with a reason: test/store/table-coverage.test.ts fails otherwise.
 */
export const KEPT_AFTER_WORKSPACE_ERASURE = [
  // The store's own migration record: no team's data.
  'schema_migrations',
  // Per-second send counters (a platform and a scope, no content): swept within seconds anyway.
  'send_budgets',
  // Hashes of signed requests, kept only for the signature window (a few minutes) to refuse replays.
  'seen_requests',
  // Which coach processes are running now: about the deployment, not about any team.
  'coach_instances',
  // Single-use grants (sign-in links, Slack install state) that expire within minutes; not keyed by workspace.
  'dashboard_grants',
  // Deleted when the app is uninstalled (adapters/slack), before the retention period even starts.
  'slack_installations',
  // Which Enterprise Grid org a Slack team belongs to (two ids and when seen, nothing about people):
  // routes the team's requests under an org-wide install, which outlives one team's uninstall.
  'slack_org_workspaces',
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
      for (const table of PROMISE_CHILD_TABLES) {
        rows += Number((await trx.deleteFrom(table).where('promise_id', 'in', promiseIds).executeTakeFirst()).numDeletedRows);
      }
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
