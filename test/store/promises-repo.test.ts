import { describe, expect, it } from 'vitest';
import { closeStore, type Db } from '../../src/store/open-store.ts';
import type { Insertable } from 'kysely';
import type { PromisesTable } from '../../src/store/database.ts';
import { DIALECTS, openTestStore } from '../helpers/test-store.ts';
import { closePromise, findPromiseById, insertPromise, insertPromiseWithLadder, moveDueTime, type ClosedStatus, type TipRule } from '../../src/store/promises-repo.ts';
import { promiseEvents } from '../../src/store/promise-events-repo.ts';
import { pendingJobs } from '../../src/store/jobs-repo.ts';
import { promiseCountsByAgent } from '../../src/store/promise-counts-repo.ts';
import type { Actor } from '../../src/ports.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { dbAll } from '../helpers/sql.ts';

const H = 3600_000;
const DAY = 24 * H;
const WEEK_START = new Date('2026-11-16T00:00:00Z');
const WEEK_END = new Date('2026-11-23T00:00:00Z');
const agent = (userId: string, name?: string, workspaceId = 'T1'): Actor => ({ platform: 'slack', workspaceId, userId, name });

async function make(db: Db, who: Actor, createdAt: Date, dueInH = 2) {
  return await insertPromise(db, { agent: who, tz: 'UTC', who: 'X', note: null, dueAt: new Date(createdAt.getTime() + dueInH * H), tipId: null, createdAt });
}

describe.each(DIALECTS)('insertPromise on %s', (dialect) => {
  const tempDir = useTempDir();

  it('returns the promise exactly as it is stored, and records that it was made', async () => {
    const db = await openTestStore(dialect, tempDir());
    const createdAt = new Date('2026-11-20T09:00:00Z');
    const made = await insertPromise(db, {
      agent: agent('U_ANN', 'Ann'),
      tz: 'Europe/London',
      addressKey: 'C1',
      who: 'ACME-4411',
      note: 'refund status',
      dueAt: new Date('2026-11-20T11:00:00Z'),
      tipId: 'action-say-how-long',
      createdAt,
    });
    expect(made).toEqual(await findPromiseById(db, made.id));
    expect(made).toMatchObject({ status: 'open', revision: 0, attempts: 0, renegotiated: false, closedAt: null, purgedAt: null, agentName: 'Ann' });
    const bare = await insertPromise(db, { agent: agent('U_BEN'), tz: 'UTC', who: 'X', note: null, dueAt: new Date('2026-11-21T11:00:00Z'), tipId: null, createdAt });
    expect(bare).toEqual(await findPromiseById(db, bare.id));
    expect(await promiseEvents(db, made.id)).toEqual([{ kind: 'created', actorId: 'U_ANN', at: createdAt, detail: { dueAt: '2026-11-20T11:00:00.000Z' } }]);
    await closeStore(db);
  });
});

describe.each(DIALECTS)('insertPromiseWithLadder on %s', (dialect) => {
  const tempDir = useTempDir();
  const createdAt = new Date('2026-11-20T09:00:00Z');
  const dueAt = new Date('2026-11-20T11:00:00Z');
  // Three tips in turn: a → b → c → a; none (or an unknown one) → a.
  const rule: TipRule = { first: 'tip-a', after: new Map([['tip-a', 'tip-b'], ['tip-b', 'tip-c']]) };
  const ladder = [
    { kind: 'promise.headsup', dueAt: new Date(dueAt.getTime() - H / 4) },
    { kind: 'promise.due', dueAt },
    { kind: 'promise.missed', dueAt: new Date(dueAt.getTime() + DAY) },
  ];
  const make = (db: Db, who: Actor, extra: Partial<Parameters<typeof insertPromiseWithLadder>[1]> = {}) =>
    insertPromiseWithLadder(db, { agent: who, tz: 'Europe/London', addressKey: 'C1', who: 'ACME-4411', note: 'refund status', dueAt, createdAt, tipRule: rule, ladder, ...extra });

  it('stores the promise, its "created" event and its ladder, keyed as planLadder keys them', async () => {
    const db = await openTestStore(dialect, tempDir());
    const made = await make(db, agent('U_ANN', 'Ann'));
    expect(made).toEqual(await findPromiseById(db, made.id));
    expect(made).toMatchObject({ status: 'open', revision: 0, tipId: 'tip-a', who: 'ACME-4411', note: 'refund status', agentName: 'Ann', addressKey: 'C1' });
    expect(await promiseEvents(db, made.id)).toEqual([{ kind: 'created', actorId: 'U_ANN', at: createdAt, detail: { dueAt: '2026-11-20T11:00:00.000Z' } }]);
    const jobs = await pendingJobs(db, { subject: `promise:${made.id}` });
    expect(jobs.map(({ kind, platform, workspaceId, dueAt: at, payload, idempotencyKey, attempts }) => ({ kind, platform, workspaceId, at: at.toISOString(), payload, idempotencyKey, attempts }))).toEqual([
      { kind: 'promise.headsup', platform: 'slack', workspaceId: 'T1', at: '2026-11-20T10:45:00.000Z', payload: { promiseId: made.id, revision: 0 }, idempotencyKey: `promise.headsup:${made.id}:r0`, attempts: 0 },
      { kind: 'promise.due', platform: 'slack', workspaceId: 'T1', at: '2026-11-20T11:00:00.000Z', payload: { promiseId: made.id, revision: 0 }, idempotencyKey: `promise.due:${made.id}:r0`, attempts: 0 },
      { kind: 'promise.missed', platform: 'slack', workspaceId: 'T1', at: '2026-11-21T11:00:00.000Z', payload: { promiseId: made.id, revision: 0 }, idempotencyKey: `promise.missed:${made.id}:r0`, attempts: 0 },
    ]);
    await closeStore(db);
  });

  it('gives each agent the next tip after their own last one, also for promises made at once', async () => {
    const db = await openTestStore(dialect, tempDir());
    const ann = agent('U_ANN');
    expect((await make(db, ann)).tipId).toBe('tip-a');
    expect((await make(db, ann)).tipId).toBe('tip-b');
    // Another agent, and Ann in another workspace, start from the first tip.
    expect((await make(db, agent('U_BEN'))).tipId).toBe('tip-a');
    expect((await make(db, agent('U_ANN', undefined, 'T2'))).tipId).toBe('tip-a');
    expect((await make(db, ann)).tipId).toBe('tip-c');
    // Six at once: in the order they were stored, they take the tips in turn, as one by one.
    const together = (await Promise.all(Array.from({ length: 6 }, () => make(db, ann)))).sort((x, y) => x.id - y.id);
    expect(together.map((p) => p.tipId)).toEqual(['tip-a', 'tip-b', 'tip-c', 'tip-a', 'tip-b', 'tip-c']);
    // With no tips to show, none is stored, and the next promise starts from the first again.
    expect((await make(db, ann, { tipRule: { first: null, after: new Map() } })).tipId).toBeNull();
    expect((await make(db, ann)).tipId).toBe('tip-a');
    await closeStore(db);
  });

  it('stores nothing when part of it cannot be stored, and the next tip still differs', async () => {
    const db = await openTestStore(dialect, tempDir());
    const ann = agent('U_ANN');
    await make(db, ann);
    // A step with no kind breaks the jobs table's NOT NULL: the promise and its event go with it.
    await expect(make(db, ann, { ladder: [...ladder, { kind: null as unknown as string, dueAt }] })).rejects.toThrow();
    expect(await dbAll(db, 'SELECT id FROM promises')).toHaveLength(1);
    expect(await dbAll(db, 'SELECT id FROM promise_events')).toHaveLength(1);
    expect(await dbAll(db, 'SELECT id FROM jobs')).toHaveLength(3);
    // The next one never repeats the last stored tip (on PostgreSQL the lost one's turn is skipped).
    expect((await make(db, ann)).tipId).not.toBe('tip-a');
    await closeStore(db);
  });
});

describe.each(DIALECTS)('promiseCountsByAgent on %s', (dialect) => {
  const tempDir = useTempDir();

  it('counts made, outcomes, renegotiated and open per agent for a period, within one workspace', async () => {
    const db = await openTestStore(dialect, tempDir());
    const ann = agent('U_ANN', 'Ann');
    const ben = agent('U_BEN', 'Ben');
    const at = (days: number) => new Date(WEEK_START.getTime() + days * DAY);
    // Made before the week, closed in it: counted as kept, not as made.
    const old = await make(db, ann, new Date(WEEK_START.getTime() - 2 * DAY));
    await closePromise(db, old.id, 'kept', 'U_ANN', at(1));
    // Made in the week with each outcome.
    const outcomes: ClosedStatus[] = ['kept', 'late', 'missed', 'cancelled'];
    for (const [i, status] of outcomes.entries()) await closePromise(db, (await make(db, ann, at(i))).id, status, 'U_ANN', at(i + 0.5));
    // Renegotiated before due, then kept.
    const r = await make(db, ann, at(2));
    await moveDueTime(db, r.id, { dueAt: at(3), deadlineAt: at(3), renegotiated: true, attempt: false });
    await closePromise(db, r.id, 'kept', 'U_ANN', at(3));
    // Still open at the end of the week (one closed after it).
    await make(db, ben, at(6));
    await closePromise(db, (await make(db, ben, at(5))).id, 'late', 'U_BEN', new Date(WEEK_END.getTime() + H));
    // Outside the week or another workspace: not counted.
    await make(db, ben, new Date(WEEK_END.getTime() + DAY));
    await make(db, agent('U_ANN', 'Ann', 'T2'), at(1));

    expect(await promiseCountsByAgent(db, 'slack', 'T1', WEEK_START, WEEK_END)).toEqual([
      { agentId: 'U_ANN', agentName: 'Ann', made: 5, kept: 3, late: 1, missed: 1, renegotiated: 1, cancelled: 1, open: 0 },
      { agentId: 'U_BEN', agentName: 'Ben', made: 2, kept: 0, late: 0, missed: 0, renegotiated: 0, cancelled: 0, open: 2 },
    ]);
    await closeStore(db);
  });

  it('counts every agent of 1,000 over a year of promises, in the latest week and the oldest', async () => {
    const db = await openTestStore(dialect, tempDir());
    const start = new Date('2025-11-23T00:00:00Z').getTime();
    const statuses = ['kept', 'kept', 'kept', 'late', 'missed', 'cancelled'] as const;
    await db.transaction().execute(async (trx) => {
      // 1,000 agents × one promise every ~1.2 days for a year ≈ 300,000 rows.
      let rows: Insertable<PromisesTable>[] = [];
      for (let i = 0; i < 300_000; i++) {
        const created = start + Math.floor((i / 300_000) * 365 * DAY);
        const due = created + 2 * H;
        const status = statuses[i % statuses.length]!;
        rows.push({ platform: 'slack', workspace_id: 'T1', agent_id: `U${i % 1000}`, agent_name: `Agent ${i % 1000}`, agent_tz: 'UTC', address_key: null, who: 'x', note: null,
          created_at: created, original_due_at: due, due_at: due, deadline_at: due, status, closed_at: due + H, closed_by: `U${i % 1000}`, tip_id: null, purged_at: null });
        if (rows.length === 1_000) {
          await trx.insertInto('promises').values(rows).execute();
          rows = [];
        }
      }
    });
    // The latest week (what the weekly digest asks for) and the oldest (the longest "open at the end" scan).
    for (const day of [358, 0]) {
      const from = new Date(start + day * DAY);
      const to = new Date(from.getTime() + 7 * DAY);
      // How fast is `npm run bench -- stats`'s figure; a timed assertion here only failed on a busy machine.
      const rows = await promiseCountsByAgent(db, 'slack', 'T1', from, to);
      expect(rows).toHaveLength(1000);
      expect(rows.reduce((n, r) => n + r.made, 0)).toBeGreaterThan(5000);
    }
    await closeStore(db);
  }, 60_000);
});
