// The durable job loop. Every future event is a row in `jobs`; node-cron only wakes this loop each
// second. A job is claimed (status 'running') before it is handled and finished after, so a crash
// between the two makes it run again on restart: delivery is at-least-once, and handlers make their
// effects idempotent (what they record with the outcome is stored in the same transaction). Claims
// are topped up while sends are in flight, so a burst of thousands of due jobs streams instead of
// stalling at each batch's slowest send. Tests call tick() directly after moving an injected
// clock; nothing sleeps.

import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from './ports.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/open-store.ts';
import { claimDueJobs, finishJob, releaseAbandonedJobs, retryJob, type Job } from './store/jobs-repo.ts';
import { RateLimitedError, UndeliverableError } from './errors.ts';

export interface JobContext {
  now: Date;
  /** How late the job runs compared with its due time, in ms (0 when on time). */
  lateMs: number;
  /**
   * Store this write together with the job's outcome, in the same transaction, whatever the outcome
   * (done, retry or failure): e.g. "this reminder was sent", so a retry never sends it twice.
   */
  record(write: (db: Db) => Promise<unknown>): void;
}

export type JobOutcome = void | { status: 'done' | 'skipped'; note?: string };
export type JobHandler = (job: Job, context: JobContext) => Promise<JobOutcome>;
export type JobSpec = JobHandler;

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Jobs claimed at a time; the loop claims more as they finish, until nothing is due. */
  batchSize?: number;
  /** Handlers running at once. Sends are I/O-bound; platform rate limits are the adapters' concern. */
  concurrency?: number;
  /** Give up after this many failed attempts (rate limits do not count as failures). */
  maxAttempts?: number;
}

const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 15 * 60_000;

export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private task: ScheduledTask | undefined;
  private running: Promise<number> | undefined;
  private failures = 0;
  private failingSince = 0;
  private retryAt = 0;

  constructor(options: SchedulerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger.child({ component: 'scheduler' });
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = options.concurrency ?? 64;
    this.maxAttempts = options.maxAttempts ?? 40;
  }

  register(kind: string, handler: JobSpec): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered.`);
    this.handlers.set(kind, handler);
  }

  /** Recover from a crash and start the once-a-second loop. */
  async start(): Promise<void> {
    const released = await releaseAbandonedJobs(this.db);
    if (released > 0) this.logger.warn('re-queued jobs interrupted by a previous stop', { count: released });
    this.task = cron.schedule('* * * * * *', () => void this.tickWithBackoff(), {
      name: 'service-coach-scheduler',
      // tick() already shares one run between overlapping calls; node-cron's own overlap guard only
      // printed a warning to stdout every second while a big batch (10,000 reminders) was draining.
      noOverlap: false,
      suppressMissedWarning: true,
    });
  }

  /**
   * The loop's tick, what the once-a-second timer calls. A failing one (the database unreachable: a
   * failover, a restart, a network cut) waits 1, 2, 4… up to 30 s before the next try, by the
   * injected clock, and the outage is logged once when it starts and once when it ends, never every
   * second; nothing is lost meanwhile, since every job stays in its row until it is finished.
   */
  async tickWithBackoff(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now < this.retryAt) return;
    try {
      await this.tick();
      if (this.failures > 0) this.logger.info('scheduler is running again', { attempts: this.failures, downForMs: now - this.failingSince });
      this.failures = 0;
    } catch (error) {
      if (this.failures === 0) {
        this.failingSince = now;
        this.logger.error('scheduler tick failed; retrying with backoff, up to every 30 s', { error });
      }
      this.failures += 1;
      this.retryAt = now + Math.min(30_000, 1_000 * 2 ** (this.failures - 1));
    }
  }

  /** Stop the loop and wait for in-flight jobs to finish, so the db can close cleanly. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
    await this.running;
  }

  /** Run every job due now. Overlapping calls share one run. Returns how many jobs were handled. */
  tick(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let handled = 0;
    let claimed: Job[] = [];
    let next = 0;
    let exhausted = false;
    let claiming: Promise<void> | undefined;
    // Claim lazily: a worker that finds nothing left claims the next batch while the others' sends
    // are still in flight. Stop claiming once a claim comes back short: nothing more is due now.
    const take = async (): Promise<Job | undefined> => {
      while (next === claimed.length && !exhausted) {
        claiming ??= claimDueJobs(this.db, this.clock.now(), this.batchSize).then(
          (jobs) => {
            claimed = jobs;
            next = 0;
            exhausted = jobs.length < this.batchSize;
          },
        ).finally(() => {
          claiming = undefined;
        });
        await claiming;
      }
      return claimed[next++];
    };
    const worker = async () => {
      for (let job = await take(); job; job = await take()) {
        await this.runOne(job);
        handled += 1;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    return handled;
  }

  /** Run one claimed job and store its outcome, with what its handler recorded, in one transaction. */
  private async runOne(job: Job): Promise<void> {
    const now = this.clock.now();
    const records: ((db: Db) => Promise<unknown>)[] = [];
    const store = async (write: (db: Db) => Promise<unknown>) => {
      try {
        await this.db.transaction().execute(async (trx) => {
          for (const record of records) await record(trx);
          await write(trx);
        });
      } catch (error) {
        this.logger.error('could not store a job outcome; it will run again after a restart', { jobId: job.id, error });
      }
    };
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      await store((db) => finishJob(db, job.id, 'failed', now, `no handler for job kind ${job.kind}`));
      this.logger.error('no handler for job kind; marked failed', { jobId: job.id, kind: job.kind });
      return;
    }
    try {
      const context: JobContext = { now, lateMs: Math.max(0, now.getTime() - job.dueAt.getTime()), record: (write) => void records.push(write) };
      const outcome = await handler(job, context);
      const finishedAt = this.clock.now();
      await store((db) => finishJob(db, job.id, outcome?.status ?? 'done', finishedAt, outcome?.note));
      if (outcome?.status === 'skipped') this.logger.info('job skipped', { jobId: job.id, kind: job.kind, note: outcome.note });
    } catch (error) {
      const finishedAt = this.clock.now();
      const log = this.logger.child({ jobId: job.id, kind: job.kind });
      if (error instanceof UndeliverableError) {
        await store((db) => finishJob(db, job.id, 'failed', finishedAt, error.message));
        log.warn('job undeliverable; not retrying', { error: error.message });
      } else if (error instanceof RateLimitedError) {
        await store((db) => retryJob(db, job.id, new Date(finishedAt.getTime() + error.retryAfterMs), error.message));
        log.info('rate limited; retrying later', { retryAfterMs: error.retryAfterMs });
      } else if (job.attempts + 1 >= this.maxAttempts) {
        await store((db) => finishJob(db, job.id, 'failed', finishedAt, String((error as Error)?.message ?? error)));
        log.error('job failed too many times; giving up', { attempts: job.attempts + 1, error });
      } else {
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** job.attempts);
        await store((db) => retryJob(db, job.id, new Date(finishedAt.getTime() + backoff), String((error as Error)?.message ?? error)));
        log.warn('job failed; will retry', { attempt: job.attempts + 1, retryInMs: backoff, error: (error as Error)?.message });
      }
    }
  }
}
