// What /metrics and /readyz read from the store at scrape time: job counts by kind and state,
// promise counts, and whether the schema is the one this code expects.

import { sql } from 'kysely';
import type { Db } from './open-store.ts';

export interface JobCounts {
  kind: string;
  pending: number;
  due: number;
  running: number;
}

/** Live jobs by kind: pending (due or not), due now (pending and past their time), running. */
export async function countLiveJobs(db: Db, now: Date): Promise<JobCounts[]> {
  const t = now.getTime();
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [
      'kind',
      sql<number>`SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END)`.as('pending'),
      sql<number>`SUM(CASE WHEN status = 'pending' AND due_at <= ${t} THEN 1 ELSE 0 END)`.as('due'),
      sql<number>`SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END)`.as('running'),
      eb.fn.countAll().as('n'),
    ])
    .where('status', 'in', ['pending', 'running'])
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, pending: Number(r.pending), due: Number(r.due), running: Number(r.running) }));
}

/** Open promises, and those of them already past their deadline. */
export async function countOpenPromises(db: Db, now: Date): Promise<{ open: number; overdue: number }> {
  const row = await db
    .selectFrom('promises')
    .select([sql<number>`COUNT(*)`.as('open'), sql<number>`SUM(CASE WHEN deadline_at < ${now.getTime()} THEN 1 ELSE 0 END)`.as('overdue')])
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue ?? 0) };
}

/** The newest migration applied, or 0 on an empty database. Throws when the database does not answer. */
export async function schemaVersion(db: Db): Promise<number> {
  try {
    const row = await db.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    return Number(row?.v ?? 0);
  } catch (error) {
    // The database answers but has no tables yet: schema version 0, not "unreachable".
    const e = error as { code?: string; message?: string };
    if (e?.code === '42P01' || /no such table: schema_migrations/.test(e?.message ?? '')) return 0;
    throw error;
  }
}
