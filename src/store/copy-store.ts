// Copies a whole store into another, empty one (SQLite to PostgreSQL, or back): every table in an
// order that satisfies the foreign keys, in batches, then identity counters moved past the copied
// ids and every table's row count compared. Refuses a target that holds any data.

import { sql } from 'kysely';
import { CodedError } from '../errors.ts';
import type { Database } from './database.ts';
import { dialectOf, type Db } from './open-store.ts';

type Table = Exclude<keyof Database, 'schema_migrations'>;

/** Parents before children; tables with a rowid/identity key are read by id, the rest by their key. */
const TABLES: { name: Table; key: readonly string[]; identity?: boolean }[] = [
  { name: 'channels', key: ['platform', 'workspace_id', 'address_key'] },
  { name: 'rotations', key: ['platform', 'workspace_id', 'address_key'] },
  { name: 'daily_picks', key: ['platform', 'workspace_id', 'address_key', 'local_date'] },
  { name: 'discussion_schedules', key: ['platform', 'workspace_id', 'address_key'] },
  { name: 'discussions', key: ['platform', 'workspace_id', 'address_key', 'local_date'] },
  { name: 'posts', key: ['platform', 'workspace_id', 'ref'] },
  { name: 'participation', key: ['id'], identity: true },
  { name: 'jobs', key: ['id'], identity: true },
  { name: 'managers', key: ['platform', 'workspace_id', 'user_id'] },
  { name: 'addresses', key: ['platform', 'workspace_id', 'kind', 'id'] },
  { name: 'people', key: ['platform', 'workspace_id', 'user_id'] },
  { name: 'seen_events', key: ['platform', 'workspace_id', 'event_id'] },
  { name: 'delivery_problems', key: ['platform', 'workspace_id', 'kind', 'address_key'] },
  { name: 'promises', key: ['id'], identity: true },
  { name: 'promise_events', key: ['id'], identity: true },
  { name: 'agent_tips', key: ['platform', 'workspace_id', 'agent_id'] },
  { name: 'channel_holidays', key: ['platform', 'workspace_id', 'address_key'] },
  { name: 'closed_days', key: ['platform', 'workspace_id', 'address_key', 'local_date'] },
  { name: 'working_hours', key: ['platform', 'workspace_id', 'user_id'] },
  // Dashboard sign-ins move too, so nobody is signed out by a move to PostgreSQL.
  { name: 'dashboard_sessions', key: ['id_hash'] },
  { name: 'dashboard_grants', key: ['id_hash'] },
  { name: 'audit_log', key: ['id'], identity: true },
  { name: 'away_periods', key: ['id'], identity: true },
  { name: 'handovers', key: ['id'], identity: true },
  { name: 'status_hints', key: ['platform', 'workspace_id', 'user_id'] },
  // Slack installs move with their (still encrypted) tokens: the same SLACK_TOKEN_ENCRYPTION_KEY reads them.
  { name: 'slack_installations', key: ['install_key'] },
  { name: 'slack_org_workspaces', key: ['team_id'] },
];

/** Every table `db:copy` copies (test/store/table-coverage.test.ts reads it). */
export const COPIED_TABLES: readonly (keyof Database)[] = TABLES.map((table) => table.name);

/**
 * The tables deliberately not copied, each with its reason. A new table goes either into TABLES or
 * here, with a reason: test/store/table-coverage.test.ts fails otherwise.
 */
export const NOT_COPIED_TABLES = [
  // The target writes its own: it is migrated (openStore) before the copy.
  'schema_migrations',
  // Per-second send counters, stale a second later.
  'send_budgets',
  // Replayed-signature guards for the signature window (minutes): the copy runs with the coach stopped.
  'seen_requests',
  // Which processes run on the source right now.
  'coach_instances',
] as const satisfies readonly (keyof Database)[];

/** Rows per INSERT: well under both dialects' limits on bound parameters (at most 21 columns). */
const BATCH = 1_000;

const countRows = async (db: Db, table: Table): Promise<number> =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

export interface CopyProgress {
  table: string;
  rows: number;
}

/** Both stores must be open and migrated. Returns the rows copied per table. */
export async function copyStore(from: Db, to: Db, onTable: (progress: CopyProgress) => void = () => {}): Promise<CopyProgress[]> {
  for (const { name } of TABLES) {
    const n = await countRows(to, name);
    if (n > 0) throw new CodedError('STORE_COPY_REFUSED', `The target already holds data (${n} rows in ${name}). Copy into an empty database.`);
  }
  const copied: CopyProgress[] = [];
  await to.transaction().execute(async (trx) => {
    for (const table of TABLES) {
      let rows = 0;
      if (table.identity) {
        let after = -1;
        for (;;) {
          const batch = (await from.selectFrom(table.name).selectAll().where(sql.ref('id'), '>', after).orderBy(sql.ref('id')).limit(BATCH).execute()) as Record<string, unknown>[];
          if (batch.length === 0) break;
          await trx.insertInto(table.name).values(batch).execute();
          rows += batch.length;
          after = Number(batch.at(-1)?.id);
        }
      } else {
        for (let offset = 0; ; offset += BATCH) {
          let query = from.selectFrom(table.name).selectAll();
          for (const column of table.key) query = query.orderBy(sql.ref(column));
          const batch = (await query.limit(BATCH).offset(offset).execute()) as Record<string, unknown>[];
          if (batch.length === 0) break;
          await trx.insertInto(table.name).values(batch).execute();
          rows += batch.length;
        }
      }
      if (table.identity && dialectOf(trx) === 'postgres') {
        // Ids were copied as they are: the next one the database hands out must come after them.
        await sql`SELECT setval(pg_get_serial_sequence(${table.name}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
      }
      copied.push({ table: table.name, rows });
      onTable({ table: table.name, rows });
    }
  });
  // Fresh statistics, so the planner knows the copied tables' sizes from the first query on. Only
  // our tables: a bare ANALYZE walks every schema in the database and waits on other users' locks.
  if (dialectOf(to) === 'postgres') await sql`ANALYZE ${sql.join(TABLES.map((t) => sql.table(t.name)))}`.execute(to);
  for (const { name } of TABLES) {
    const [a, b] = await Promise.all([countRows(from, name), countRows(to, name)]);
    if (a !== b) throw new CodedError('STORE_COPY_MISMATCH', `Row counts differ after the copy: ${name} has ${a} rows in the source and ${b} in the target.`);
  }
  return copied;
}
