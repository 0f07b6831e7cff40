// The reminder ladder of one promise: heads-up, due, overdue nudge, escalation, and the automatic
// close as missed. Every step is a durable job (subject `promise:<id>`), keyed by the promise's
// revision so a step is planned once per plan and a re-plan (snooze, reschedule) never collides
// with the cancelled steps of the old plan.

import type { LadderConfig } from '../../config.ts';
import { promiseSubject } from '../../store/job-subjects.ts';
import type { Db } from '../../store/open-store.ts';
import { cancelPendingJobs, scheduleJobs } from '../../store/jobs-repo.ts';
import { ladderPayload, ladderStepKey, type LadderPayload } from '../../store/ladder-jobs.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { availabilityOf } from '../availability/person-hours.ts';
import { placeHeadsUp, type Availability } from '../availability/working-hours.ts';

export const PROMISE_JOBS = {
  headsup: 'promise.headsup',
  due: 'promise.due',
  nudge: 'promise.nudge',
  escalate: 'promise.escalate',
  missed: 'promise.missed',
  purge: 'promise.purge',
  /** Tells the agent a reminder step was given up after the platform kept failing. */
  undelivered: 'promise.undelivered',
} as const;

export type LadderStep = 'headsup' | 'due' | 'nudge' | 'escalate' | 'missed';
export const LADDER_STEPS: readonly LadderStep[] = ['headsup', 'due', 'nudge', 'escalate', 'missed'];
const LADDER_KINDS = LADDER_STEPS.map((s) => PROMISE_JOBS[s]);
/** The reminders: when several fell due during an outage, only the latest is sent. */
export const AGENT_REMINDERS: readonly LadderStep[] = ['headsup', 'due', 'nudge', 'escalate'];

export type { LadderPayload };
export { promiseSubject };

const MINUTE = 60_000;

/**
 * When each step is due. The heads-up comes `headsUpMinutes` before, or right away when the promise
 * is due sooner than that (`immediateHeadsUp`, on creation); after a snooze that close, it is left
 * out: the agent has just looked at the promise.
 */
export function ladderTimes(dueAt: Date, now: Date, ladder: LadderConfig, immediateHeadsUp: boolean, availability?: Availability): { step: LadderStep; at: Date }[] {
  const due = dueAt.getTime();
  const steps: { step: LadderStep; at: Date }[] = [];
  if (ladder.headsUpMinutes > 0) {
    const headsUp = due - ladder.headsUpMinutes * MINUTE;
    // Inside the agent's hours (see placeHeadsUp for a promise due before their next shift).
    if (headsUp > now.getTime()) steps.push({ step: 'headsup', at: availability ? placeHeadsUp(availability, new Date(headsUp), dueAt, now) : new Date(headsUp) });
    else if (immediateHeadsUp) steps.push({ step: 'headsup', at: now });
  }
  steps.push(
    { step: 'due', at: dueAt },
    { step: 'nudge', at: new Date(due + ladder.nudgeMinutes * MINUTE) },
    { step: 'escalate', at: new Date(due + ladder.escalateMinutes * MINUTE) },
    { step: 'missed', at: new Date(due + ladder.missedAfterHours * 60 * MINUTE) },
  );
  return steps;
}

/** When the heads-up goes, if working hours moved it from its usual time (the confirmation says so). */
export function movedHeadsUp(steps: { step: LadderStep; at: Date }[], dueAt: Date, now: Date, ladder: LadderConfig): Date | undefined {
  const at = steps.find((s) => s.step === 'headsup')?.at;
  return at && at.getTime() !== dueAt.getTime() - ladder.headsUpMinutes * MINUTE && at.getTime() !== now.getTime() ? at : undefined;
}

/** Plan every step of the promise's current revision. Idempotent: planning twice adds nothing. */
export async function planLadder(db: Db, p: CallbackPromise, ladder: LadderConfig, now: Date, immediateHeadsUp: boolean): Promise<void> {
  const payload = ladderPayload(p.id, p.revision);
  const availability = await availabilityOf(db, { platform: p.platform, workspaceId: p.workspaceId, userId: p.agentId }, p.agentTz);
  const steps = ladderTimes(p.dueAt, now, ladder, immediateHeadsUp, availability).map(({ step, at }) => {
    const kind = PROMISE_JOBS[step];
    return { kind, platform: p.platform, workspaceId: p.workspaceId, subject: promiseSubject(p.id), dueAt: at, payload, idempotencyKey: ladderStepKey(kind, p.id, p.revision) };
  });
  await scheduleJobs(db, steps, now);
}

export function cancelLadder(db: Db, promiseId: number, now: Date): Promise<number> {
  return cancelPendingJobs(db, promiseSubject(promiseId), now, LADDER_KINDS);
}

/**
 * A later step is already due: this one would only add noise after an outage (and once "missed" is
 * due, the promise is about to close as missed, which the agent is told about).
 */
export function isSuperseded(step: LadderStep, dueAt: Date, now: Date, ladder: LadderConfig): boolean {
  const index = LADDER_STEPS.indexOf(step);
  if (!AGENT_REMINDERS.includes(step)) return false;
  const times = ladderTimes(dueAt, now, ladder, false);
  return LADDER_STEPS.slice(index + 1).some((later) => {
    const at = times.find((t) => t.step === later)?.at;
    return at !== undefined && at.getTime() <= now.getTime();
  });
}

/** Plan erasing the who/note text once the retention period after closing is over. */
export async function planPurge(db: Db, p: CallbackPromise, at: Date, now: Date): Promise<void> {
  await scheduleJobs(
    db,
    [
      {
        kind: PROMISE_JOBS.purge,
        platform: p.platform,
        workspaceId: p.workspaceId,
        subject: promiseSubject(p.id),
        dueAt: at,
        payload: { promiseId: p.id },
        idempotencyKey: `${PROMISE_JOBS.purge}:${p.id}:${at.toISOString()}`,
      },
    ],
    now,
  );
}
