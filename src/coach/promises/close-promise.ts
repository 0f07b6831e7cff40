// Closing a promise, the one transaction every way of closing shares (Done, Cancel, a manager's
// close, the automatic "missed"): the status, no more reminders, the history event, the audit line
// when someone else's promise changes, and the day its customer details are erased. All or nothing:
// a promise is never closed with its reminders still planned, nor erased without being closed.

import type { Db } from '../../store/open-store.ts';
import { closePromise, type CallbackPromise, type ClosedStatus } from '../../store/promises-repo.ts';
import { recordPromiseEvent } from '../../store/promise-events-repo.ts';
import { cancelLadder, planPurge } from './ladder.ts';

export interface Closing {
  status: ClosedStatus;
  /** Who closed it: a person's user id, or 'coach' for the automatic close. */
  by: string;
  /** The history event: its kind, its actor (null for the coach) and what it records. */
  event: { kind: 'done' | 'cancelled' | 'missed'; actorId: string | null; detail: Record<string, unknown> };
  /** Written in the same transaction (the audit line of a lead's change). */
  alsoRecord?: (trx: Db) => Promise<void>;
}

/** The closed promise, or undefined when it was already closed (nothing is written then). */
export function closePromiseWithHistory(db: Db, p: CallbackPromise, closing: Closing, now: Date, retentionMs: number): Promise<CallbackPromise | undefined> {
  return db.transaction().execute(async (trx) => {
    const closed = await closePromise(trx, p.id, closing.status, closing.by, now);
    if (!closed) return undefined;
    await cancelLadder(trx, p.id, now);
    await recordPromiseEvent(trx, p.id, closing.event.kind, closing.event.actorId, now, closing.event.detail);
    await closing.alsoRecord?.(trx);
    await planPurge(trx, closed, new Date(now.getTime() + retentionMs), now);
    return closed;
  });
}
