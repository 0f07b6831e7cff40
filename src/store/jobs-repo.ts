// The jobs table: schedule, claim, finish, retry, cancel. The scheduler is the only claimer.

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
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
  id: row.id,
  kind: row.kind,
  platform: row.platform,
  workspaceId: row.workspace_id,
  subject: row.subject,
  dueAt: new Date(row.due_at),
  payload: JSON.parse(row.payload),
  attempts: row.attempts,
  idempotencyKey: row.idempotency_key,
});

const JOB_COLUMNS = '(kind, platform, workspace_id, subject, due_at, payload, idempotency_key, created_at)';
// A key whose job was cancelled is planned again: cancelling means "not wanted then", and
// re-subscribing to the same slot wants it again. A live or finished job with the key wins.
const ON_KEY_CONFLICT = `ON CONFLICT (idempotency_key) DO UPDATE SET
       kind = excluded.kind, platform = excluded.platform, workspace_id = excluded.workspace_id, subject = excluded.subject,
       due_at = excluded.due_at, payload = excluded.payload, status = 'pending', attempts = 0,
       claimed_at = NULL, finished_at = NULL, last_error = NULL, created_at = excluded.created_at
     WHERE jobs.status = 'cancelled'`;

const jobValues = (job: NewJob, now: Date): unknown[] => [
  job.kind,
  job.platform,
  job.workspaceId,
  job.subject,
  job.dueAt.getTime(),
  JSON.stringify(job.payload ?? {}),
  job.idempotencyKey ?? null,
  now.getTime(),
];

/**
 * Returns the job's id, or undefined when a live or finished job with the same idempotency key
 * exists (so a step never runs twice). A key whose job was cancelled is planned again.
 */
export function scheduleJob(db: Db, job: NewJob, now: Date): number | undefined {
  const row = stmt(db, `INSERT INTO jobs ${JOB_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${ON_KEY_CONFLICT} RETURNING id`).get(...jobValues(job, now)) as
    | { id: number }
    | undefined;
  return row?.id;
}

/**
 * Schedule several jobs, each as scheduleJob does (same keys, same conflicts), when their ids are not
 * needed: a promise's reminder ladder is written on every `/promise-callback`. Without RETURNING a
 * row costs about a third less; one multi-row INSERT was measured slower than separate ones.
 */
export function scheduleJobs(db: Db, jobs: readonly NewJob[], now: Date): void {
  const insert = stmt(db, `INSERT INTO jobs ${JOB_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${ON_KEY_CONFLICT}`);
  for (const job of jobs) insert.run(...jobValues(job, now));
}

/** Cancel the pending jobs about a subject (optionally only some kinds). Returns how many. */
export function cancelPendingJobs(db: Db, subject: string, now: Date, kinds?: readonly string[]): number {
  if (!kinds) {
    return stmt(db, `UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE subject = ? AND status = 'pending'`).run(now.getTime(), subject).changes;
  }
  let total = 0;
  for (const kind of kinds) {
    total += stmt(db, `UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE subject = ? AND kind = ? AND status = 'pending'`).run(now.getTime(), subject, kind).changes;
  }
  return total;
}

/** Atomically mark up to `limit` due jobs as running and return them, oldest due first. */
export function claimDueJobs(db: Db, now: Date, limit: number): Job[] {
  const rows = stmt(
    db,
    `UPDATE jobs SET status = 'running', claimed_at = ?
     WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?)
     RETURNING id, kind, platform, workspace_id, subject, due_at, payload, attempts, idempotency_key`,
  ).all(now.getTime(), now.getTime(), limit) as JobRow[];
  return rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

/**
 * Pending jobs of some kinds falling due after `after` (a due time and id, exclusive) and no later
 * than `until`, in due order. Read only: they stay pending, so cancelling one still works as usual.
 */
export function listUpcomingJobs(db: Db, kinds: readonly string[], after: { dueAt: number; id: number }, until: Date, limit: number): Job[] {
  const rows = stmt(
    db,
    `SELECT id, kind, platform, workspace_id, subject, due_at, payload, attempts, idempotency_key FROM jobs
     WHERE status = 'pending' AND due_at <= ? AND (due_at > ? OR (due_at = ? AND id > ?))
       AND kind IN (SELECT value FROM json_each(?))
     ORDER BY due_at, id LIMIT ?`,
  ).all(until.getTime(), after.dueAt, after.dueAt, after.id, JSON.stringify(kinds), limit) as JobRow[];
  return rows.map(toJob);
}

/** Claim these jobs if they are still pending and due; returns the ones claimed, as they are now. */
export function claimJobsById(db: Db, ids: readonly number[], now: Date): Job[] {
  const rows = stmt(
    db,
    `UPDATE jobs SET status = 'running', claimed_at = ?
     WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending' AND due_at <= ?
     RETURNING id, kind, platform, workspace_id, subject, due_at, payload, attempts, idempotency_key`,
  ).all(now.getTime(), JSON.stringify(ids), now.getTime()) as JobRow[];
  return rows.map(toJob);
}

export function finishJob(db: Db, id: number, status: 'done' | 'skipped' | 'failed', now: Date, note?: string): void {
  stmt(db, `UPDATE jobs SET status = ?, finished_at = ?, last_error = ? WHERE id = ?`).run(status, now.getTime(), note ?? null, id);
}

/** Put a job back in the queue for another attempt at `retryAt`. */
export function retryJob(db: Db, id: number, retryAt: Date, error: string): void {
  stmt(db, `UPDATE jobs SET status = 'pending', attempts = attempts + 1, due_at = ?, last_error = ?, claimed_at = NULL WHERE id = ?`).run(
    retryAt.getTime(),
    error,
    id,
  );
}

/** After a crash, jobs left 'running' were claimed but never finished: run them again (at-least-once). */
export function releaseAbandonedJobs(db: Db): number {
  return stmt(db, `UPDATE jobs SET status = 'pending', claimed_at = NULL WHERE status = 'running'`).run().changes;
}

export function pendingJobs(db: Db, filter: { subject?: string; kind?: string } = {}): Job[] {
  const rows = stmt(
    db,
    `SELECT id, kind, platform, workspace_id, subject, due_at, payload, attempts, idempotency_key FROM jobs
     WHERE status = 'pending' AND (@subject IS NULL OR subject = @subject) AND (@kind IS NULL OR kind = @kind) ORDER BY due_at, id`,
  ).all({ subject: filter.subject ?? null, kind: filter.kind ?? null }) as JobRow[];
  return rows.map(toJob);
}

export function nextDueAt(db: Db): Date | undefined {
  const row = stmt(db, `SELECT MIN(due_at) AS due FROM jobs WHERE status = 'pending'`).get() as { due: number | null };
  return row.due === null ? undefined : new Date(row.due);
}
