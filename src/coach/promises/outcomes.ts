// How a promise ends, honestly. "Kept" means done by the deadline plus a grace; the deadline moves
// only when the agent renegotiated in time (snooze/reschedule before it was due and before it was
// late) or made an honest attempt in time ("couldn't reach them"). Snoozing an overdue promise
// moves the reminders, not the judgement.

import type { CallbackPromise } from '../../store/promises-repo.ts';

const MINUTE = 60_000;

export function isLate(p: CallbackPromise, at: Date, graceMinutes: number): boolean {
  return at.getTime() > p.deadlineAt.getTime() + graceMinutes * MINUTE;
}

export function outcomeOfDone(p: CallbackPromise, at: Date, graceMinutes: number): 'kept' | 'late' {
  return isLate(p, at, graceMinutes) ? 'late' : 'kept';
}

/** Snoozed or rescheduled before it was due (and not yet late): the customer was given a new time. */
export function isRenegotiation(p: CallbackPromise, at: Date, graceMinutes: number): boolean {
  return at.getTime() < p.dueAt.getTime() && !isLate(p, at, graceMinutes);
}

export type MoveKind = 'snooze' | 'reschedule' | 'unreachable';

/** The new deadline after moving the due time. */
export function deadlineAfterMove(p: CallbackPromise, kind: MoveKind, newDue: Date, at: Date, graceMinutes: number): Date {
  if (kind === 'unreachable') return isLate(p, at, graceMinutes) ? p.deadlineAt : newDue;
  return isRenegotiation(p, at, graceMinutes) ? newDue : p.deadlineAt;
}
