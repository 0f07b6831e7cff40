// How hard the coach tries with each step of a promise's ladder when the platform fails (5xx,
// timeouts, resets; rate limits are only "later" and never count). A reminder is retried quickly
// and with a short cap, because its whole value is its timing, and only until the next step is due:
// a heads-up is useless once the due reminder went, a due reminder is superseded by the nudge. A
// step given up still leaves the next steps (separate jobs) to go, and the agent is told.

import type { LadderConfig } from '../../config.ts';
import type { Db } from '../../store/open-store.ts';
import type { Job } from '../../store/jobs-repo.ts';
import { scheduleJobs } from '../../store/jobs-repo.ts';
import { findPromiseById } from '../../store/promises-repo.ts';
import type { RetryPolicy } from '../../retry-policy.ts';
import { promiseSubject, PROMISE_JOBS, type LadderPayload, type LadderStep } from './ladder.ts';

const MINUTE = 60_000;

/** Reminder steps: the agent is told when one is given up. */
export type ReminderStep = Exclude<LadderStep, 'missed'>;

export interface UndeliveredPayload extends LadderPayload {
  step: ReminderStep;
  failedAt: string;
}

/** When the step after `step` falls due: past it, retrying `step` only adds noise. */
export function nextStepAt(step: ReminderStep, dueAt: Date, ladder: LadderConfig): Date {
  const due = dueAt.getTime();
  const after = { headsup: 0, due: ladder.nudgeMinutes, nudge: ladder.escalateMinutes, escalate: ladder.missedAfterHours * 60 }[step];
  return new Date(due + after * MINUTE);
}

export function reminderPolicy(db: Db, ladder: LadderConfig, step: ReminderStep): Partial<RetryPolicy> {
  return {
    // 5 s, 10 s, 20 s… capped at 2 min: a 2.5 s run of 500s costs a reminder seconds, not minutes.
    maxAttempts: 30,
    baseBackoffMs: 5_000,
    maxBackoffMs: 2 * MINUTE,
    usefulUntil: async (job: Job) => {
      const { promiseId, revision } = job.payload as LadderPayload;
      const p = await findPromiseById(db, promiseId);
      // Closed or re-planned: the next run skips it anyway, so one more try costs nothing.
      if (!p || p.status !== 'open' || p.revision !== revision) return undefined;
      return nextStepAt(step, p.dueAt, ladder);
    },
    onGiveUp: (job, giveUp) => {
      // An address refused for good is reported to managers by the delivery reporting; telling
      // the agent there would fail the same way.
      if (giveUp.reason === 'undeliverable') return;
      const { promiseId, revision } = job.payload as LadderPayload;
      const payload: UndeliveredPayload = { promiseId, revision, step, failedAt: giveUp.now.toISOString() };
      giveUp.record((trx) =>
        scheduleJobs(
          trx,
          [
            {
              kind: PROMISE_JOBS.undelivered,
              platform: job.platform,
              workspaceId: job.workspaceId,
              subject: promiseSubject(promiseId),
              dueAt: giveUp.now,
              payload,
              idempotencyKey: `${PROMISE_JOBS.undelivered}:${promiseId}:r${revision}:${step}`,
            },
          ],
          giveUp.now,
        ),
      );
    },
  };
}
