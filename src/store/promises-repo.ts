// Callback promises (their history is promise-events-repo.ts; erasing their customer details after
// the retention period, promise-purge-repo.ts). Every query that a person can reach filters by platform AND
// workspace, so a user of workspace A can never see or touch workspace B's promise.

import type { Actor, Platform } from '../ports.ts';
import type { Db } from './open-store.ts';
import { sql, type Compilable } from 'kysely';
import { dialectOf } from './open-store.ts';
import { groupCommitted } from './group-commit.ts';
import { param, paramsOf, runReusable } from './reusable-query.ts';
import { recordPromiseEvent } from './promise-events-repo.ts';
import { promiseSubject, promiseSubjectSql } from './job-subjects.ts';
import { isLiveJob, scheduleJobs, type NewJob } from './jobs-repo.ts';
import { ladderPayload, ladderPayloadSql, ladderStepKey, ladderStepKeySql } from './ladder-jobs.ts';
import type { PromiseStatus } from './database.ts';

export type { PromiseStatus };
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

export const toPromise = (r: PromiseRow): CallbackPromise => ({
  id: Number(r.id),
  platform: r.platform,
  workspaceId: r.workspace_id,
  agentId: r.agent_id,
  agentName: r.agent_name,
  agentTz: r.agent_tz,
  addressKey: r.address_key,
  who: r.who,
  note: r.note,
  createdAt: new Date(Number(r.created_at)),
  originalDueAt: new Date(Number(r.original_due_at)),
  dueAt: new Date(Number(r.due_at)),
  deadlineAt: new Date(Number(r.deadline_at)),
  status: r.status,
  closedAt: r.closed_at === null ? null : new Date(Number(r.closed_at)),
  closedBy: r.closed_by,
  renegotiated: Number(r.renegotiated) === 1,
  attempts: Number(r.attempts),
  revision: Number(r.revision),
  tipId: r.tip_id,
  purgedAt: r.purged_at === null ? null : new Date(Number(r.purged_at)),
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

function newPromiseRow(p: NewPromise): Omit<PromiseRow, 'id'> {
  return {
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
    // The columns' defaults, written out: the row is built here, not read back.
    status: 'open',
    closed_at: null,
    closed_by: null,
    renegotiated: 0,
    attempts: 0,
    revision: 0,
    tip_id: p.tipId,
    purged_at: null,
  };
}

const createdDetail = (p: Pick<NewPromise, 'dueAt'>) => ({ dueAt: p.dueAt.toISOString() });

/** Every column of `row` as a reusable query's stand-in of the same name (reusable-query.ts). */
export async function insertPromise(db: Db, p: NewPromise): Promise<CallbackPromise> {
  const row = newPromiseRow(p);
  const inserted = await runReusable(db, 'insertPromise', () => db.insertInto('promises').values(paramsOf(row)).returning('id'), row);
  const id = Number((inserted.rows[0] as { id: number }).id);
  await recordPromiseEvent(db, id, 'created', p.agent.userId, p.createdAt, createdDetail(p));
  return toPromise({ id, ...row });
}

/**
 * Which tip a new promise shows, given the agent's last one: `first`, unless the last one is a key
 * of `after`, which names the tip to show instead. Every possible answer is given up front, so the
 * database can choose inside the statement that stores the promise.
 */
export interface TipRule {
  first: string | null;
  after: ReadonlyMap<string, string>;
}

/** A new promise's reminder step: its job kind and due time (revision 0). */
export interface FirstLadderStep {
  kind: string;
  dueAt: Date;
}

/**
 * recordNextTip compiled once per number of rules (reusable-query.ts): `then` adds to the statement
 * (PostgreSQL takes the promise's id in it too).
 */
function runNextTip<R>(db: Db, agent: Actor, rule: TipRule, shape: string, then: (query: ReturnType<typeof recordNextTip>) => Compilable<R>) {
  const values: Record<string, unknown> = { platform: agent.platform, workspace: agent.workspaceId, agent: agent.userId, first: rule.first };
  const after = new Map<string, string>();
  [...rule.after].forEach(([last, next], i) => {
    values[`last${i}`] = last;
    values[`next${i}`] = next;
    after.set(param(`last${i}`), param(`next${i}`));
  });
  const stand: Actor = { platform: param('platform'), workspaceId: param('workspace'), userId: param('agent') };
  return runReusable(db, `${shape}:${after.size}`, () => then(recordNextTip(db, stand, { first: param('first'), after })), values);
}

/** Record the tip this promise shows as the agent's last, and return it: one statement, one row lock. */
const recordNextTip = (db: Db, agent: Actor, rule: TipRule) =>
  db
    .insertInto('agent_tips')
    .values({ platform: agent.platform, workspace_id: agent.workspaceId, agent_id: agent.userId, last_tip_id: rule.first })
    .onConflict((oc) =>
      oc.columns(['platform', 'workspace_id', 'agent_id']).doUpdateSet({
        last_tip_id:
          rule.after.size === 0
            ? sql<string | null>`excluded.last_tip_id`
            : sql<string | null>`CASE agent_tips.last_tip_id ${sql.join(
                [...rule.after].map(([last, next]) => sql`WHEN ${last} THEN ${next}`),
                sql` `,
              )} ELSE excluded.last_tip_id END`,
      }),
    )
    .returning('last_tip_id');

/**
 * A new promise with its tip, its "created" event and its reminder ladder. Two promises of one
 * agent made at once get the tips of `rule` in turn, in the order of their ids: the second waits
 * for the first on the agent's agent_tips row.
 *
 * SQLite: one transaction. PostgreSQL: two statements, each its own transaction, and neither holds
 * a lock while the server flushes the write-ahead log. First the agent's next tip and the promise's
 * id (taken under the row lock, so ids follow the tips); agent_tips is UNLOGGED there, so that
 * commit does not wait for a flush and the row is free again at once. Then the promise, its event
 * and its ladder in one statement (data-modifying CTEs), whose commit waits for the flush together
 * with everyone else's. Why: a flush (fdatasync) takes about 3.3 ms on this machine, and while the
 * agent's lock was held through it (first a seven-statement transaction under an advisory lock,
 * then one statement taking the row lock), promises for one agent were stored one flush at a time:
 * 16 at once from one agent, 420–500 per second at p99 150 ms, against 1,100–1,400 per second at
 * p99 45–79 ms for 16 agents (the store alone, load average 9); now one agent's 16 reach 480–1,230
 * per second (load average 14). A failed second statement leaves
 * the tip moved on: the next promise shows the tip after the lost one.
 */
export async function insertPromiseWithLadder(db: Db, p: Omit<NewPromise, 'tipId'> & { tipRule: TipRule; ladder: readonly FirstLadderStep[] }): Promise<CallbackPromise> {
  const agent = p.agent;
  if (dialectOf(db) === 'sqlite' || p.ladder.length === 0) {
    // SQLite: shared with the promises and replay-guard rows of the same moment (group-commit.ts).
    return groupCommitted(db, async (trx) => {
      const tip = await runNextTip(trx, agent, p.tipRule, 'nextTip', (query) => query);
      const tipId = (tip.rows[0] as { last_tip_id: string | null }).last_tip_id;
      const made = await insertPromise(trx, { ...p, tipId });
      await scheduleJobs(trx, p.ladder.map((step) => ladderJob(made, step)), p.createdAt);
      return made;
    });
  }
  const tipped = await runNextTip(db, agent, p.tipRule, 'nextTipAndId', (query) => query.returning(sql<number>`nextval(pg_get_serial_sequence('promises', 'id'))`.as('id')));
  const turn = tipped.rows[0] as { last_tip_id: string | null; id: number };
  const row = newPromiseRow({ ...p, tipId: turn.last_tip_id });
  const id = Number(turn.id);
  const steps = sql.join(p.ladder.map((step, i) => (i === 0 ? sql`(${step.kind}::text, ${step.dueAt.getTime()}::bigint)` : sql`(${step.kind}, ${step.dueAt.getTime()})`)));
  // Parameters outside a VALUES list that feeds a table directly need their types spelled out.
  await sql`
    WITH made AS (
      INSERT INTO promises (id, platform, workspace_id, agent_id, agent_name, agent_tz, address_key, who, note, created_at, original_due_at, due_at, deadline_at, tip_id)
      VALUES (${id}, ${row.platform}, ${row.workspace_id}, ${row.agent_id}, ${row.agent_name}, ${row.agent_tz}, ${row.address_key},
              ${row.who}, ${row.note}, ${row.created_at}, ${row.original_due_at}, ${row.due_at}, ${row.deadline_at}, ${row.tip_id})
      RETURNING id
    ),
    created AS (
      INSERT INTO promise_events (promise_id, kind, actor_id, at, detail)
      SELECT made.id, 'created', ${agent.userId}::text, ${row.created_at}::bigint, ${JSON.stringify(createdDetail(p))}::text FROM made
    )
    -- insertJobs' columns; the keys name a promise id that is new, so they cannot conflict.
    INSERT INTO jobs (kind, platform, workspace_id, subject, due_at, original_due_at, payload, idempotency_key, created_at)
    SELECT step.kind, ${row.platform}::text, ${row.workspace_id}::text, ${promiseSubjectSql('made.id')}, step.due_at, step.due_at,
           ${ladderPayloadSql('made.id', 0)}, ${ladderStepKeySql('step.kind', 'made.id', 0)}, ${row.created_at}::bigint
    FROM made CROSS JOIN (VALUES ${steps}) AS step (kind, due_at)`.execute(db);
  return toPromise({ ...row, id });
}

const ladderJob = (p: CallbackPromise, step: FirstLadderStep): NewJob => ({
  kind: step.kind,
  platform: p.platform,
  workspaceId: p.workspaceId,
  subject: promiseSubject(p.id),
  dueAt: step.dueAt,
  payload: ladderPayload(p.id, p.revision),
  idempotencyKey: ladderStepKey(step.kind, p.id, p.revision),
});

/** A promise as a person can reach it: only within their own platform and workspace. */
export async function findPromise(db: Db, platform: Platform, workspaceId: string, id: number): Promise<CallbackPromise | undefined> {
  const row = await db.selectFrom('promises').selectAll().where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && toPromise(row);
}

/** For job handlers only: the job row already names the promise the coach itself scheduled. */
export async function findPromiseById(db: Db, id: number): Promise<CallbackPromise | undefined> {
  const row = await db.selectFrom('promises').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPromise(row);
}

export async function listOpenPromises(db: Db, platform: Platform, workspaceId: string, agentId: string): Promise<CallbackPromise[]> {
  const rows = await db
    .selectFrom('promises')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('agent_id', '=', agentId)
    .where('status', '=', 'open')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  return rows.map(toPromise);
}

/**
 * Open promises with no live reminder job at all: their ladder was never planned (or was lost). An
 * open promise always has at least its "missed" step pending, so this finds exactly the ones to
 * repair at start-up, with one index lookup each instead of re-planning 100,000 ladders.
 */
export async function listOpenPromisesWithoutPlan(db: Db): Promise<CallbackPromise[]> {
  const rows = await db
    .selectFrom('promises as p')
    .selectAll('p')
    .where('p.status', '=', 'open')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('jobs as j').select('j.id').where('j.subject', '=', promiseSubjectSql('p.id')).where(isLiveJob('j')))),
    )
    .orderBy('p.id')
    .execute();
  return rows.map(toPromise);
}

export async function listAllOpenPromises(db: Db): Promise<CallbackPromise[]> {
  return (await db.selectFrom('promises').selectAll().where('status', '=', 'open').orderBy('id').execute()).map(toPromise);
}

/** Move the ladder's target; bumps the revision so stale jobs recognise themselves. */
export async function moveDueTime(db: Db, id: number, change: { dueAt: Date; deadlineAt: Date; renegotiated: boolean; attempt: boolean }): Promise<CallbackPromise> {
  const row = await db
    .updateTable('promises')
    .set((eb) => ({
      due_at: change.dueAt.getTime(),
      deadline_at: change.deadlineAt.getTime(),
      ...(change.renegotiated ? { renegotiated: 1 } : {}),
      attempts: eb('attempts', '+', change.attempt ? 1 : 0),
      revision: eb('revision', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row ? toPromise(row) : ((await findPromiseById(db, id)) as CallbackPromise);
}

/** Hand an open promise to another agent; bumps the revision so the old ladder's jobs stand down. */
export async function reassignPromise(db: Db, id: number, agent: { userId: string; name: string | null }): Promise<CallbackPromise | undefined> {
  const row = await db
    .updateTable('promises')
    .set((eb) => ({ agent_id: agent.userId, agent_name: agent.name, revision: eb('revision', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row && toPromise(row);
}

/** A workspace's open promises, soonest due first (the dashboard's promises page). */
export async function listWorkspaceOpenPromises(db: Db, platform: Platform, workspaceId: string): Promise<CallbackPromise[]> {
  const rows = await db
    .selectFrom('promises')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'open')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  return rows.map(toPromise);
}

/** One agent's promises, newest first, at most `limit` (a person's page). */
export async function agentPromiseHistory(db: Db, platform: Platform, workspaceId: string, agentId: string, limit: number): Promise<CallbackPromise[]> {
  const rows = await db
    .selectFrom('promises')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('agent_id', '=', agentId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toPromise);
}

/** Close an open promise. Returns undefined when it was already closed (a double click, a race). */
export async function closePromise(db: Db, id: number, status: ClosedStatus, by: string, at: Date): Promise<CallbackPromise | undefined> {
  const row = await db
    .updateTable('promises')
    .set((eb) => ({ status, closed_at: at.getTime(), closed_by: by, revision: eb('revision', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row && toPromise(row);
}
