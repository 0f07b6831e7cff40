// Callback promises and their history. Every query that a person can reach filters by platform AND
// workspace, so a user of workspace A can never see or touch workspace B's promise.

import type { Actor, Platform } from '../ports.ts';
import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';

export type PromiseStatus = 'open' | 'kept' | 'late' | 'missed' | 'cancelled';
export type ClosedStatus = Exclude<PromiseStatus, 'open'>;

export interface CallbackPromise {
  id: number;
  platform: Platform;
  workspaceId: string;
  agentId: string;
  agentName: string | null;
  agentTz: string;
  addressKey: string | null;
  /** Null once erased after the retention period. */
  who: string | null;
  note: string | null;
  createdAt: Date;
  originalDueAt: Date;
  dueAt: Date;
  deadlineAt: Date;
  status: PromiseStatus;
  closedAt: Date | null;
  closedBy: string | null;
  renegotiated: boolean;
  attempts: number;
  revision: number;
  tipId: string | null;
  purgedAt: Date | null;
}

interface PromiseRow {
  id: number;
  platform: Platform;
  workspace_id: string;
  agent_id: string;
  agent_name: string | null;
  agent_tz: string;
  address_key: string | null;
  who: string | null;
  note: string | null;
  created_at: number;
  original_due_at: number;
  due_at: number;
  deadline_at: number;
  status: PromiseStatus;
  closed_at: number | null;
  closed_by: string | null;
  renegotiated: number;
  attempts: number;
  revision: number;
  tip_id: string | null;
  purged_at: number | null;
}

const toPromise = (r: PromiseRow): CallbackPromise => ({
  id: r.id,
  platform: r.platform,
  workspaceId: r.workspace_id,
  agentId: r.agent_id,
  agentName: r.agent_name,
  agentTz: r.agent_tz,
  addressKey: r.address_key,
  who: r.who,
  note: r.note,
  createdAt: new Date(r.created_at),
  originalDueAt: new Date(r.original_due_at),
  dueAt: new Date(r.due_at),
  deadlineAt: new Date(r.deadline_at),
  status: r.status,
  closedAt: r.closed_at === null ? null : new Date(r.closed_at),
  closedBy: r.closed_by,
  renegotiated: r.renegotiated === 1,
  attempts: r.attempts,
  revision: r.revision,
  tipId: r.tip_id,
  purgedAt: r.purged_at === null ? null : new Date(r.purged_at),
});

/** The agent as an Actor, to DM them reminders. */
export function agentOf(p: CallbackPromise): Actor {
  return { platform: p.platform, workspaceId: p.workspaceId, userId: p.agentId, name: p.agentName ?? undefined, tz: p.agentTz };
}

export interface NewPromise {
  agent: Actor;
  tz: string;
  addressKey?: string;
  who: string;
  note: string | null;
  dueAt: Date;
  tipId: string | null;
  createdAt: Date;
}

export function insertPromise(db: Db, p: NewPromise): CallbackPromise {
  const row: Omit<PromiseRow, 'id'> = {
    platform: p.agent.platform,
    workspace_id: p.agent.workspaceId,
    agent_id: p.agent.userId,
    agent_name: p.agent.name ?? null,
    agent_tz: p.tz,
    address_key: p.addressKey ?? null,
    who: p.who,
    note: p.note,
    created_at: p.createdAt.getTime(),
    original_due_at: p.dueAt.getTime(),
    due_at: p.dueAt.getTime(),
    deadline_at: p.dueAt.getTime(),
    // The columns' defaults, written out: the row is built here, not read back (a SELECT per
    // /promise-callback saved; RETURNING * was measured slower than either).
    status: 'open',
    closed_at: null,
    closed_by: null,
    renegotiated: 0,
    attempts: 0,
    revision: 0,
    tip_id: p.tipId,
    purged_at: null,
  };
  const info = stmt(
    db,
    `INSERT INTO promises (platform, workspace_id, agent_id, agent_name, agent_tz, address_key, who, note, created_at, original_due_at, due_at, deadline_at,
       status, closed_at, closed_by, renegotiated, attempts, revision, tip_id, purged_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.platform,
    row.workspace_id,
    row.agent_id,
    row.agent_name,
    row.agent_tz,
    row.address_key,
    row.who,
    row.note,
    row.created_at,
    row.original_due_at,
    row.due_at,
    row.deadline_at,
    row.status,
    row.closed_at,
    row.closed_by,
    row.renegotiated,
    row.attempts,
    row.revision,
    row.tip_id,
    row.purged_at,
  );
  const id = Number(info.lastInsertRowid);
  recordPromiseEvent(db, id, 'created', p.agent.userId, p.createdAt, { dueAt: p.dueAt.toISOString() });
  return toPromise({ id, ...row });
}

/** A promise as a person can reach it: only within their own platform and workspace. */
export function findPromise(db: Db, platform: Platform, workspaceId: string, id: number): CallbackPromise | undefined {
  const row = stmt(db, `SELECT * FROM promises WHERE platform = ? AND workspace_id = ? AND id = ?`).get(platform, workspaceId, id) as PromiseRow | undefined;
  return row && toPromise(row);
}

/** For job handlers only: the job row already names the promise the coach itself scheduled. */
export function findPromiseById(db: Db, id: number): CallbackPromise | undefined {
  const row = stmt(db, `SELECT * FROM promises WHERE id = ?`).get(id) as PromiseRow | undefined;
  return row && toPromise(row);
}

export function listOpenPromises(db: Db, platform: Platform, workspaceId: string, agentId: string): CallbackPromise[] {
  const rows = stmt(db, `SELECT * FROM promises WHERE platform = ? AND workspace_id = ? AND agent_id = ? AND status = 'open' ORDER BY due_at, id`).all(
    platform,
    workspaceId,
    agentId,
  ) as PromiseRow[];
  return rows.map(toPromise);
}

/**
 * Open promises with no live reminder job at all: their ladder was never planned (or was lost). An
 * open promise always has at least its "missed" step pending, so this finds exactly the ones to
 * repair at start-up, with one index lookup each instead of re-planning 100,000 ladders.
 */
export function listOpenPromisesWithoutPlan(db: Db): CallbackPromise[] {
  return (
    stmt(
      db,
      `SELECT p.* FROM promises p WHERE p.status = 'open' AND NOT EXISTS (
         SELECT 1 FROM jobs j WHERE j.subject = 'promise:' || p.id AND j.status IN ('pending', 'running'))
       ORDER BY p.id`,
    ).all() as PromiseRow[]
  ).map(toPromise);
}

export function listAllOpenPromises(db: Db): CallbackPromise[] {
  return (stmt(db, `SELECT * FROM promises WHERE status = 'open' ORDER BY id`).all() as PromiseRow[]).map(toPromise);
}

/** The tip shown with this agent's latest promise, so the next one can differ. */
export function lastTipFor(db: Db, platform: Platform, workspaceId: string, agentId: string): string | undefined {
  const row = stmt(db, `SELECT tip_id FROM promises WHERE platform = ? AND workspace_id = ? AND agent_id = ? ORDER BY id DESC LIMIT 1`).get(
    platform,
    workspaceId,
    agentId,
  ) as { tip_id: string | null } | undefined;
  return row?.tip_id ?? undefined;
}

/** Move the ladder's target; bumps the revision so stale jobs recognise themselves. */
export function moveDueTime(db: Db, id: number, change: { dueAt: Date; deadlineAt: Date; renegotiated: boolean; attempt: boolean }): CallbackPromise {
  stmt(
    db,
    `UPDATE promises SET due_at = ?, deadline_at = ?, renegotiated = MAX(renegotiated, ?), attempts = attempts + ?, revision = revision + 1
     WHERE id = ? AND status = 'open'`,
  ).run(change.dueAt.getTime(), change.deadlineAt.getTime(), change.renegotiated ? 1 : 0, change.attempt ? 1 : 0, id);
  return findPromiseById(db, id) as CallbackPromise;
}

/** Close an open promise. Returns undefined when it was already closed (a double click, a race). */
export function closePromise(db: Db, id: number, status: ClosedStatus, by: string, at: Date): CallbackPromise | undefined {
  const changed = stmt(db, `UPDATE promises SET status = ?, closed_at = ?, closed_by = ?, revision = revision + 1 WHERE id = ? AND status = 'open'`).run(
    status,
    at.getTime(),
    by,
    id,
  ).changes;
  if (changed === 0) return undefined;
  return findPromiseById(db, id);
}

/** Erase who/note of promises closed before `closedBefore`; the outcome stays. Returns how many. */
export function purgeClosedPromises(db: Db, closedBefore: Date, now: Date, onlyId?: number): number {
  const ids = (
    stmt(
      db,
      `SELECT id FROM promises WHERE purged_at IS NULL AND status <> 'open' AND closed_at <= @before AND (@only IS NULL OR id = @only)`,
    ).all({ before: closedBefore.getTime(), only: onlyId ?? null }) as { id: number }[]
  ).map((r) => r.id);
  for (const id of ids) {
    stmt(db, `UPDATE promises SET who = NULL, note = NULL, purged_at = ? WHERE id = ?`).run(now.getTime(), id);
    recordPromiseEvent(db, id, 'purged', null, now, {});
  }
  return ids.length;
}

export interface PromiseEvent {
  kind: string;
  actorId: string | null;
  at: Date;
  detail: Record<string, unknown>;
}

/** Record a state change (never who/note). With a dedupe key, returns false if it was already recorded. */
export function recordPromiseEvent(
  db: Db,
  promiseId: number,
  kind: string,
  actorId: string | null,
  at: Date,
  detail: Record<string, unknown>,
  dedupeKey?: string,
): boolean {
  return (
    stmt(db, `INSERT INTO promise_events (promise_id, kind, actor_id, at, detail, dedupe_key) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`).run(
      promiseId,
      kind,
      actorId,
      at.getTime(),
      JSON.stringify(detail),
      dedupeKey ?? null,
    ).changes === 1
  );
}

export function hasPromiseEvent(db: Db, dedupeKey: string): boolean {
  return stmt(db, `SELECT 1 FROM promise_events WHERE dedupe_key = ?`).get(dedupeKey) !== undefined;
}

export function promiseEvents(db: Db, promiseId: number): PromiseEvent[] {
  return (
    stmt(db, `SELECT kind, actor_id, at, detail FROM promise_events WHERE promise_id = ? ORDER BY at, id`).all(promiseId) as {
      kind: string;
      actor_id: string | null;
      at: number;
      detail: string;
    }[]
  ).map((r) => ({ kind: r.kind, actorId: r.actor_id, at: new Date(r.at), detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

export interface PromiseCounts {
  agentId: string;
  agentName: string | null;
  made: number;
  kept: number;
  late: number;
  missed: number;
  renegotiated: number;
  cancelled: number;
  open: number;
}

/**
 * Per-agent promise numbers for a period [from, to), for the managers' stats:
 * made = created in the period; kept/late/missed/cancelled = closed with that outcome in the period;
 * renegotiated = made in the period with at least one snooze/reschedule before it was due;
 * open = created before `to` and still open at `to`.
 * Candidate rows come from index range scans (created in, closed in, still open at `to`), never a table
 * scan; the unary `+` keeps SQLite from choosing the created_at index for "open at `to`", which
 * would read every older promise.
 */
export function promiseCountsByAgent(db: Db, platform: Platform, workspaceId: string, from: Date, to: Date): PromiseCounts[] {
  const rows = stmt(
    db,
    `WITH candidates AS (
       SELECT id FROM promises WHERE platform = @platform AND workspace_id = @ws AND created_at >= @from AND created_at < @to
       UNION
       SELECT id FROM promises WHERE platform = @platform AND workspace_id = @ws AND closed_at >= @from AND closed_at < @to
       UNION
       SELECT id FROM promises WHERE platform = @platform AND workspace_id = @ws AND closed_at IS NULL AND +created_at < @to
       UNION
       SELECT id FROM promises WHERE platform = @platform AND workspace_id = @ws AND closed_at >= @to AND +created_at < @to
     )
     SELECT p.agent_id AS agentId,
            MAX(p.agent_name) AS agentName,
            SUM(p.created_at >= @from AND p.created_at < @to) AS made,
            SUM(p.status = 'kept' AND p.closed_at >= @from AND p.closed_at < @to) AS kept,
            SUM(p.status = 'late' AND p.closed_at >= @from AND p.closed_at < @to) AS late,
            SUM(p.status = 'missed' AND p.closed_at >= @from AND p.closed_at < @to) AS missed,
            SUM(p.renegotiated = 1 AND p.created_at >= @from AND p.created_at < @to) AS renegotiated,
            SUM(p.status = 'cancelled' AND p.closed_at >= @from AND p.closed_at < @to) AS cancelled,
            SUM(p.created_at < @to AND (p.closed_at IS NULL OR p.closed_at >= @to)) AS open
     FROM promises p JOIN candidates c ON c.id = p.id
     GROUP BY p.agent_id
     ORDER BY p.agent_id`,
  ).all({ platform, ws: workspaceId, from: from.getTime(), to: to.getTime() }) as PromiseCounts[];
  return rows;
}
