// The durable job loop. Every future event is a row in `jobs`; node-cron only wakes this loop each
// second. A job is claimed (status 'running') before it is handled and finished after, so a crash
// between the two makes it run again on restart: delivery is at-least-once, and handlers make their
// effects idempotent. Outcomes are committed in batches (JobOutcomesWriter) and claims are topped up
// while sends are in flight, so a burst of thousands of due jobs streams instead of stalling at each
// batch's slowest send. Jobs whose handlers can prepare (reminders) are prepared up to a minute
// ahead and held in memory, so when thousands fall due in the same second only their sends are left
// (see HeldJobs). Tests call tick() directly after moving an injected clock; nothing sleeps.

import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from './ports.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/open-store.ts';
import { claimDueJobs, claimJobsById, finishJob, listUpcomingJobs, releaseAbandonedJobs, retryJob, type Job } from './store/jobs-repo.ts';
import { RateLimitedError, UndeliverableError } from './errors.ts';
import { JobOutcomesWriter } from './job-outcomes-writer.ts';
import { HeldJobs } from './held-jobs.ts';

export interface JobContext {
  now: Date;
  /** How late the job runs compared with its due time, in ms (0 when on time). */
  lateMs: number;
  /**
   * Store this write together with the job's outcome, in the same transaction, whatever the outcome
   * (done, retry or failure): e.g. "this reminder was sent", so a retry never sends it twice.
   */
  record(write: () => void): void;
}

export type JobOutcome = void | { status: 'done' | 'skipped'; note?: string };
export type JobHandler = (job: Job, context: JobContext) => Promise<JobOutcome>;

/** What is left of a prepared job when it falls due: usually one send. */
export type JobPreparation = (context: JobContext) => Promise<JobOutcome>;
/**
 * Does a job's work ahead of its due time (load, render, find the conversation) and returns what is
 * left to do then; undefined when there is nothing to prepare (the job then runs as usual). It must
 * not change anything: the job may still be cancelled before it falls due.
 */
export type JobPreparer = (job: Job) => Promise<JobPreparation | undefined>;
export interface PreparableJob {
  run: JobHandler;
  prepare: JobPreparer;
}
export type JobSpec = JobHandler | PreparableJob;

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
  /** How far ahead preparable jobs are prepared. */
  lookaheadMs?: number;
  /** At most this many prepared jobs are held in memory. */
  maxHeld?: number;
}

const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 15 * 60_000;

export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly preparers = new Map<string, JobPreparer>();
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private task: ScheduledTask | undefined;
  private running: Promise<number> | undefined;
  private readonly outcomes: JobOutcomesWriter;
  private readonly lookaheadMs: number;
  private readonly maxHeld: number;
  private readonly held = new HeldJobs<JobPreparation>();
  /** Everything pending up to here (due time, then id) has been looked at for preparing. */
  private preparedUpTo = { dueAt: 0, id: 0 };
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly firing = new Set<Promise<number>>();
  private stopping = false;

  constructor(options: SchedulerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger.child({ component: 'scheduler' });
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = options.concurrency ?? 64;
    this.maxAttempts = options.maxAttempts ?? 40;
    this.outcomes = new JobOutcomesWriter(this.db, this.logger);
    this.lookaheadMs = options.lookaheadMs ?? 60_000;
    this.maxHeld = options.maxHeld ?? 20_000;
  }

  register(kind: string, spec: JobSpec): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered.`);
    if (typeof spec === 'function') {
      this.handlers.set(kind, spec);
    } else {
      this.handlers.set(kind, spec.run);
      this.preparers.set(kind, spec.prepare);
    }
  }

  /** Recover from a crash and start the once-a-second loop. */
  start(): void {
    this.stopping = false;
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
    this.stopping = true;
    await this.task?.destroy();
    this.task = undefined;
    clearTimeout(this.wakeTimer);
    await this.running;
    await Promise.all(this.firing);
    // Prepared jobs are only in memory; their rows are still pending and run after a restart.
    this.held.clear();
    this.preparedUpTo = { dueAt: 0, id: 0 };
  }

  /**
   * Run every job due now, then prepare the ones due within the lookahead. Overlapping calls share
   * one run. Returns how many jobs were handled.
   */
  tick(): Promise<number> {
    this.running ??= (async () => {
      const fired = await this.fireHeld();
      const handled = await this.drain();
      await this.prepareUpcoming();
      return fired + handled;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Send the held jobs that are due: claim their rows (skipping any cancelled meanwhile), then run what was prepared. */
  private fireHeld(): Promise<number> {
    const now = this.clock.now();
    const due = this.held.takeDue(now);
    if (due.length === 0) return Promise.resolve(0);
    const claimed = new Map(claimJobsById(this.db, due.map((h) => h.job.id), now).map((job) => [job.id, job]));
    const runs: { job: Job; action?: JobPreparation }[] = [];
    for (const { job, preparation } of due) {
      const current = claimed.get(job.id);
      if (!current) continue; // cancelled, moved later or already run: nothing to send now
      // Changed since it was prepared (re-planned under the same key): run it afresh.
      const unchanged = current.dueAt.getTime() === job.dueAt.getTime() && JSON.stringify(current.payload) === JSON.stringify(job.payload);
      runs.push(unchanged ? { job: current, action: preparation } : { job: current });
    }
    const run = this.runAll(runs).finally(() => {
      this.firing.delete(run);
      this.scheduleWake();
    });
    this.firing.add(run);
    return run;
  }

  private async runAll(runs: { job: Job; action?: JobPreparation }[]): Promise<number> {
    let next = 0;
    const worker = async () => {
      while (next < runs.length) {
        const { job, action } = runs[next++] as { job: Job; action?: JobPreparation };
        await this.runOne(job, action);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, runs.length) }, worker));
    } finally {
      await this.outcomes.settled();
    }
    return runs.length;
  }

  /** Prepare the preparable jobs due within the lookahead, in due order, up to maxHeld. */
  private async prepareUpcoming(): Promise<void> {
    if (this.preparers.size === 0) return;
    const now = this.clock.now().getTime();
    // Only the future: what is due now is drain()'s. Past the horizon nothing has been looked at.
    let after = this.preparedUpTo.dueAt > now ? this.preparedUpTo : { dueAt: now, id: Number.MAX_SAFE_INTEGER };
    const until = new Date(now + this.lookaheadMs);
    const kinds = [...this.preparers.keys()];
    let prepared = 0;
    while (this.held.size < this.maxHeld && !this.stopping) {
      const jobs = listUpcomingJobs(this.db, kinds, after, until, Math.min(this.batchSize, this.maxHeld - this.held.size));
      for (const job of jobs) {
        if (this.stopping) break;
        try {
          const preparation = await (this.preparers.get(job.kind) as JobPreparer)(job);
          if (preparation) this.held.add(job, preparation);
        } catch (error) {
          // Nothing lost: the job runs as usual when it falls due.
          this.logger.debug('could not prepare a job ahead; it will run as usual', { jobId: job.id, kind: job.kind, error: (error as Error)?.message });
        }
        after = { dueAt: job.dueAt.getTime(), id: job.id };
        this.preparedUpTo = after;
        // Let timers run: held jobs must fire on time even while thousands more are being prepared.
        if (++prepared % 64 === 0) {
          this.scheduleWake();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (jobs.length < this.batchSize) break;
    }
    this.scheduleWake();
  }

  /** With the loop running, wake exactly when the earliest held job falls due. */
  private scheduleWake(): void {
    if (!this.task) return;
    clearTimeout(this.wakeTimer);
    const dueAt = this.held.nextDueAt();
    if (dueAt === undefined) return;
    this.wakeTimer = setTimeout(() => {
      this.fireHeld().catch((error) => this.logger.error('sending prepared jobs failed', { error }));
    }, Math.max(0, dueAt - this.clock.now().getTime()));
    this.wakeTimer.unref();
  }

  private async drain(): Promise<number> {
    let handled = 0;
    let claimed: Job[] = [];
    let next = 0;
    let exhausted = false;
    // Claim lazily: a worker that finds nothing left claims the next batch while the others' sends
    // are still in flight. Stop claiming once a claim comes back short: nothing more is due now.
    const take = (): Job | undefined => {
      if (next === claimed.length && !exhausted) {
        claimed = claimDueJobs(this.db, this.clock.now(), this.batchSize);
        next = 0;
        exhausted = claimed.length < this.batchSize;
      }
      return claimed[next++];
    };
    const worker = async () => {
      for (let job = take(); job; job = take()) {
        await this.runOne(job);
        handled += 1;
      }
    };
    try {
      await Promise.all(Array.from({ length: this.concurrency }, worker));
    } finally {
      await this.outcomes.settled();
    }
    return handled;
  }

  /** Run one claimed job (its handler, or what was prepared for it) and queue its outcome. */
  private async runOne(job: Job, action?: JobPreparation): Promise<void> {
    const now = this.clock.now();
    const records: (() => void)[] = [];
    const store = (write: () => void) =>
      this.outcomes.add({
        jobId: job.id,
        apply: () => {
          for (const record of records) record();
          write();
        },
      });
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      store(() => finishJob(this.db, job.id, 'failed', now, `no handler for job kind ${job.kind}`));
      this.logger.error('no handler for job kind; marked failed', { jobId: job.id, kind: job.kind });
      return;
    }
    try {
      const context: JobContext = { now, lateMs: Math.max(0, now.getTime() - job.dueAt.getTime()), record: (write) => void records.push(write) };
      const outcome = await (action ? action(context) : handler(job, context));
      const finishedAt = this.clock.now();
      store(() => finishJob(this.db, job.id, outcome?.status ?? 'done', finishedAt, outcome?.note));
      if (outcome?.status === 'skipped') this.logger.info('job skipped', { jobId: job.id, kind: job.kind, note: outcome.note });
    } catch (error) {
      const finishedAt = this.clock.now();
      const log = this.logger.child({ jobId: job.id, kind: job.kind });
      if (error instanceof UndeliverableError) {
        store(() => finishJob(this.db, job.id, 'failed', finishedAt, error.message));
        log.warn('job undeliverable; not retrying', { error: error.message });
      } else if (error instanceof RateLimitedError) {
        store(() => retryJob(this.db, job.id, new Date(finishedAt.getTime() + error.retryAfterMs), error.message));
        log.info('rate limited; retrying later', { retryAfterMs: error.retryAfterMs });
      } else if (job.attempts + 1 >= this.maxAttempts) {
        store(() => finishJob(this.db, job.id, 'failed', finishedAt, String((error as Error)?.message ?? error)));
        log.error('job failed too many times; giving up', { attempts: job.attempts + 1, error });
      } else {
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** job.attempts);
        store(() => retryJob(this.db, job.id, new Date(finishedAt.getTime() + backoff), String((error as Error)?.message ?? error)));
        log.warn('job failed; will retry', { attempt: job.attempts + 1, retryInMs: backoff, error: (error as Error)?.message });
      }
    }
  }
}
