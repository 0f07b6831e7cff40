// The jobs table: schedule, claim, finish, retry, cancel. The scheduler is the only claimer.
// Claims are leases held by one replica (claimed_by, lease_until): every write that ends a claim
// checks it is still the holder's, so a replica whose lease was taken over never clobbers the
// new holder's work.

import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Db } from './open-store.ts';
import { param, runReusable } from './reusable-query.ts';
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
  /** When this occurrence was planned for; a retry does not move it (lateness is measured from it). */
  dueAt: Date;
  payload: unknown;
  attempts: number;
  idempotencyKey: string | null;
}

/** A job as claimed: `recovered` when an earlier claim ended without an outcome (crash, lost lease). */
export interface ClaimedJob extends Job {
  recovered: boolean;
}

/**
 * Where "now" comes from for claims and leases: the database's own clock (`'database'`: several
 * replicas on PostgreSQL, whose clocks may disagree) or a time the caller gives (one SQLite
 * process, and tests with an injected clock).
 */
export type ClaimTime = Date | 'database';

const JOB_COLUMNS = ['id', 'kind', 'platform', 'workspace_id', 'subject', 'due_at', 'original_due_at', 'payload', 'attempts', 'idempotency_key'] as const;

interface JobRow {
  id: number;
  kind: string;
  platform: Platform;
  workspace_id: string;
  subject: string;
  due_at: number;
  original_due_at: number | null;
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
  dueAt: new Date(Number(row.original_due_at ?? row.due_at)),
  payload: JSON.parse(row.payload),
  attempts: Number(row.attempts),
  idempotencyKey: row.idempotency_key,
});

/** Times as Dates, or (a reusable query's stand-ins) already as their slots; a payload already as JSON. */
type JobRowInput = Omit<NewJob, 'dueAt'> & { dueAt: Date | number; payloadJson?: string };
const millis = (at: Date | number): number => (at instanceof Date ? at.getTime() : at);

const insertJobs = (db: Db, jobs: readonly JobRowInput[], now: Date | number) =>
  db
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        kind: job.kind,
        platform: job.platform,
        workspace_id: job.workspaceId,
        subject: job.subject,
        due_at: millis(job.dueAt),
        original_due_at: millis(job.dueAt),
        payload: job.payloadJson ?? JSON.stringify(job.payload ?? {}),
        idempotency_key: job.idempotencyKey ?? null,
        created_at: millis(now),
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
          original_due_at: eb.ref('excluded.original_due_at'),
          payload: eb.ref('excluded.payload'),
          status: 'pending',
          attempts: 0,
          claimed_at: null,
          claimed_by: null,
          lease_until: null,
          claims: 0,
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
  // Compiled once per row count (reusable-query.ts): a ladder's five rows are written on every command.
  const values: Record<string, unknown> = { now: now.getTime() };
  const shape: JobRowInput[] = unique.map((job, i) => {
    Object.assign(values, {
      [`kind${i}`]: job.kind,
      [`platform${i}`]: job.platform,
      [`workspace${i}`]: job.workspaceId,
      [`subject${i}`]: job.subject,
      [`due${i}`]: job.dueAt.getTime(),
      [`payload${i}`]: JSON.stringify(job.payload ?? {}),
      [`key${i}`]: job.idempotencyKey ?? null,
    });
    return { kind: param(`kind${i}`), platform: param(`platform${i}`), workspaceId: param(`workspace${i}`), subject: param(`subject${i}`), dueAt: param(`due${i}`), payloadJson: param(`payload${i}`), idempotencyKey: param(`key${i}`) };
  });
  await runReusable(db, `scheduleJobs:${unique.length}`, () => insertJobs(db, shape, param('now')), values);
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
 * "This job is live" (pending or running), written out in the SQL rather than bound: SQLite can only
 * use the partial index jobs_live_subject when the statuses are literals (bound parameters in an IN
 * list never match the index's condition), and without it "every open promise has a live step",
 * run at start-up, scanned the whole jobs table once per promise: 100,000 promises never started.
 */
export function isLiveJob(alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.status`)} IN ('pending', 'running')`;
}

/** The time as milliseconds since the epoch, plus `plusMs`, from the chosen clock, for use in SQL. */
function timeAt(db: Db, at: ClaimTime, plusMs = 0): RawBuilder<number> {
  if (at !== 'database') return sql<number>`${at.getTime() + plusMs}`;
  const now = dialectOf(db) === 'postgres' ? sql`CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)` : sql`CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
  return plusMs === 0 ? sql<number>`${now}` : sql<number>`(${now} + ${plusMs})`;
}

/**
 * Claim up to `limit` due jobs and up to `limit` expired claims in one statement, oldest due first:
 * pending jobs that are due, and running jobs whose lease ran out (their holder died or hung: they are "recovered"). Each comes
 * back leased to `replicaId` for `leaseMs`. On PostgreSQL the rows are locked with SKIP LOCKED, so
 * replicas claiming at once never take the same job and never wait for each other; SQLite has a
 * single writer.
 */
export async function claimJobs(db: Db, options: { replicaId: string; limit: number; leaseMs: number; at: ClaimTime }): Promise<ClaimedJob[]> {
  const postgres = dialectOf(db) === 'postgres';
  const now = timeAt(db, options.at);
  const rows = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      claimed_at: now,
      claimed_by: options.replicaId,
      lease_until: timeAt(db, options.at, options.leaseMs),
      claims: eb('claims', '+', 1),
    }))
    .where('id', 'in', (eb) => {
      // Two searches, each on its own partial index, rather than one OR that sorts every due row
      // on each claim (measured on SQLite with 10,000 due: 2 ms a claim instead of 9).
      const lock = <Q extends { forUpdate(): { skipLocked(): Q } }>(query: Q): Q => (postgres ? query.forUpdate().skipLocked() : query);
      const due = lock(eb.selectFrom('jobs').select('id').where('status', '=', sql.lit('pending')).where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(options.limit));
      const expired = lock(eb.selectFrom('jobs').select('id').where('status', '=', sql.lit('running')).where('lease_until', '<', now).orderBy('due_at').orderBy('id').limit(options.limit));
      return eb.selectFrom(due.as('due')).select('due.id').unionAll(eb.selectFrom(expired.as('expired')).select('expired.id'));
    })
    .returning([...JOB_COLUMNS, 'claims'])
    .execute();
  return (rows as (JobRow & { claims: number })[])
    .sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.id) - Number(b.id))
    .map((row) => ({ ...toJob(row), recovered: Number(row.claims) > 1 }));
}

/** Extend this replica's leases on jobs still running. Returns how many are still held. */
export async function renewLeases(db: Db, ids: readonly number[], replicaId: string, at: ClaimTime, leaseMs: number): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: timeAt(db, at, leaseMs) })
    .where('id', 'in', ids)
    .where('status', '=', 'running')
    .where('claimed_by', '=', replicaId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Store a claimed job's outcome, if the claim is still `replicaId`'s. Returns false when another
 * replica took the job over after this one's lease ran out: its outcome is left alone.
 */
export async function finishJob(db: Db, id: number, replicaId: string, status: 'done' | 'skipped' | 'failed', now: Date, note?: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status, finished_at: now.getTime(), last_error: note ?? null, lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', replicaId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface JobFinish {
  id: number;
  status: 'done' | 'skipped' | 'failed';
  finishedAt: Date;
  note?: string;
}

/**
 * finishJob for many jobs in one statement (the scheduler's group commit of outcomes): each row is
 * finished only if its claim is still `replicaId`'s. Returns the ids that were, so the caller can
 * tell which outcomes another replica's takeover left alone.
 */
export async function finishJobs(db: Db, replicaId: string, finishes: readonly JobFinish[]): Promise<Set<number>> {
  if (finishes.length === 0) return new Set();
  // The rows travel as arrays (PostgreSQL) or one JSON text (SQLite), so the statement's text is
  // the same whatever the batch size: it stays prepared (one name per shape, see open-store.ts).
  const values =
    dialectOf(db) === 'postgres'
      ? sql`unnest(${finishes.map((f) => f.id)}::bigint[], ${finishes.map((f) => f.status)}::text[], ${finishes.map((f) => f.finishedAt.getTime())}::bigint[], ${finishes.map((f) => f.note ?? null)}::text[]) AS v (id, status, finished_at, note)`
      : sql`(SELECT value ->> 0 AS id, value ->> 1 AS status, value ->> 2 AS finished_at, value ->> 3 AS note FROM json_each(${JSON.stringify(finishes.map((f) => [f.id, f.status, f.finishedAt.getTime(), f.note ?? null]))})) AS v`;
  const result = await sql<{ id: number }>`
    UPDATE jobs SET status = v.status, finished_at = v.finished_at, last_error = v.note, lease_until = NULL
    FROM ${values}
    WHERE jobs.id = v.id AND jobs.status = 'running' AND jobs.claimed_by = ${replicaId}
    RETURNING jobs.id`.execute(db);
  return new Set(result.rows.map((row) => Number(row.id)));
}

/**
 * Put a claimed job back in the queue for another try `delayMs` from now. `countAttempt` is false
 * for a rate limit: the platform said "later", which is not a failure. False when not ours any more.
 */
export async function retryJob(
  db: Db,
  id: number,
  replicaId: string,
  /**
   * `mayHaveSent`: the attempt failed in a way that does not prove nothing went out (a timeout, a
   * 5xx, a reset connection: the platform may have posted before it failed), so the next claim runs
   * as recovered and looks first where the platform lets it. A 429 refused the call: nothing went.
   */
  retry: { at: ClaimTime; delayMs: number; error: string; countAttempt: boolean; mayHaveSent?: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'pending',
      attempts: retry.countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts'),
      due_at: timeAt(db, retry.at, retry.delayMs),
      last_error: retry.error,
      claimed_at: null,
      claimed_by: null,
      lease_until: null,
      // One claim already ended without knowing; the next makes two, and claims > 1 is "recovered".
      claims: retry.mayHaveSent ? 1 : 0,
    }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', replicaId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Hand claimed jobs back (a replica shutting down): pending again at their due time, lease cleared,
 * no attempt counted. `started` jobs had their handler running, so a send may have gone out: they
 * keep their claim count and run next as recovered (checking first); the others never began, so
 * their claim is forgotten.
 */
export async function releaseJobs(db: Db, replicaId: string, jobs: { started: readonly number[]; notStarted: readonly number[] }): Promise<number> {
  let released = 0;
  for (const [ids, started] of [[jobs.started, true], [jobs.notStarted, false]] as const) {
    if (ids.length === 0) continue;
    const result = await db
      .updateTable('jobs')
      .set((eb) => ({ status: 'pending', claimed_at: null, claimed_by: null, lease_until: null, claims: started ? eb.ref('claims') : eb('claims', '-', 1) }))
      .where('id', 'in', ids)
      .where('status', '=', 'running')
      .where('claimed_by', '=', replicaId)
      .executeTakeFirst();
    released += Number(result.numUpdatedRows);
  }
  return released;
}

export const FINISHED_STATUSES = ['done', 'skipped', 'failed', 'cancelled'] as const;

/**
 * Delete up to `limit` jobs that finished before `before`. Safe with several replicas sweeping at
 * once (PostgreSQL skips rows another sweep holds). A deleted job's idempotency key is free again:
 * keys name one occurrence (a day, a promise revision), which is never planned again that late.
 */
export async function deleteFinishedJobs(db: Db, before: Date, limit: number): Promise<number> {
  const postgres = dialectOf(db) === 'postgres';
  const result = await db
    .deleteFrom('jobs')
    .where('id', 'in', (eb) => {
      // Literal statuses, so SQLite can use the partial index jobs_finished (see isLiveJob).
      const old = eb.selectFrom('jobs').select('id').where('status', 'in', FINISHED_STATUSES.map((status) => sql.lit(status))).where('finished_at', '<', before.getTime()).limit(limit);
      return postgres ? old.forUpdate().skipLocked() : old;
    })
    .executeTakeFirst();
  return Number(result.numDeletedRows);
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
