// The durable job loop. Every future event is a row in `jobs`; node-cron only wakes this loop each
// second. A job is claimed (status 'running') before it is handled and finished after, so a crash
// between the two makes it run again on restart: delivery is at-least-once, and handlers make their
// effects idempotent. Tests call tick() directly after moving an injected clock; nothing sleeps.

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
}

export type JobOutcome = void | { status: 'done' | 'skipped'; note?: string };
export type JobHandler = (job: Job, context: JobContext) => Promise<JobOutcome>;

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Jobs claimed per round; the loop keeps claiming until nothing is due. */
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

  constructor(options: SchedulerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger.child({ component: 'scheduler' });
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = options.concurrency ?? 64;
    this.maxAttempts = options.maxAttempts ?? 40;
  }

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered.`);
    this.handlers.set(kind, handler);
  }

  /** Recover from a crash and start the once-a-second loop. */
  start(): void {
    const released = releaseAbandonedJobs(this.db);
    if (released > 0) this.logger.warn('re-queued jobs interrupted by a previous stop', { count: released });
    this.task = cron.schedule('* * * * * *', () => this.tick().catch((error) => this.logger.error('scheduler tick failed', { error })), {
      name: 'service-coach-scheduler',
      // tick() already shares one run between overlapping calls; node-cron's own overlap guard only
      // printed a warning to stdout every second while a big batch (10,000 reminders) was draining.
      noOverlap: false,
      suppressMissedWarning: true,
    });
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
    for (;;) {
      const now = this.clock.now();
      const jobs = claimDueJobs(this.db, now, this.batchSize);
      if (jobs.length === 0) return handled;
      await runPool(jobs, this.concurrency, (job) => this.runOne(job));
      handled += jobs.length;
      if (jobs.length < this.batchSize) return handled;
    }
  }

  private async runOne(job: Job): Promise<void> {
    const now = this.clock.now();
    const log = this.logger.child({ jobId: job.id, kind: job.kind });
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      finishJob(this.db, job.id, 'failed', now, `no handler for job kind ${job.kind}`);
      log.error('no handler for job kind; marked failed');
      return;
    }
    try {
      const outcome = await handler(job, { now, lateMs: Math.max(0, now.getTime() - job.dueAt.getTime()) });
      finishJob(this.db, job.id, outcome?.status ?? 'done', this.clock.now(), outcome?.note);
      if (outcome?.status === 'skipped') log.info('job skipped', { note: outcome.note });
    } catch (error) {
      const finishedAt = this.clock.now();
      if (error instanceof UndeliverableError) {
        finishJob(this.db, job.id, 'failed', finishedAt, error.message);
        log.warn('job undeliverable; not retrying', { error: error.message });
      } else if (error instanceof RateLimitedError) {
        retryJob(this.db, job.id, new Date(finishedAt.getTime() + error.retryAfterMs), error.message);
        log.info('rate limited; retrying later', { retryAfterMs: error.retryAfterMs });
      } else if (job.attempts + 1 >= this.maxAttempts) {
        finishJob(this.db, job.id, 'failed', finishedAt, String((error as Error)?.message ?? error));
        log.error('job failed too many times; giving up', { attempts: job.attempts + 1, error });
      } else {
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** job.attempts);
        retryJob(this.db, job.id, new Date(finishedAt.getTime() + backoff), String((error as Error)?.message ?? error));
        log.warn('job failed; will retry', { attempt: job.attempts + 1, retryInMs: backoff, error: (error as Error)?.message });
      }
    }
  }
}

/** Run `work` over items with at most `limit` in flight. */
export async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}
