// The job figures an operator alerts on, moved by real jobs on an injected clock: a job running
// right now, a platform's 429 (a rate-limit wait, not a failure), a failure by its error code, and
// a promise that went overdue. (probes-and-metrics.test.ts covers the HTTP side on a real process.)
import { describe, expect, it } from 'vitest';
import { CodedError, RateLimitedError } from '../../src/errors.ts';
import type { Actor, Messenger, Outbound } from '../../src/ports.ts';
import { alice, command, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { DIALECTS } from '../helpers/test-store.ts';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(DIALECTS)('job and promise metrics (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('count a job running, a rate-limit wait, a failure by code and an overdue promise', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const scrape = async () => (await t.app.metrics.render()).body;
    // Due 10:00: the heads-up is due at 09:45.
    await t.app.coach.handle(command(alice, supportChannel, 'promise-callback', 'ACME-4411 at 10am refund status', t.clock.now()));
    expect(sample(await scrape(), 'service_coach_jobs{kind="promise.headsup",state="pending"}')).toBe(1);

    t.clock.set('2026-11-23T09:45:00Z');
    t.messenger.failWith = new RateLimitedError(30_000);
    await t.app.scheduler.tick();
    let text = await scrape();
    expect(sample(text, 'service_coach_rate_limit_waits_total{kind="promise.headsup"}')).toBe(1);
    expect(sample(text, 'service_coach_job_failures_total{kind="promise.headsup",code="DELIVERY_RATE_LIMITED"}')).toBeUndefined();

    t.clock.advance(30_000);
    t.messenger.failWith = new CodedError('DELIVERY_FAILED', 'Slack answered 500');
    await t.app.scheduler.tick();
    text = await scrape();
    expect(sample(text, 'service_coach_job_failures_total{kind="promise.headsup",code="DELIVERY_FAILED"}')).toBe(1);
    expect(sample(text, 'service_coach_job_runs_total{kind="promise.headsup",outcome="retry"}')).toBe(1);

    // The retry runs while Slack is slow: the scrape in the middle sees it running.
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const slowMessenger: Messenger = {
      post: async () => ({ ref: 'p' }),
      dm: async (_to: Actor, _msg: Outbound) => {
        started();
        await slow;
        return { ref: 'd' };
      },
      upload: async () => ({ ref: 'u' }),
    };
    t.app.messenger.register('slack', slowMessenger);
    t.messenger.failWith = undefined;
    t.clock.advance(60_000);
    const tick = t.app.scheduler.tick();
    await sending;
    expect(sample(await scrape(), 'service_coach_jobs{kind="promise.headsup",state="running"}')).toBe(1);
    release();
    await tick;
    text = await scrape();
    expect(sample(text, 'service_coach_jobs{kind="promise.headsup",state="running"}')).toBeUndefined();
    expect(sample(text, 'service_coach_job_runs_total{kind="promise.headsup",outcome="done"}')).toBe(1);
    expect(sample(text, 'service_coach_promises{state="overdue"}')).toBe(0);

    // Past 10:00 and not done: overdue, still open.
    t.clock.set('2026-11-23T10:01:00Z');
    text = await scrape();
    expect(sample(text, 'service_coach_promises{state="open"}')).toBe(1);
    expect(sample(text, 'service_coach_promises{state="overdue"}')).toBe(1);
    await t.app.stop();
  });
});
