// Retry policies with the fake clock, on both stores: a rate limit never uses up a job's attempts
// nor grows its backoff; transient failures are retried with a capped backoff while the message is
// still useful; a reminder given up still lets the next step go, and the agent is told, never
// silently. (The same outage through real processes: test/reliability/slack-outage.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../src/store/open-store.ts';
import { dbAll, dbGet } from './helpers/sql.ts';
import { DIALECTS, freshDatabaseUrl } from './helpers/test-store.ts';
import { pendingJobs, scheduleJob } from '../src/store/jobs-repo.ts';
import { Scheduler, type JobSettledEvent } from '../src/scheduler.ts';
import { backoffFor, planRetry, DEFAULT_RETRY_POLICY } from '../src/retry-policy.ts';
import { CodedError, RateLimitedError } from '../src/errors.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { alice, command, startTestApp, supportChannel } from './helpers/test-app.ts';

const job = (dueAt: string) => ({ kind: 'test.send', platform: 'console' as const, workspaceId: 'local', subject: 'test', dueAt: new Date(dueAt) });
const serverError = () => new CodedError('DELIVERY_FAILED', 'Slack chat.postMessage answered 500');

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const policy = { baseBackoffMs: 5_000, maxBackoffMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 40].map((n) => backoffFor(policy, n))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('gives up when the attempts are used up, or when the retry would land after the message stopped being useful', async () => {
    const base = { id: 1, kind: 'k', platform: 'console' as const, workspaceId: 'w', subject: 's', dueAt: new Date(0), payload: {}, idempotencyKey: null };
    const now = new Date('2026-11-23T09:00:00Z');
    expect(await planRetry(DEFAULT_RETRY_POLICY, { ...base, attempts: 9 }, now)).toEqual({ giveUp: 'attempts' });
    expect(await planRetry(DEFAULT_RETRY_POLICY, { ...base, attempts: 2 }, now)).toEqual({ retryInMs: 120_000 });
    const soon = { ...DEFAULT_RETRY_POLICY, usefulUntil: () => new Date(now.getTime() + 60_000) };
    expect(await planRetry(soon, { ...base, attempts: 0 }, now)).toEqual({ retryInMs: 30_000 });
    expect(await planRetry(soon, { ...base, attempts: 1 }, now)).toEqual({ giveUp: 'too-late' });
  });
});

describe.each(DIALECTS)('retry policies on %s', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });
  const setup = async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const events: JobSettledEvent[] = [];
    const scheduler = new Scheduler({ db, clock, logger: silentLogger, onJobSettled: (e) => events.push(e) });
    return { db, clock, scheduler, events };
  };

  it('60 rate limits in a row use no attempt and grow no backoff; the 500 after them waits only the base backoff', async () => {
    const { db, clock, scheduler, events } = await setup();
    let calls = 0;
    scheduler.register(
      'test.send',
      async () => {
        calls += 1;
        if (calls <= 60) throw new RateLimitedError(1_000, 'Slack chat.postMessage rate limited');
        if (calls === 61) throw serverError();
      },
      { maxAttempts: 3, baseBackoffMs: 5_000, maxBackoffMs: 60_000 },
    );
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    for (let i = 0; i < 60; i++) {
      await scheduler.tick();
      clock.advance(1_000);
    }
    expect(calls).toBe(60);
    expect((await pendingJobs(db))[0]?.attempts).toBe(0);
    await scheduler.tick(); // the 500
    expect((await pendingJobs(db))[0]?.attempts).toBe(1);
    clock.advance(4_999);
    await scheduler.tick();
    expect(calls).toBe(61);
    clock.advance(1);
    await scheduler.tick();
    expect(calls).toBe(62);
    expect(await dbGet(db, `SELECT status, attempts FROM jobs`)).toEqual({ status: 'done', attempts: 1 });
    expect(events.filter((e) => e.outcome === 'rate_limited')).toHaveLength(60);
    expect(events.slice(-2).map((e) => [e.outcome, e.errorCode])).toEqual([['retry', 'DELIVERY_FAILED'], ['done', undefined]]);
    expect(events.at(-1)?.lateMs).toBe(65_000); // lateness counts from the planned time, not the last retry
  });

  it('gives up once the message would come too late, storing the report it plans with the failure', async () => {
    const { db, clock, scheduler } = await setup();
    const reports: string[] = [];
    scheduler.register(
      'test.send',
      async () => {
        throw serverError();
      },
      {
        baseBackoffMs: 60_000,
        usefulUntil: (j) => new Date(j.dueAt.getTime() + 150_000),
        onGiveUp: (_j, giveUp) => giveUp.record(async () => void reports.push(`${giveUp.reason}: ${giveUp.error}`)),
      },
    );
    await scheduleJob(db, job('2026-11-23T09:00:00Z'), clock.now());
    await scheduler.tick(); // fails; retry in 1 min
    clock.advance(60_000);
    await scheduler.tick(); // fails; the next retry (2 min) would land after 09:02:30
    expect(reports).toEqual(['too-late: Slack chat.postMessage answered 500']);
    expect(await dbAll(db, `SELECT status, attempts, last_error FROM jobs`)).toEqual([{ status: 'failed', attempts: 1, last_error: 'Slack chat.postMessage answered 500' }]);
  });
});

describe.each(DIALECTS)('a reminder the platform kept refusing (%s)', (dialect) => {
  const tempDir = useTempDir();

  it("gives the heads-up up when the due reminder is due, sends the due reminder, and tells the agent the heads-up didn't get through", async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    await t.app.coach.handle(command(alice, supportChannel, 'promise-callback', 'ACME-4411 at 10:00 refund status', t.clock.now()));
    t.clock.set('2026-11-23T09:45:00Z');
    t.messenger.failWith = serverError(); // Slack answers 500 from the heads-up until the due time
    const sent: string[] = [];
    for (let s = 0; s < 20 * 60; s += 5) {
      if (t.clock.now().toISOString() >= '2026-11-23T10:00:00') t.messenger.failWith = undefined;
      await t.app.scheduler.tick();
      for (const m of t.messenger.take()) sent.push(`${t.clock.now().toISOString().slice(11, 19)} ${m.msg.text.split('\n')[0]}`);
      t.clock.advance(5_000);
    }
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^10:00:00 📞 Time to call back ACME-4411/);
    expect(sent[1]).toMatch(/^10:0\d:\d\d Sorry, my heads-up for promise #\d+ didn't get through: Slack kept failing around Mon 23 Nov, 09:5\d GMT\./);
    expect(await dbAll(t.app.db, `SELECT kind, status FROM jobs WHERE kind IN ('promise.headsup', 'promise.undelivered') ORDER BY id`)).toEqual([
      { kind: 'promise.headsup', status: 'failed' },
      { kind: 'promise.undelivered', status: 'done' },
    ]);
    await t.app.stop();
  });
});
