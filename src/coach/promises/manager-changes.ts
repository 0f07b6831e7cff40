// What only managers do to someone else's promise, from the dashboard's promises page: close it, or
// give it to another person. A reason is required and recorded with the change.

import type { Outbound } from '../../ports.ts';
import { recordAudit } from '../../store/audit-repo.ts';
import { findPerson } from '../../store/people-repo.ts';
import { reassignPromise, type CallbackPromise } from '../../store/promises-repo.ts';
import { recordPromiseEvent } from '../../store/promise-events-repo.ts';
import type { CoachDeps } from '../deps.ts';
import type { ActionInbound } from '../feature.ts';
import { formatWhen } from '../format-time.ts';
import { privateMessage, problem } from '../messages.ts';
import { isManager } from '../roles.ts';
import { closePromiseWithHistory } from './close-promise.ts';
import { cancelLadder, planLadder } from './ladder.ts';
import { parsePromiseId } from './parse-promise-command.ts';
import type { createPromiseAccess } from './promise-access.ts';

export function createManagerChanges(deps: CoachDeps, access: ReturnType<typeof createPromiseAccess>, retentionMs: () => number) {
  const { db, clock, config, logger } = deps;
  const ladder = config.ladder;
  const log = logger.child({ feature: 'promises' });

  /** The promise a manager's button is about, the value's other parts, and the reason typed. */
  const managerChange = async (action: ActionInbound): Promise<{ promise: CallbackPromise; parts: string[]; reason: string } | { answer: Outbound }> => {
    if (!(await isManager(db, config, action.from))) return { answer: privateMessage('Only team leads can close or hand over someone else’s promise.') };
    const [rawId = '', ...parts] = (action.value ?? '').split('|');
    const found = await access.promiseFor(action.from, parsePromiseId(rawId), rawId);
    if ('answer' in found) return found;
    const reason = (parts.at(-1) ?? '').trim();
    if (!reason) return { answer: problem('Please give a reason: it is kept with the promise’s history.', 'Customer called us first') };
    return { promise: found.promise, parts: parts.slice(0, -1), reason: reason.slice(0, 500) };
  };

  const onManagerClose = async (action: ActionInbound): Promise<Outbound[]> => {
    const found = await managerChange(action);
    if ('answer' in found) return [found.answer];
    const { promise: p, reason } = found;
    const now = clock.now();
    const closed = await closePromiseWithHistory(db, p, {
      status: 'cancelled',
      by: action.from.userId,
      event: { kind: 'cancelled', actorId: action.from.userId, detail: { reason, by: 'manager' } },
      alsoRecord: (trx) => access.auditForSomeoneElse(trx, action.from, p, now, 'promise.cancel', 'cancelled'),
    }, now, retentionMs());
    if (!closed) return [privateMessage(`Promise #${p.id} is already closed. Nothing changed.`)];
    log.info('promise closed by a manager', { promiseId: p.id });
    return [privateMessage(`Closed promise #${p.id}. No more reminders; the reason is on record.`)];
  };

  const onReassign = async (action: ActionInbound): Promise<Outbound[]> => {
    const found = await managerChange(action);
    if ('answer' in found) return [found.answer];
    const { promise: p, reason } = found;
    const to = (found.parts[0] ?? '').trim();
    if (!to) return [problem('Who should take it over?', 'Pick a person')];
    if (to === p.agentId) return [privateMessage(`Promise #${p.id} is already ${p.agentName ?? 'theirs'}. Nothing changed.`)];
    const person = await findPerson(db, p.platform, p.workspaceId, to);
    if (!person) return [problem('I don’t know that person in this workspace yet.', 'Pick a person')];
    const now = clock.now();
    const moved = await db.transaction().execute(async (trx) => {
      const m = await reassignPromise(trx, p.id, { userId: to, name: person.name ?? null });
      if (!m) return undefined;
      await cancelLadder(trx, p.id, now);
      await recordPromiseEvent(trx, p.id, 'reassigned', action.from.userId, now, { from: p.agentId, to, reason });
      // Ids as words ("held by U123"), the same as a handover's rows, so an erasure can rewrite them.
      await recordAudit(trx, { platform: p.platform, workspaceId: p.workspaceId, actorId: action.from.userId, at: now, action: 'promise.reassign', subject: `#${p.id} of ${p.agentId}`, before: `held by ${p.agentId}, due ${formatWhen(p.dueAt, p.agentTz)}`, after: `held by ${to}` });
      // The new agent gets the remaining reminders, on the new revision's jobs.
      await planLadder(trx, m, ladder, now, false);
      return m;
    });
    if (!moved) return [privateMessage(`Promise #${p.id} is already closed. Nothing changed.`)];
    log.info('promise reassigned by a manager', { promiseId: p.id });
    return [privateMessage(`Promise #${p.id} is now ${person.name ?? to}’s. They get its reminders from here on.`)];
  };

  return { onManagerClose, onReassign };
}
