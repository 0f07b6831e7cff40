// What the scheduler does when a job's handler fails, per job kind: how many tries, how long to
// wait between them, until when a retry is still worth it, and who hears about it when the coach
// gives up. Rate limits (429) are not failures and never reach a policy: the scheduler waits as the
// platform said and counts nothing.

import type { Job } from './store/jobs-repo.ts';
import type { JobRecord } from './job-records.ts';

export type GiveUpReason = 'attempts' | 'too-late' | 'undeliverable';

export interface GiveUp {
  reason: GiveUpReason;
  /** The last error's message (no customer details: adapters' errors name methods and codes). */
  error: string;
  now: Date;
  /** Store this write with the job's failure, in the same transaction (plan a report job). */
  record(write: JobRecord): void;
}

export interface RetryPolicy {
  /** Failed tries (5xx, timeouts, connection resets) before giving up. Rate limits never count. */
  maxAttempts: number;
  /** The first retry waits this long, each next one twice as long… */
  baseBackoffMs: number;
  /** …never longer than this. */
  maxBackoffMs: number;
  /**
   * Past this instant a retry is useless (a heads-up once the due reminder went, a due reminder once
   * the nudge is due): a retry that would land later is not made. Undefined: useful until attempts
   * run out.
   */
  usefulUntil?: (job: Job) => Promise<Date | undefined> | Date | undefined;
  /** Tell someone (plan a report with `giveUp.record`). Without it, a give-up is logged only. */
  onGiveUp?: (job: Job, giveUp: GiveUp) => Promise<void> | void;
}

/** Jobs that say nothing of their own: a few tries over about an hour and a half. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseBackoffMs: 30_000,
  maxBackoffMs: 15 * 60_000,
};

/** The wait before retry number `attempt + 1` (attempt counts failures so far, from 0). */
export function backoffFor(policy: Pick<RetryPolicy, 'baseBackoffMs' | 'maxBackoffMs'>, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.min(attempt, 30));
}

/** After a failure at `now` of a job that failed `job.attempts` times before: retry when, or give up why. */
export async function planRetry(policy: RetryPolicy, job: Job, now: Date): Promise<{ retryInMs: number } | { giveUp: GiveUpReason }> {
  if (job.attempts + 1 >= policy.maxAttempts) return { giveUp: 'attempts' };
  const retryInMs = backoffFor(policy, job.attempts);
  const until = await policy.usefulUntil?.(job);
  // A retry that would land after the next step went only adds noise; the next step still goes.
  if (until && now.getTime() + retryInMs >= until.getTime()) return { giveUp: 'too-late' };
  return { retryInMs };
}
