import { describe, expect, it } from 'vitest';
import { openStore, closeStore } from '../src/store/open-store.ts';
import { cancelPendingJobs, pendingJobs, scheduleJob, scheduleJobs } from '../src/store/jobs-repo.ts';
import { Scheduler } from '../src/scheduler.ts';
import { RateLimitedError, UndeliverableError } from '../src/errors.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import path from 'node:path';

const job = (dueAt: string, extra: Partial<Parameters<typeof scheduleJob>[1]> = {}) => ({
  kind: 'test.send',
  platform: 'console' as const,
  workspaceId: 'local',
  subject: 'test',
  dueAt: new Date(dueAt),
  ...extra,
});

describe('scheduler', () => {
  const tempDir = useTempDir();
  const setup = (start = '2026-11-23T09:00:00Z') => {
    const clock = new FakeClock(start);
    const db = openStore(':memory:');
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    return { clock, db, scheduler };
  };

  it('runs a job only when it falls due, exactly once', async () => {
    const { clock, db, scheduler } = setup();
    const sent: unknown[] = [];
    scheduler.register('test.send', async (j) => void sent.push(j.payload));
    scheduleJob(db, job('2026-11-23T09:05:00Z', { payload: { n: 1 } }), clock.now());
    expect(await scheduler.tick()).toBe(0);
    clock.advanceMinutes(5);
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect(sent).toEqual([{ n: 1 }]);
  });

  it('tells a handler how late it runs', async () => {
    const { clock, db, scheduler } = setup();
    const lateness: number[] = [];
    scheduler.register('test.send', async (_j, ctx) => void lateness.push(ctx.lateMs));
    scheduleJob(db, job('2026-11-23T08:00:00Z'), clock.now());
    await scheduler.tick();
    expect(lateness).toEqual([60 * 60_000]);
  });

  it('schedules the same idempotency key once', () => {
    const { clock, db } = setup();
    expect(scheduleJob(db, job('2026-11-23T10:00:00Z', { idempotencyKey: 'k' }), clock.now())).toBeTypeOf('number');
    expect(scheduleJob(db, job('2026-11-23T10:00:00Z', { idempotencyKey: 'k' }), clock.now())).toBeUndefined();
    expect(pendingJobs(db)).toHaveLength(1);
  });

  it('retries a failed send with backoff and keeps the job until it succeeds', async () => {
    const { clock, db, scheduler } = setup();
    let calls = 0;
    scheduler.register('test.send', async () => {
      calls++;
      if (calls < 3) throw new Error('connection reset');
    });
    scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    expect(pendingJobs(db)[0]?.attempts).toBe(1);
    await scheduler.tick(); // backoff not over yet
    expect(calls).toBe(1);
    clock.advanceMinutes(1);
    await scheduler.tick();
    clock.advanceMinutes(2);
    await scheduler.tick();
    expect(calls).toBe(3);
    expect(pendingJobs(db)).toHaveLength(0);
  });

  it('waits out a rate limit for exactly as long as asked', async () => {
    const { clock, db, scheduler } = setup();
    let calls = 0;
    scheduler.register('test.send', async () => {
      if (++calls === 1) throw new RateLimitedError(7_000);
    });
    scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    clock.advance(6_000);
    await scheduler.tick();
    expect(calls).toBe(1);
    clock.advance(1_000);
    await scheduler.tick();
    expect(calls).toBe(2);
  });

  it('gives up at once on an undeliverable address', async () => {
    const { clock, db, scheduler } = setup();
    scheduler.register('test.send', async () => {
      throw new UndeliverableError('not in roster');
    });
    scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    clock.advanceMinutes(60);
    expect(await scheduler.tick()).toBe(0);
    expect(db.prepare(`SELECT status, last_error FROM jobs`).get()).toEqual({ status: 'failed', last_error: 'not in roster' });
  });

  it('re-runs a job that a crash interrupted (claimed, never finished) after restart', async () => {
    const file = path.join(tempDir(), 'crash.db');
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const first = openStore(file);
    scheduleJob(first, job('2026-11-23T09:00:00Z'), clock.now());
    first.prepare(`UPDATE jobs SET status = 'running', claimed_at = 1`).run(); // claimed, then the process died
    first.close();

    const db = openStore(file);
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    const sent: number[] = [];
    scheduler.register('test.send', async (j) => void sent.push(j.id));
    scheduler.start();
    await scheduler.stop();
    await scheduler.tick();
    expect(sent).toHaveLength(1);
    closeStore(db);
  });

  it('runs thousands of due jobs in one tick, oldest first per batch', async () => {
    const { clock, db, scheduler } = setup();
    const seen: number[] = [];
    scheduler.register('test.send', async (j) => void seen.push((j.payload as { n: number }).n));
    db.transaction(() => {
      for (let n = 0; n < 2_000; n++) scheduleJob(db, job(new Date(Date.parse('2026-11-23T08:00:00Z') + n * 1000).toISOString(), { payload: { n } }), clock.now());
    })();
    expect(await scheduler.tick()).toBe(2_000);
    expect(new Set(seen).size).toBe(2_000);
    expect(seen.slice(0, 3)).toEqual([0, 1, 2]);
  });
});

describe('scheduler: outcomes and streaming', () => {
  const setup = () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = openStore(':memory:');
    db.exec(`CREATE TABLE marks (key TEXT PRIMARY KEY)`);
    const marks = () => (db.prepare(`SELECT key FROM marks ORDER BY key`).all() as { key: string }[]).map((r) => r.key);
    return { clock, db, marks };
  };

  it("stores a handler's record with its outcome, even when the job fails and is retried", async () => {
    const { clock, db, marks } = setup();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    scheduler.register('test.send', async (_j, ctx) => {
      ctx.record(() => db.prepare(`INSERT INTO marks VALUES ('sent to lead')`).run());
      throw new Error('the channel post failed');
    });
    scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick();
    expect(marks()).toEqual(['sent to lead']);
    expect(pendingJobs(db)[0]?.attempts).toBe(1);
  });

  it('one outcome that cannot be stored does not lose the others', async () => {
    const { clock, db, marks } = setup();
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    scheduler.register('test.send', async (j, ctx) => {
      const n = (j.payload as { n: number }).n;
      // n = 2 records a duplicate key: its write fails, the other two must still be stored.
      ctx.record(() => db.prepare(`INSERT INTO marks VALUES (?)`).run(n === 2 ? 'sent 1' : `sent ${n}`));
    });
    for (const n of [1, 2, 3]) scheduleJob(db, job('2026-11-23T09:00:00Z', { payload: { n } }), clock.now());
    await scheduler.tick();
    expect(marks()).toEqual(['sent 1', 'sent 3']);
    const statuses = db.prepare(`SELECT json_extract(payload, '$.n') AS n, status FROM jobs ORDER BY n`).all();
    expect(statuses).toEqual([
      { n: 1, status: 'done' },
      { n: 2, status: 'running' }, // not finished: runs again after a restart (at-least-once)
      { n: 3, status: 'done' },
    ]);
  });

  it('a slow send does not hold up the jobs behind it', async () => {
    const { clock, db } = setup();
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
    for (let n = 0; n < 6; n++) scheduleJob(db, job('2026-11-23T09:00:00Z', { payload: { n } }), clock.now());
    const ticked = scheduler.tick();
    await fastDone; // with batches of 2, the old loop waited for job 0 before claiming jobs 2–5
    expect(fast).toEqual([1, 2, 3, 4, 5]);
    releaseSlow();
    expect(await ticked).toBe(6);
    expect(pendingJobs(db)).toHaveLength(0);
  });
});

describe('scheduler: jobs prepared ahead', () => {
  const setup = () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = openStore(':memory:');
    const scheduler = new Scheduler({ db, clock, logger: silentLogger, lookaheadMs: 60_000 });
    const log: string[] = [];
    let failPrepare = false;
    scheduler.register('test.remind', {
      run: async (j) => void log.push(`ran ${JSON.stringify(j.payload)}`),
      prepare: async (j) => {
        if (failPrepare) throw new Error('conversation not reachable yet');
        log.push(`prepared ${JSON.stringify(j.payload)}`);
        return async (ctx) => void log.push(`sent what was prepared, ${ctx.lateMs} ms late`);
      },
    });
    const status = () => (db.prepare(`SELECT status FROM jobs ORDER BY id`).get() as { status: string }).status;
    return { clock, db, scheduler, log, status, failPreparing: () => (failPrepare = true) };
  };
  const remind = (dueAt: string, payload: unknown = { n: 1 }, key = 'promise:1:headsup') => job(dueAt, { kind: 'test.remind', subject: 'promise:1', idempotencyKey: key, payload });

  it('prepares a job within the lookahead once, changes nothing in the db, and only sends when it falls due', async () => {
    const { clock, db, scheduler, log, status } = setup();
    scheduleJob(db, remind('2026-11-23T09:00:30Z'), clock.now());
    scheduleJob(db, remind('2026-11-23T09:05:00Z', { n: 2 }, 'promise:1:due'), clock.now()); // outside the lookahead: not yet
    expect(await scheduler.tick()).toBe(0);
    expect(log).toEqual(['prepared {"n":1}']);
    expect(status()).toBe('pending');
    clock.advance(10_000);
    await scheduler.tick();
    expect(log).toEqual(['prepared {"n":1}']);
    clock.advance(20_000);
    expect(await scheduler.tick()).toBe(1);
    expect(log).toEqual(['prepared {"n":1}', 'sent what was prepared, 0 ms late']);
    expect(pendingJobs(db).map((j) => j.payload)).toEqual([{ n: 2 }]);
  });

  it('does not send a prepared job that was cancelled before it fell due', async () => {
    const { clock, db, scheduler, log, status } = setup();
    scheduleJob(db, remind('2026-11-23T09:00:30Z'), clock.now());
    await scheduler.tick();
    cancelPendingJobs(db, 'promise:1', clock.now()); // the agent marked the promise done
    clock.advance(30_000);
    expect(await scheduler.tick()).toBe(0);
    expect(log).toEqual(['prepared {"n":1}']);
    expect(status()).toBe('cancelled');
  });

  it('runs a job afresh when it was re-planned under the same key after it was prepared', async () => {
    const { clock, db, scheduler, log } = setup();
    scheduleJob(db, remind('2026-11-23T09:00:30Z', { revision: 0 }), clock.now());
    await scheduler.tick();
    cancelPendingJobs(db, 'promise:1', clock.now());
    scheduleJob(db, remind('2026-11-23T09:00:30Z', { revision: 1 }), clock.now());
    clock.advance(30_000);
    await scheduler.tick();
    expect(log).toEqual(['prepared {"revision":0}', 'ran {"revision":1}']);
  });

  it('runs a job as usual when preparing it failed', async () => {
    const { clock, db, scheduler, log, status, failPreparing } = setup();
    failPreparing();
    scheduleJob(db, remind('2026-11-23T09:00:30Z'), clock.now());
    await scheduler.tick();
    clock.advance(30_000);
    expect(await scheduler.tick()).toBe(1);
    expect(log).toEqual(['ran {"n":1}']);
    expect(status()).toBe('done');
  });

  it('forgets what it prepared when stopped: after a restart the job still runs once', async () => {
    const { clock, db, scheduler, log } = setup();
    scheduleJob(db, remind('2026-11-23T09:00:30Z'), clock.now());
    await scheduler.tick();
    await scheduler.stop();
    const restarted = new Scheduler({ db, clock, logger: silentLogger });
    restarted.register('test.remind', async (j) => void log.push(`ran after restart ${JSON.stringify(j.payload)}`));
    clock.advance(30_000);
    expect(await restarted.tick()).toBe(1);
    expect(log).toEqual(['prepared {"n":1}', 'ran after restart {"n":1}']);
  });
});

describe('idempotency keys', () => {
  it('a cancelled key can be planned again; a done or pending one cannot', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = openStore(':memory:');
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    let runs = 0;
    scheduler.register('test.send', async () => void runs++);
    const slot = job('2026-11-23T10:00:00Z', { idempotencyKey: 'slot', subject: 's' });
    expect(scheduleJob(db, slot, clock.now())).toBeTypeOf('number');
    expect(scheduleJob(db, slot, clock.now())).toBeUndefined(); // pending: once
    cancelPendingJobs(db, 's', clock.now());
    expect(scheduleJob(db, slot, clock.now())).toBeTypeOf('number'); // cancelled: wanted again
    clock.set('2026-11-23T10:00:00Z');
    await scheduler.tick();
    expect(scheduleJob(db, slot, clock.now())).toBeUndefined(); // done: never twice
    await scheduler.tick();
    expect(runs).toBe(1);
    closeStore(db);
  });

  it('several jobs scheduled together follow the same rules, each on its own key', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = openStore(':memory:');
    const scheduler = new Scheduler({ db, clock, logger: silentLogger });
    const runs: string[] = [];
    scheduler.register('test.send', async (j) => void runs.push(j.idempotencyKey ?? ''));
    const at = (key: string, dueAt: string) => job(dueAt, { idempotencyKey: key, subject: 'ladder', payload: { key } });
    scheduleJobs(db, [at('a', '2026-11-23T10:00:00Z'), at('b', '2026-11-23T11:00:00Z')], clock.now());
    cancelPendingJobs(db, 'ladder', clock.now());
    scheduleJob(db, at('a', '2026-11-23T10:00:00Z'), clock.now()); // a is pending again, b stays cancelled
    // a: pending (kept as it is); b: cancelled (planned again, at its new time); c: new.
    scheduleJobs(db, [at('a', '2026-11-23T12:00:00Z'), at('b', '2026-11-23T10:30:00Z'), at('c', '2026-11-23T10:45:00Z')], clock.now());
    expect(pendingJobs(db).map((j) => [j.idempotencyKey, j.dueAt.toISOString(), j.payload])).toEqual([
      ['a', '2026-11-23T10:00:00.000Z', { key: 'a' }],
      ['b', '2026-11-23T10:30:00.000Z', { key: 'b' }],
      ['c', '2026-11-23T10:45:00.000Z', { key: 'c' }],
    ]);
    clock.set('2026-11-23T11:00:00Z');
    await scheduler.tick();
    scheduleJobs(db, [at('a', '2026-11-23T12:00:00Z'), at('b', '2026-11-23T12:00:00Z')], clock.now()); // done: never twice
    clock.set('2026-11-23T12:00:00Z');
    await scheduler.tick();
    expect(runs).toEqual(['a', 'b', 'c']);
    closeStore(db);
  });
});
