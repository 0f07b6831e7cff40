import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { closeStore, openStore, type Db } from '../src/store/open-store.ts';
import { dbAll, dbGet, dbRun } from './helpers/sql.ts';
import { DIALECTS, freshDatabaseUrl } from './helpers/test-store.ts';
import { cancelPendingJobs, pendingJobs, scheduleJob, scheduleJobs } from '../src/store/jobs-repo.ts';
import { Scheduler } from '../src/scheduler.ts';
import { RateLimitedError, UndeliverableError } from '../src/errors.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { useTempDir } from './helpers/temp-dir.ts';

const job = (dueAt: string, extra: Partial<Parameters<typeof scheduleJob>[1]> = {}) => ({
  kind: 'test.send',
  platform: 'console' as const,
  workspaceId: 'local',
  subject: 'test',
  dueAt: new Date(dueAt),
  ...extra,
});

describe.each(DIALECTS)('scheduler on %s', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  const open = async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });
  const tempDir = useTempDir();
  const setup = async (start = '2026-11-23T09:00:00Z') => {
    const clock = new FakeClock(start);
    const db = await open();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    return { clock, db, scheduler };
  };

  it('runs a job only when it falls due, exactly once', async () => {
    const { clock, db, scheduler } = await setup();
    const sent: unknown[] = [];
    scheduler.register('test.send', async (j) => void sent.push(j.payload));
    await scheduleJob(db, job('2026-11-23T09:05:00Z', { payload: { n: 1 } }), clock.now());
    expect(await scheduler.tick()).toBe(0);
    clock.advanceMinutes(5);
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect(sent).toEqual([{ n: 1 }]);
  });

  it('tells a handler how late it runs', async () => {
    const { clock, db, scheduler } = await setup();
    const lateness: number[] = [];
    scheduler.register('test.send', async (_j, ctx) => void lateness.push(ctx.lateMs));
    await scheduleJob(db, job('2026-11-23T08:00:00Z'), clock.now());
    await scheduler.tick();
    expect(lateness).toEqual([60 * 60_000]);
  });

  it('schedules the same idempotency key once', async () => {
    const { clock, db } = await setup();
    expect(await scheduleJob(db, job('2026-11-23T10:00:00Z', { idempotencyKey: 'k' }), clock.now())).toBeTypeOf('number');
    expect(await scheduleJob(db, job('2026-11-23T10:00:00Z', { idempotencyKey: 'k' }), clock.now())).toBeUndefined();
    expect(await pendingJobs(db)).toHaveLength(1);
  });

  it('retries a failed send with backoff and keeps the job until it succeeds', async () => {
    const { clock, db, scheduler } = await setup();
    let calls = 0;
    scheduler.register('test.send', async () => {
      calls++;
      if (calls < 3) throw new Error('connection reset');
    });
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    expect((await pendingJobs(db))[0]?.attempts).toBe(1);
    await scheduler.tick(); // backoff not over yet
    expect(calls).toBe(1);
    clock.advanceMinutes(1);
    await scheduler.tick();
    clock.advanceMinutes(2);
    await scheduler.tick();
    expect(calls).toBe(3);
    expect(await pendingJobs(db)).toHaveLength(0);
  });

  it('waits out a rate limit for exactly as long as asked', async () => {
    const { clock, db, scheduler } = await setup();
    let calls = 0;
    scheduler.register('test.send', async () => {
      if (++calls === 1) throw new RateLimitedError(7_000);
    });
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    clock.advance(6_000);
    await scheduler.tick();
    expect(calls).toBe(1);
    clock.advance(1_000);
    await scheduler.tick();
    expect(calls).toBe(2);
  });

  it('gives up at once on an undeliverable address', async () => {
    const { clock, db, scheduler } = await setup();
    scheduler.register('test.send', async () => {
      throw new UndeliverableError('not in roster');
    });
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    clock.advanceMinutes(60);
    expect(await scheduler.tick()).toBe(0);
    expect(await dbGet(db, `SELECT status, last_error FROM jobs`)).toEqual({ status: 'failed', last_error: 'not in roster' });
  });

  it('re-runs a job that a crash interrupted (claimed, never finished) after restart', async () => {
    const file = await freshDatabaseUrl(dialect, tempDir(), 'crash.db');
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const first = await openStore(file);
    await scheduleJob(first, job('2026-11-23T09:00:00Z'), clock.now());
    await dbRun(first, `UPDATE jobs SET status = 'running', claimed_at = 1, claimed_by = 'gone:1:x', lease_until = 1, claims = 1`); // claimed, then the process died
    await first.destroy();

    const db = await openStore(file);
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    const sent: number[] = [];
    scheduler.register('test.send', async (j) => void sent.push(j.id));
    await scheduler.start();
    await scheduler.stop();
    await scheduler.tick();
    expect(sent).toHaveLength(1);
    await closeStore(db);
  });

  it('runs thousands of due jobs in one tick, oldest first per batch', async () => {
    const { clock, db, scheduler } = await setup();
    const seen: number[] = [];
    scheduler.register('test.send', async (j) => void seen.push((j.payload as { n: number }).n));
    await db.transaction().execute(async (trx) => {
      for (let n = 0; n < 2_000; n++) await scheduleJob(trx, job(new Date(Date.parse('2026-11-23T08:00:00Z') + n * 1000).toISOString(), { payload: { n } }), clock.now());
    });
    expect(await scheduler.tick()).toBe(2_000);
    expect(new Set(seen).size).toBe(2_000);
    expect(seen.slice(0, 3)).toEqual([0, 1, 2]);
  });
});

describe.each(DIALECTS)('scheduler on %s: outcomes and streaming', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  const open = async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });
  const setup = async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = await open();
    await sql`CREATE TABLE marks (key TEXT PRIMARY KEY)`.execute(db);
    const marks = async () => (await dbAll<{ key: string }>(db, `SELECT key FROM marks ORDER BY key`)).map((r) => r.key);
    return { clock, db, marks };
  };

  it("stores a handler's record with its outcome, even when the job fails and is retried", async () => {
    const { clock, db, marks } = await setup();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    scheduler.register('test.send', async (_j, ctx) => {
      ctx.record((trx) => dbRun(trx, `INSERT INTO marks VALUES ('sent to lead')`));
      throw new Error('the channel post failed');
    });
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    expect(await marks()).toEqual(['sent to lead']);
    expect((await pendingJobs(db))[0]?.attempts).toBe(1);
  });

  it('one outcome that cannot be stored does not lose the others', async () => {
    const { clock, db, marks } = await setup();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    scheduler.register('test.send', async (j, ctx) => {
      const n = (j.payload as { n: number }).n;
      // n = 2 records a duplicate key: its write fails, the other two must still be stored.
      ctx.record((trx) => dbRun(trx, `INSERT INTO marks VALUES (?)`, n === 2 ? 'sent 1' : `sent ${n}`));
    });
    for (const n of [1, 2, 3]) await scheduleJob(db, job('2026-11-23T09:00:00Z', { payload: { n } }), clock.now());
    await scheduler.tick();
    expect(await marks()).toEqual(['sent 1', 'sent 3']);
    const statuses = (await dbAll<{ payload: string; status: string }>(db, `SELECT payload, status FROM jobs`))
      .map((r) => ({ n: (JSON.parse(r.payload) as { n: number }).n, status: r.status }))
      .sort((a, b) => a.n - b.n);
    expect(statuses).toEqual([
      { n: 1, status: 'done' },
      { n: 2, status: 'running' }, // not finished: runs again after a restart (at-least-once)
      { n: 3, status: 'done' },
    ]);
  });

  it('a slow send does not hold up the jobs behind it', async () => {
    const { clock, db } = await setup();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger, batchSize: 2, concurrency: 2 });
    let releaseSlow!: () => void;
    const slowSend = new Promise<void>((resolve) => (releaseSlow = resolve));
    const fast: number[] = [];
    let allFastSent!: () => void;
    const fastDone = new Promise<void>((resolve) => (allFastSent = resolve));
    scheduler.register('test.send', async (j) => {
      const n = (j.payload as { n: number }).n;
      if (n === 0) return slowSend;
      fast.push(n);
      if (fast.length === 5) allFastSent();
    });
    for (let n = 0; n < 6; n++) await scheduleJob(db, job('2026-11-23T09:00:00Z', { payload: { n } }), clock.now());
    const ticked = scheduler.tick();
    await fastDone; // with batches of 2, the old loop waited for job 0 before claiming jobs 2–5
    expect(fast).toEqual([1, 2, 3, 4, 5]);
    releaseSlow();
    expect(await ticked).toBe(6);
    expect(await pendingJobs(db)).toHaveLength(0);
  });
});

describe.each(DIALECTS)('idempotency keys on %s', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  const open = async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });
  it('a cancelled key can be planned again; a done or pending one cannot', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = await open();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    let runs = 0;
    scheduler.register('test.send', async () => void runs++);
    const slot = job('2026-11-23T10:00:00Z', { idempotencyKey: 'slot', subject: 's' });
    expect(await scheduleJob(db, slot, clock.now())).toBeTypeOf('number');
    expect(await scheduleJob(db, slot, clock.now())).toBeUndefined(); // pending: once
    await cancelPendingJobs(db, 's', clock.now());
    expect(await scheduleJob(db, slot, clock.now())).toBeTypeOf('number'); // cancelled: wanted again
    clock.set('2026-11-23T10:00:00Z');
    await scheduler.tick();
    expect(await scheduleJob(db, slot, clock.now())).toBeUndefined(); // done: never twice
    await scheduler.tick();
    expect(runs).toBe(1);
    await closeStore(db);
  });

  it('several jobs scheduled together follow the same rules, each on its own key', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = await open();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    const runs: string[] = [];
    scheduler.register('test.send', async (j) => void runs.push(j.idempotencyKey ?? ''));
    const at = (key: string, dueAt: string) => job(dueAt, { idempotencyKey: key, subject: 'ladder', payload: { key } });
    await scheduleJobs(db, [at('a', '2026-11-23T10:00:00Z'), at('b', '2026-11-23T11:00:00Z')], clock.now());
    await cancelPendingJobs(db, 'ladder', clock.now());
    await scheduleJob(db, at('a', '2026-11-23T10:00:00Z'), clock.now()); // a is pending again, b stays cancelled
    // a: pending (kept as it is); b: cancelled (planned again, at its new time); c: new.
    await scheduleJobs(db, [at('a', '2026-11-23T12:00:00Z'), at('b', '2026-11-23T10:30:00Z'), at('c', '2026-11-23T10:45:00Z')], clock.now());
    expect((await pendingJobs(db)).map((j) => [j.idempotencyKey, j.dueAt.toISOString(), j.payload])).toEqual([
      ['a', '2026-11-23T10:00:00.000Z', { key: 'a' }],
      ['b', '2026-11-23T10:30:00.000Z', { key: 'b' }],
      ['c', '2026-11-23T10:45:00.000Z', { key: 'c' }],
    ]);
    clock.set('2026-11-23T11:00:00Z');
    await scheduler.tick();
    await scheduleJobs(db, [at('a', '2026-11-23T12:00:00Z'), at('b', '2026-11-23T12:00:00Z')], clock.now()); // done: never twice
    clock.set('2026-11-23T12:00:00Z');
    await scheduler.tick();
    expect(runs).toEqual(['a', 'b', 'c']);
    await closeStore(db);
  });
});
