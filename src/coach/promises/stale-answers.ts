// Buttons outlive their moment: a confirmation from last week, a reminder from before a reschedule.
// Pressed late, a button must not undo what happened since; it says what happened instead.

import type { Outbound } from '../../ports.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { formatWhen } from '../format-time.ts';
import { privateMessage } from '../messages.ts';

const CLOSED_TEXT: Record<Exclude<CallbackPromise['status'], 'open'>, string> = {
  kept: 'is already done (kept ✅)',
  late: 'is already done (late ⏱️)',
  cancelled: 'was cancelled',
  missed: 'was closed as missed',
};

/** A closed promise: what became of it. */
export function closedAnswer(p: CallbackPromise): Outbound {
  const what = p.status === 'open' ? 'is still open' : CLOSED_TEXT[p.status];
  return privateMessage(`This promise ${what}: #${p.id}. Nothing changed.`);
}

/** A snooze (or retry) only ever moves a promise later: is this one a step back? */
export function movesEarlier(p: CallbackPromise, newDue: Date): boolean {
  return newDue.getTime() <= p.dueAt.getTime();
}

/** A button from before the promise moved (or from before its current step) pressed now. */
export function laterAlreadyAnswer(p: CallbackPromise): Outbound {
  return privateMessage(
    `It is now due ${formatWhen(p.dueAt, p.agentTz)}; snooze from the latest reminder. Nothing changed. To bring it forward: \`/promise-callback reschedule ${p.id} <time>\`.`,
  );
}

/** A typed snooze to a time before the current due time. */
export function snoozeEarlierAnswer(p: CallbackPromise): Outbound {
  return privateMessage(
    `Promise #${p.id} is already due later, ${formatWhen(p.dueAt, p.agentTz)}: a snooze only moves it later. To bring it forward: \`/promise-callback reschedule ${p.id} <time>\`.`,
  );
}
