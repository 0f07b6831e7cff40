// Several replicas on one store: claims are leases, renewed while a handler runs; a dead replica's
// claim is taken over once its lease runs out (and the job knows it was recovered); a replica that
// starts never takes live claims; a replica whose lease was taken over never overwrites the new
// holder's outcome; "due" can be the database's clock; a stop hands unfinished work back.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../src/store/open-store.ts';
import { dbAll, dbGet, dbRun } from './helpers/sql.ts';
import { RateLimitedError } from '../src/errors.ts';
import { DIALECTS, freshDatabaseUrl } from './helpers/test-store.ts';
import { scheduleJob } from '../src/store/jobs-repo.ts';
import { Scheduler, type JobSettledEvent } from '../src/scheduler.ts';
import { currentJob } from '../src/job-context.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { useTempDir } from './helpers/temp-dir.ts';

const job = (dueAt: Date | string, payload: unknown = {}) => ({
  kind: 'test.send',
  platform: 'console' as const,
  workspaceId: 'local',
  subject: 'test',
  dueAt: new Date(dueAt),
  payload,
});

/** A handler that waits until told to finish, so a test can look while it runs. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  return { opened, open, running, started };
}

describe.each(DIALECTS)('job leases on %s', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });
  const setup = async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const replica = (name: string, extra: Partial<ConstructorParameters<typeof Scheduler>[0]> = {}) =>
      new Scheduler({ db, clock, logger: silentLogger, replicaId: name, leaseMs: 30_000, ...extra });
    return { db, clock, replica };
  };

  it("leaves a live claim alone and takes a dead replica's job over once its lease runs out, as recovered", async () => {
    const { db, clock, replica } = await setup();
    const a = replica('a');
    const b = replica('b');
    const g = gate();
    const runs: { by: string; recovered: boolean | undefined }[] = [];
    a.register('test.send', async () => {
      runs.push({ by: 'a', recovered: currentJob()?.recovered });
      g.started();
      await g.opened; // replica a hangs (or died) with the job claimed
      return { status: 'skipped', note: 'a, too late' };
    });
    b.register('test.send', async () => void runs.push({ by: 'b', recovered: currentJob()?.recovered }));
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    const aTick = a.tick();
    await g.running;
    await b.start(); // a replica starting up must not release a's claim
    await b.stop();
    expect(await b.tick()).toBe(0);
    clock.advance(29_000);
    expect(await b.tick()).toBe(0); // a's lease (30 s) still runs
    clock.advance(2_000);
    expect(await b.tick()).toBe(1);
    expect(runs).toEqual([
      { by: 'a', recovered: false },
      { by: 'b', recovered: true },
    ]);
    g.open(); // a wakes up late: its outcome must not overwrite b's
    await aTick;
    expect(await dbGet(db, `SELECT status, claimed_by FROM jobs`)).toEqual({ status: 'done', claimed_by: 'b' });
  });

  it('renews the lease while a slow handler runs, so nobody else takes the job', async () => {
    const { db, clock, replica } = await setup();
    const a = replica('a');
    const b = replica('b');
    const g = gate();
    let bRuns = 0;
    a.register('test.send', async () => {
      g.started();
      await g.opened;
    });
    b.register('test.send', async () => void bRuns++);
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    const aTick = a.tick();
    await g.running;
    for (let i = 0; i < 6; i++) {
      clock.advance(20_000); // two minutes in all, four leases' worth
      await a.renewLeases();
      expect(await b.tick()).toBe(0);
    }
    g.open();
    expect(await aTick).toBe(1);
    expect(bRuns).toBe(0);
    expect(await dbGet(db, `SELECT status, claims FROM jobs`)).toEqual({ status: 'done', claims: 1 });
  });

  it("judges what is due by the database's clock, not the replica's", async () => {
    const { db, replica } = await setup();
    const ahead = new FakeClock(new Date(Date.now() + 60 * 60_000)); // this replica's clock is an hour fast
    const a = replica('a', { clock: ahead, claimTime: 'database' });
    const sent: string[] = [];
    a.register('test.send', async (j) => void sent.push((j.payload as { name: string }).name));
    await scheduleJob(db, job(new Date(Date.now() + 30 * 60_000), { name: 'in half an hour' }), new Date());
    await scheduleJob(db, job(new Date(Date.now() - 1_000), { name: 'a second ago' }), new Date());
    expect(await a.tick()).toBe(1);
    expect(sent).toEqual(['a second ago']);
  });

  it("times retries and lease renewals by the database's clock too", async () => {
    const { db, replica } = await setup();
    const behind = new FakeClock('2020-01-01T00:00:00Z'); // this replica's clock is years behind
    const a = replica('a', { clock: behind, claimTime: 'database' });
    const g = gate();
    let calls = 0;
    a.register('test.send', async () => {
      if (++calls === 1) throw new RateLimitedError(60_000);
      g.started();
      await g.opened;
    });
    await scheduleJob(db, job(new Date(Date.now() - 1_000)), new Date());
    const before = Date.now();
    await a.tick();
    const retry = (await dbGet<{ due_at: number }>(db, `SELECT due_at FROM jobs`))!;
    expect(Number(retry.due_at)).toBeGreaterThanOrEqual(before + 60_000 - 1_000); // a minute from the database's now
    expect(Number(retry.due_at)).toBeLessThan(Date.now() + 60_000 + 1_000);
    await dbRun(db, `UPDATE jobs SET due_at = ?`, Date.now() - 1_000);
    const ticked = a.tick();
    await g.running;
    await a.renewLeases();
    const lease = (await dbGet<{ lease_until: number }>(db, `SELECT lease_until FROM jobs`))!;
    expect(Number(lease.lease_until)).toBeGreaterThan(Date.now() + 25_000);
    g.open();
    await ticked;
  });

  it('on stop, hands back claimed jobs that never started, and an unfinished one runs again once, as recovered', async () => {
    const { db, clock, replica } = await setup();
    const events: JobSettledEvent[] = [];
    const handedBack: JobSettledEvent[] = [];
    const a = replica('a', { concurrency: 1, batchSize: 10, stopGraceMs: 50, onJobSettled: (e) => handedBack.push(e) });
    const g = gate();
    a.register('test.send', async () => {
      g.started();
      await g.opened; // Slack is very slow: the send does not finish within the grace period
    });
    for (let n = 0; n < 5; n++) await scheduleJob(db, job('2026-11-23T09:00:00Z', { n }), clock.now());
    void a.tick();
    await g.running;
    await a.stop();
    expect(await dbAll(db, `SELECT status, claimed_by, lease_until, attempts, claims FROM jobs ORDER BY id`)).toEqual([
      { status: 'pending', claimed_by: null, lease_until: null, attempts: 0, claims: 1 }, // was being sent: check first next time
      ...Array.from({ length: 4 }, () => ({ status: 'pending', claimed_by: null, lease_until: null, attempts: 0, claims: 0 })),
    ]);
    expect(handedBack.map((e) => e.outcome)).toEqual(['released', 'released', 'released', 'released', 'released']);
    const next = replica('next', { onJobSettled: (e) => events.push(e) });
    const recovered: boolean[] = [];
    next.register('test.send', async () => void recovered.push(Boolean(currentJob()?.recovered)));
    expect(await next.tick()).toBe(5);
    expect(recovered).toEqual([true, false, false, false, false]);
    expect(events.map((e) => e.outcome)).toEqual(['done', 'done', 'done', 'done', 'done']);
    g.open();
  });

  it('a replica without a handler for a kind (an older version mid-upgrade) puts the job back for one that has it', async () => {
    const { db, clock, replica } = await setup();
    const old = replica('old');
    await scheduleJob(db, { ...job('2026-11-23T09:00:00Z'), kind: 'new.kind' }, clock.now());
    expect(await old.tick()).toBe(1);
    expect(await dbGet(db, `SELECT status, attempts, due_at FROM jobs`)).toEqual({ status: 'pending', attempts: 0, due_at: Date.parse('2026-11-23T09:05:00Z') });
    const upgraded = replica('new');
    const ran: string[] = [];
    upgraded.register('new.kind', async (j) => void ran.push(j.dueAt.toISOString()));
    clock.advanceMinutes(5);
    expect(await upgraded.tick()).toBe(1);
    expect(ran).toEqual(['2026-11-23T09:00:00.000Z']);
  });
  it('a send that failed without proving nothing went (a 500, a timeout) runs again as recovered; one refused with a 429 does not', async () => {
    const { db, clock, replica } = await setup();
    const a = replica('a');
    const runs: { attempt: number; recovered: boolean | undefined }[] = [];
    a.register('test.send', async () => {
      runs.push({ attempt: runs.length + 1, recovered: currentJob()?.recovered });
      if (runs.length === 1) throw new RateLimitedError(1_000);
      if (runs.length === 2) throw new Error('chat.postMessage: HTTP 500');
      return { status: 'done' };
    }, { baseBackoffMs: 5_000, maxBackoffMs: 5_000 });
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    for (let i = 0; i < 3; i += 1) {
      await a.tick();
      clock.advance(6_000);
    }
    expect(runs).toEqual([
      { attempt: 1, recovered: false },
      { attempt: 2, recovered: false },
      { attempt: 3, recovered: true },
    ]);
  });
});
