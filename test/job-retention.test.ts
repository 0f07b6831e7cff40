// The jobs table no longer grows forever: finished jobs (done, skipped, failed, cancelled) are
// deleted once JOB_RETENTION_DAYS have passed, in bounded batches; live jobs are never touched.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../src/store/open-store.ts';
import { dbAll } from './helpers/sql.ts';
import { DIALECTS, freshDatabaseUrl } from './helpers/test-store.ts';
import { cancelPendingJobs, scheduleJobs } from '../src/store/jobs-repo.ts';
import { Scheduler } from '../src/scheduler.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { useTempDir } from './helpers/temp-dir.ts';

const job = (n: number, dueAt: Date, subject = 'old') => ({
  kind: 'test.send',
  platform: 'console' as const,
  workspaceId: 'local',
  subject,
  dueAt,
  payload: { n },
  idempotencyKey: `test:${subject}:${n}`,
});

describe('JOB_RETENTION_DAYS', () => {
  it('defaults to 30 days and refuses nonsense', () => {
    expect(loadConfig({}).jobRetentionDays).toBe(30);
    expect(loadConfig({ JOB_RETENTION_DAYS: '7' }).jobRetentionDays).toBe(7);
    expect(() => loadConfig({ JOB_RETENTION_DAYS: '0' })).toThrow(/JOB_RETENTION_DAYS/);
  });
});

describe.each(DIALECTS)('finished-job sweep on %s', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });

  it('deletes finished jobs older than the retention period, 1,000 at a time, and keeps the rest', async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    const clock = new FakeClock('2026-10-01T09:00:00Z');
    const scheduler = new Scheduler({ db, clock, logger: silentLogger, retentionDays: 30 });
    scheduler.register('test.send', async (j) => ((j.payload as { n: number }).n % 2 ? { status: 'skipped' } : undefined));
    // 2,500 jobs sent on 1 October; one cancelled; one planned for December (still pending then).
    await scheduleJobs(db, Array.from({ length: 2_500 }, (_, n) => job(n, clock.now())), clock.now());
    await scheduleJobs(db, [job(0, new Date('2026-10-05T09:00:00Z'), 'cancelled'), job(0, new Date('2026-12-01T09:00:00Z'), 'future')], clock.now());
    await cancelPendingJobs(db, 'cancelled', clock.now());
    expect(await scheduler.tick()).toBe(2_500);
    // 15 October: a job finishes, too recent to delete on 1 November.
    clock.set('2026-10-15T09:00:00Z');
    await scheduleJobs(db, [job(0, clock.now(), 'recent')], clock.now());
    await scheduler.tick();

    clock.set('2026-10-31T08:00:00Z'); // 30 days less an hour after the first batch finished
    expect(await scheduler.sweep()).toBe(0);
    clock.set('2026-11-01T09:00:00Z');
    expect(await scheduler.sweep()).toBe(2_501);
    expect(await dbAll(db, `SELECT subject, status FROM jobs ORDER BY subject`)).toEqual([
      { subject: 'future', status: 'pending' },
      { subject: 'recent', status: 'done' },
    ]);
  });
});
