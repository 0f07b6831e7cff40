// The jobs table: schedule, claim, finish, retry, cancel. The scheduler is the only claimer.

import { sql } from 'kysely';
import { dialectOf, type Db } from './open-store.ts';
import type { Platform } from '../ports.ts';

export interface NewJob {
  kind: string;
  platform: Platform;
  workspaceId: string;
  subject: string;
  dueAt: Date;
  payload?: unknown;
  /** Scheduling the same key twice is a no-op: the first row wins. */
  idempotencyKey?: string;
}

export interface Job {
  id: number;
  kind: string;
  platform: Platform;
  workspaceId: string;
  subject: string;
  dueAt: Date;
  payload: unknown;
  attempts: number;
  idempotencyKey: string | null;
}

const JOB_COLUMNS = ['id', 'kind', 'platform', 'workspace_id', 'subject', 'due_at', 'payload', 'attempts', 'idempotency_key'] as const;

interface JobRow {
  id: number;
  kind: string;
  platform: Platform;
  workspace_id: string;
  subject: string;
  due_at: number;
  payload: string;
  attempts: number;
  idempotency_key: string | null;
}

const toJob = (row: JobRow): Job => ({
  id: Number(row.id),
  kind: row.kind,
  platform: row.platform,
  workspaceId: row.workspace_id,
  subject: row.subject,
  dueAt: new Date(Number(row.due_at)),
  payload: JSON.parse(row.payload),
  attempts: Number(row.attempts),
  idempotencyKey: row.idempotency_key,
});

const insertJobs = (db: Db, jobs: readonly NewJob[], now: Date) =>
  db
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        kind: job.kind,
        platform: job.platform,
        workspace_id: job.workspaceId,
        subject: job.subject,
        due_at: job.dueAt.getTime(),
        payload: JSON.stringify(job.payload ?? {}),
        idempotency_key: job.idempotencyKey ?? null,
        created_at: now.getTime(),
      })),
    )
    // A key whose job was cancelled is planned again: cancelling means "not wanted then", and
    // re-subscribing to the same slot wants it again. A live or finished job with the key wins.
    .onConflict((oc) =>
      oc
        .column('idempotency_key')
        .doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          platform: eb.ref('excluded.platform'),
          workspace_id: eb.ref('excluded.workspace_id'),
          subject: eb.ref('excluded.subject'),
          due_at: eb.ref('excluded.due_at'),
          payload: eb.ref('excluded.payload'),
          status: 'pending',
          attempts: 0,
          claimed_at: null,
          finished_at: null,
          last_error: null,
          created_at: eb.ref('excluded.created_at'),
        }))
        .where('jobs.status', '=', 'cancelled'),
    );

/**
 * Returns the job's id, or undefined when a live or finished job with the same idempotency key
 * exists (so a step never runs twice). A key whose job was cancelled is planned again.
 */
export async function scheduleJob(db: Db, job: NewJob, now: Date): Promise<number | undefined> {
  const row = await insertJobs(db, [job], now).returning('id').executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/**
 * Schedule several jobs, each as scheduleJob does (same keys, same conflicts), when their ids are not
 * needed: a promise's reminder ladder is written on every `/promise-callback`, in one statement.
 */
export async function scheduleJobs(db: Db, jobs: readonly NewJob[], now: Date): Promise<void> {
  if (jobs.length === 0) return;
  // Two rows with the same key in one statement would make PostgreSQL refuse it (a row cannot be
  // affected twice by ON CONFLICT DO UPDATE): the first one wins, as with separate statements.
  const seen = new Set<string>();
  const unique = jobs.filter((job) => !job.idempotencyKey || (!seen.has(job.idempotencyKey) && seen.add(job.idempotencyKey)));
  await insertJobs(db, unique, now).execute();
}

/** Cancel the pending jobs about a subject (optionally only some kinds). Returns how many. */
export async function cancelPendingJobs(db: Db, subject: string, now: Date, kinds?: readonly string[]): Promise<number> {
  if (kinds && kinds.length === 0) return 0;
  let query = db.updateTable('jobs').set({ status: 'cancelled', finished_at: now.getTime() }).where('subject', '=', subject).where('status', '=', 'pending');
  if (kinds) query = query.where('kind', 'in', kinds);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Atomically mark up to `limit` due jobs as running and return them, oldest due first. On
 * PostgreSQL the rows are locked with SKIP LOCKED, so two processes claiming at once never take
 * the same job and never wait for each other; SQLite has a single writer.
 */
export async function claimDueJobs(db: Db, now: Date, limit: number): Promise<Job[]> {
  const postgres = dialectOf(db) === 'postgres';
  const rows = await db
    .updateTable('jobs')
    .set({ status: 'running', claimed_at: now.getTime() })
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('due_at', '<=', now.getTime())
        .orderBy('due_at')
        .orderBy('id')
        .limit(limit);
      return postgres ? due.forUpdate().skipLocked() : due;
    })
    .returning(JOB_COLUMNS)
    .execute();
  return (rows as JobRow[]).map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

export async function finishJob(db: Db, id: number, status: 'done' | 'skipped' | 'failed', now: Date, note?: string): Promise<void> {
  await db.updateTable('jobs').set({ status, finished_at: now.getTime(), last_error: note ?? null }).where('id', '=', id).execute();
}

/** Put a job back in the queue for another attempt at `retryAt`. */
export async function retryJob(db: Db, id: number, retryAt: Date, error: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({ status: 'pending', attempts: eb('attempts', '+', 1), due_at: retryAt.getTime(), last_error: error, claimed_at: null }))
    .where('id', '=', id)
    .execute();
}

/** After a crash, jobs left 'running' were claimed but never finished: run them again (at-least-once). */
export async function releaseAbandonedJobs(db: Db): Promise<number> {
  const result = await db.updateTable('jobs').set({ status: 'pending', claimed_at: null }).where('status', '=', 'running').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function pendingJobs(db: Db, filter: { subject?: string; kind?: string } = {}): Promise<Job[]> {
  let query = db.selectFrom('jobs').select(JOB_COLUMNS).where('status', '=', 'pending');
  if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  const rows = await query.orderBy('due_at').orderBy('id').execute();
  return (rows as JobRow[]).map(toJob);
}

export async function nextDueAt(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select(sql<number | null>`MIN(due_at)`.as('due'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.due === null ? undefined : new Date(Number(row.due));
}

/** The earliest pending job of each subject (what happens next to a promise or channel). */
export async function nextPendingJobs(db: Db, subjects: readonly string[]): Promise<Map<string, Job>> {
  const next = new Map<string, Job>();
  if (subjects.length === 0) return next;
  for (let i = 0; i < subjects.length; i += 500) {
    const rows = await db
      .selectFrom('jobs')
      .select(JOB_COLUMNS)
      .where('status', '=', 'pending')
      .where('subject', 'in', subjects.slice(i, i + 500))
      .orderBy('due_at')
      .orderBy('id')
      .execute();
    for (const row of rows) if (!next.has(row.subject)) next.set(row.subject, toJob(row));
  }
  return next;
}
