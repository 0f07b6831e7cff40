// The durable job loop. Every future event is a row in `jobs`; node-cron only wakes this loop each
// second. A job is claimed with a lease (this replica's id, renewed while its handler runs) before
// it is handled and finished after, so a replica that dies leaves a claim that runs out and any
// replica takes the job over ("recovered": the send may already have gone, so adapters that can
// look check first). Handlers make their effects idempotent (what they record with the outcome is
// stored in the same transaction). Claims are topped up while sends are in flight, so a burst of
// thousands of due jobs streams instead of stalling at each batch's slowest send. Tests call tick()
// directly after moving an injected clock; nothing sleeps.

import os from 'node:os';
import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from './ports.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/open-store.ts';
import { claimJobs, releaseJobs, renewLeases, retryJob, type ClaimedJob, type ClaimTime, type Job } from './store/jobs-repo.ts';
import { CodedError, RateLimitedError, UndeliverableError } from './errors.ts';
import { runInJob } from './job-context.ts';
import { JobOutcomeBatch } from './job-outcome-batch.ts';
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPolicy } from './retry-policy.ts';
import { writeRecords, type JobRecord } from './job-records.ts';
import { FinishedJobSweep } from './finished-job-sweep.ts';

export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';

export interface JobContext {
  now: Date;
  /** How late the job runs compared with its due time, in ms (0 when on time). */
  lateMs: number;
  /**
   * Store this write together with the job's outcome, in the same transaction, whatever the outcome
   * (done, retry or failure): e.g. "this reminder was sent", so a retry never sends it twice.
   */
  record: (write: JobRecord) => void;
}

export type JobOutcome = void | { status: 'done' | 'skipped'; note?: string };
export type JobHandler = (job: Job, context: JobContext) => Promise<JobOutcome>;
/** A handler, or a handler with its own retry policy (what is not given comes from the default). */
export type JobSpec = JobHandler | { handler: JobHandler; policy?: Partial<RetryPolicy> };

export type JobSettledOutcome = 'done' | 'skipped' | 'failed' | 'retry' | 'rate_limited' | 'released';
export interface JobSettledEvent {
  kind: string;
  outcome: JobSettledOutcome;
  /** How late the job ran compared with its due time, in ms. */
  lateMs: number;
  errorCode?: string;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /**
   * Whose clock says what is due: 'database' (several replicas on PostgreSQL: one clock for all,
   * whatever each machine's says) or 'clock' (the injected clock: SQLite, tests). Default 'clock'.
   */
  claimTime?: 'database' | 'clock';
  /** Jobs claimed at a time; the loop claims more as they finish, until nothing is due. */
  batchSize?: number;
  /** Handlers running at once. Sends are I/O-bound; platform rate limits are the adapters' concern. */
  concurrency?: number;
  /** How long a claim is this replica's without renewal; a dead replica's jobs wait this long at most. */
  leaseMs?: number;
  /** On stop, how long handlers in flight may take to finish before their jobs are handed back. */
  stopGraceMs?: number;
  /** Finished jobs older than this are deleted by the hourly sweep. */
  retentionDays?: number;
  /** This replica's name in claims; default hostname:pid:random. */
  replicaId?: string;
  /** Every job's outcome and lateness (metrics). Must not throw. */
  onJobSettled?: (event: JobSettledEvent) => void;
}

const SWEEP_EVERY_MS = 60 * 60_000;
/** A job of a kind this replica has no handler for waits this long for one that has. */
const UNKNOWN_KIND_RETRY_MS = 5 * 60_000;

interface Registered {
  handler: JobHandler;
  policy: RetryPolicy;
}

export class Scheduler {
  private readonly handlers = new Map<string, Registered>();
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly stopGraceMs: number;
  private readonly useDatabaseClock: boolean;
  private readonly onJobSettled: ((event: JobSettledEvent) => void) | undefined;
  readonly replicaId: string;
  private task: ScheduledTask | undefined;
  private running: Promise<number> | undefined;
  private readonly sweeper: FinishedJobSweep;
  private lastSweepAt = 0;
  private failures = 0;
  private failingSince = 0;
  private retryAt = 0;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  /** Bumped by stop(): a drain from before a stop never claims or starts anything again. */
  private generation = 0;
  /** Claimed by this replica and not settled: started (handler running) or waiting for a worker. */
  private readonly held = new Map<number, { started: boolean; job: ClaimedJob }>();
  /** Finished outcomes are committed in groups (see job-outcome-batch.ts). */
  private readonly outcomes: JobOutcomeBatch;

  constructor(options: SchedulerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger.child({ component: 'scheduler' });
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = options.concurrency ?? 64;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.stopGraceMs = options.stopGraceMs ?? 2_500;
    this.useDatabaseClock = options.claimTime === 'database';
    this.onJobSettled = options.onJobSettled;
    this.replicaId = options.replicaId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.outcomes = new JobOutcomeBatch(this.db, this.replicaId, this.logger);
    this.sweeper = new FinishedJobSweep(this.db, this.clock, this.logger, options.retentionDays ?? 30, () => this.stopping);
  }

  register(kind: string, spec: JobSpec, policy?: Partial<RetryPolicy>): void {
    if (this.handlers.has(kind)) throw new CodedError('INTERNAL', `A handler for job kind "${kind}" is already registered.`);
    const { handler, policy: own } = typeof spec === 'function' ? { handler: spec, policy: undefined } : spec;
    this.handlers.set(kind, { handler, policy: { ...DEFAULT_RETRY_POLICY, ...own, ...policy } });
  }

  /** Start the once-a-second loop. Other replicas' claims are left alone: leases hand them over. */
  start(): Promise<void> {
    this.stopping = false;
    this.stopped = undefined;
    this.task = cron.schedule('* * * * * *', () => this.onSecond(), {
      name: 'service-coach-scheduler',
      // tick() already shares one run between overlapping calls; node-cron's own overlap guard only
      // printed a warning to stdout every second while a big batch (10,000 reminders) was draining.
      noOverlap: false,
      suppressMissedWarning: true,
    });
    return Promise.resolve();
  }

  private onSecond(): void {
    void this.tickWithBackoff();
    if (Date.now() - this.lastSweepAt >= SWEEP_EVERY_MS) {
      this.lastSweepAt = Date.now();
      void this.sweep().catch((error: unknown) => this.logger.warn('finished-job sweep failed; trying again in an hour', { error }));
    }
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

  /**
   * Stop at once: no more claims, and claimed jobs not yet started are handed back. Handlers in
   * flight get `stopGraceMs` to finish; those still running after it are handed back too (they
   * run next as recovered, so a send that did go out is not repeated where the platform can look).
   * Bounded, so SIGTERM exits well inside a 10 s grace period even when the platform is slow.
   */
  stop(): Promise<void> {
    this.stopped ??= this.halt();
    return this.stopped;
  }

  private async halt(): Promise<void> {
    this.stopping = true;
    this.generation += 1;
    await this.task?.destroy();
    this.task = undefined;
    await this.handBack(false);
    const drained = this.running ?? Promise.resolve(0);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.stopGraceMs)));
    const result = await Promise.race([drained.then(() => 'drained' as const, () => 'drained' as const), graceOver]);
    clearTimeout(timer);
    if (result === 'late') await this.handBack(true);
    await this.sweeper.running?.catch(() => undefined);
    // tick() works again (tests, the console's last tick); the loop stays stopped until start().
    this.stopping = false;
  }

  /** Release held jobs: those not started, or (`all`) every one still held. */
  private async handBack(all: boolean): Promise<void> {
    const started: number[] = [];
    const notStarted: number[] = [];
    const jobs: ClaimedJob[] = [];
    for (const [id, state] of this.held) {
      if (state.started && !all) continue;
      (state.started ? started : notStarted).push(id);
      jobs.push(state.job);
      this.held.delete(id);
    }
    if (started.length + notStarted.length === 0) return;
    try {
      const released = await releaseJobs(this.db, this.replicaId, { started, notStarted });
      this.logger.info('handed jobs back for another run', { released, interrupted: started.length });
      const now = this.clock.now().getTime();
      for (const job of jobs) this.settled(job, 'released', Math.max(0, now - job.dueAt.getTime()));
    } catch (error) {
      // Their leases run out instead, and another replica (or the next start) takes them over.
      this.logger.warn('could not hand jobs back; their leases will run out', { count: started.length + notStarted.length, error });
    }
  }

  /** Run every job due now. Overlapping calls share one run. Returns how many jobs were handled. */
  tick(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    this.stopped = undefined;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Delete finished jobs past the retention period, a bounded batch at a time. Returns how many. */
  sweep(): Promise<number> {
    return this.sweeper.sweep();
  }

  private claimTime(): ClaimTime {
    return this.useDatabaseClock ? 'database' : this.clock.now();
  }

  private async drain(): Promise<number> {
    const generation = this.generation;
    const halted = () => this.stopping || generation !== this.generation;
    let handled = 0;
    let claimed: ClaimedJob[] = [];
    let next = 0;
    let exhausted = false;
    let claiming: Promise<void> | undefined;
    // Claim lazily: a worker that finds nothing left claims the next batch while the others' sends
    // are still in flight. Stop claiming once a claim comes back short: nothing more is due now.
    const take = async (): Promise<ClaimedJob | undefined> => {
      while (next === claimed.length && !exhausted && !halted()) {
        claiming ??= claimJobs(this.db, { replicaId: this.replicaId, limit: this.batchSize, leaseMs: this.leaseMs, at: this.claimTime() })
          .then((jobs) => {
            claimed = jobs;
            next = 0;
            exhausted = jobs.length < this.batchSize;
            for (const job of jobs) this.held.set(job.id, { started: false, job });
            // A stop that came while this claim was on its way: hand the batch straight back.
            if (halted()) void this.handBack(false);
          })
          .finally(() => {
            claiming = undefined;
          });
        await claiming;
      }
      // Stopping: what is claimed but not started is handed back by stop(), not run.
      for (;;) {
        if (halted() || next >= claimed.length) return undefined;
        const job = claimed[next++] as ClaimedJob;
        const state = this.held.get(job.id);
        if (!state) continue; // handed back meanwhile
        state.started = true;
        return job;
      }
    };
    const worker = async () => {
      for (let job = await take(); job; job = await take()) {
        await this.runOne(job);
        handled += 1;
      }
    };
    // Leases are renewed while anything is held: a slow platform never lets a live claim run out.
    const renewal = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    renewal.unref();
    try {
      await Promise.all(Array.from({ length: this.concurrency }, worker));
    } finally {
      clearInterval(renewal);
    }
    return handled;
  }

  /** Extend the leases of every job this replica holds (the loop does it every third of a lease). */
  async renewLeases(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    try {
      await renewLeases(this.db, ids, this.replicaId, this.claimTime(), this.leaseMs);
    } catch (error) {
      this.logger.warn('could not renew job leases', { count: ids.length, error });
    }
  }

  private settled(job: Job, outcome: JobSettledOutcome, lateMs: number, error?: unknown): void {
    if (!this.onJobSettled) return;
    try {
      this.onJobSettled({ kind: job.kind, outcome, lateMs, ...(error instanceof CodedError ? { errorCode: error.code } : {}) });
    } catch {
      // An observer's bug must not stop the loop.
    }
  }

  /** Run one claimed job and store its outcome, with what its handler recorded, in one transaction. */
  private async runOne(job: ClaimedJob): Promise<void> {
    const now = this.clock.now();
    const lateMs = Math.max(0, now.getTime() - job.dueAt.getTime());
    const records: JobRecord[] = [];
    const log = this.logger.child({ jobId: job.id, kind: job.kind });
    /** Store the outcome if the claim is still ours; true when stored. */
    const store = async (write: (db: Db) => Promise<boolean>): Promise<boolean> => {
      try {
        const ours = await this.db.transaction().execute(async (trx) => {
          await writeRecords(trx, records);
          return write(trx);
        });
        if (!ours) log.warn('this replica no longer holds the job (its lease ran out, or it was handed back at stop); leaving the row alone');
        return ours;
      } catch (error) {
        log.error('could not store a job outcome; it runs again once its lease runs out', { error });
        return false;
      } finally {
        this.held.delete(job.id);
      }
    };
    /** Store a done, skipped or failed outcome in the next group commit; true when stored. */
    const finish = async (status: 'done' | 'skipped' | 'failed', finishedAt: Date, note?: string): Promise<boolean> => {
      try {
        const stored = await this.outcomes.finish(records, { id: job.id, status, finishedAt, note });
        if (stored === 'not-ours') log.warn('this replica no longer holds the job (its lease ran out, or it was handed back at stop); leaving the row alone');
        return stored === 'stored';
      } finally {
        this.held.delete(job.id);
      }
    };
    const registered = this.handlers.get(job.kind);
    if (!registered) {
      // During a rolling upgrade an older replica may claim a kind only newer ones know: put it back
      // for them (no attempt counted) rather than failing it for good.
      await store((db) => retryJob(db, job.id, this.replicaId, { at: this.claimTime(), delayMs: UNKNOWN_KIND_RETRY_MS, error: `no handler for job kind ${job.kind} in this replica`, countAttempt: false }));
      log.error('no handler for this job kind here; put back for a replica that has one', { retryInMs: UNKNOWN_KIND_RETRY_MS });
      this.settled(job, 'retry', lateMs);
      return;
    }
    const { handler, policy } = registered;
    try {
      const context: JobContext = { now, lateMs, record: (write) => void records.push(write) };
      const outcome = await runInJob({ id: job.id, kind: job.kind, recovered: job.recovered }, () => handler(job, context));
      const status = outcome?.status ?? 'done';
      await finish(status, this.clock.now(), outcome?.note);
      if (status === 'skipped') log.info('job skipped', { note: outcome?.note });
      this.settled(job, status, lateMs);
    } catch (error) {
      const finishedAt = this.clock.now();
      const message = String((error as Error)?.message ?? error);
      if (error instanceof RateLimitedError) {
        // "Later", not a failure: wait as told, count nothing, grow no backoff.
        await store((db) => retryJob(db, job.id, this.replicaId, { at: this.claimTime(), delayMs: error.retryAfterMs, error: message, countAttempt: false }));
        log.info('rate limited; retrying when the platform said', { retryAfterMs: error.retryAfterMs });
        this.settled(job, 'rate_limited', lateMs, error);
        return;
      }
      const decision = error instanceof UndeliverableError ? ({ giveUp: 'undeliverable' } as const) : await planRetry(policy, job, finishedAt);
      if ('retryInMs' in decision) {
        await store((db) => retryJob(db, job.id, this.replicaId, { at: this.claimTime(), delayMs: decision.retryInMs, error: message, countAttempt: true, mayHaveSent: true }));
        log.warn('job failed; will retry', { attempt: job.attempts + 1, retryInMs: decision.retryInMs, error: message });
        this.settled(job, 'retry', lateMs, error);
        return;
      }
      // Given up: the job's report (to the person or a manager) is stored with the failure, so a
      // give-up is never silent, and the next steps of its series are separate jobs that still go.
      const giveUp = { reason: decision.giveUp, error: message, now: finishedAt, record: (write: JobRecord) => void records.push(write) };
      try {
        await policy.onGiveUp?.(job, giveUp);
      } catch (reportError) {
        log.error('could not plan the report of a job given up', { error: reportError });
      }
      await finish('failed', finishedAt, message);
      if (decision.giveUp === 'undeliverable') log.warn('job undeliverable; not retrying', { error: message });
      else log.error('gave up on a job', { reason: decision.giveUp, attempts: job.attempts + 1, error: message });
      this.settled(job, 'failed', lateMs, error);
    }
  }
}
