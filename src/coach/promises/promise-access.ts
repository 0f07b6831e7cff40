// Who may change a promise: the agent who holds it, or a team lead. A lead's change to someone
// else's promise is a change to shared records, so it is audited (never with its who/note).

import type { Actor, Outbound } from '../../ports.ts';
import { recordAudit } from '../../store/audit-repo.ts';
import type { Db } from '../../store/open-store.ts';
import { findPromise, type CallbackPromise } from '../../store/promises-repo.ts';
import type { CoachDeps } from '../deps.ts';
import { formatWhen } from '../format-time.ts';
import { privateMessage, problem } from '../messages.ts';
import { isManager } from '../roles.ts';
import { userText } from '../user-text.ts';
import { closedAnswer } from './stale-answers.ts';

/** The promise, if this person may change it; otherwise the answer to give them. */
export type PromiseAccess = { promise: CallbackPromise } | { answer: Outbound };

export function createPromiseAccess(deps: Pick<CoachDeps, 'db' | 'config'>) {
  const { db, config } = deps;

  const notFound = (raw: string): Outbound =>
    problem(raw ? `I can't find promise ${raw.startsWith('#') ? raw : `#${raw}`}.` : 'Which promise? Give its number.', '/promise-callback list');

  /** The open promise `id` (typed as `raw`), if this person may change it; otherwise the answer to give them. */
  const promiseFor = async (actor: Actor, id: number | undefined, raw: string): Promise<PromiseAccess> => {
    const p = id === undefined ? undefined : await findPromise(db, actor.platform, actor.workspaceId, id);
    if (!p) return { answer: notFound(raw) };
    if (p.agentId !== actor.userId && !(await isManager(db, config, actor))) {
      return { answer: privateMessage(`Promise #${p.id} belongs to ${p.agentName ? userText(p.agentName) : 'someone else'}; only they or a team lead can change it.`) };
    }
    if (p.status !== 'open') return { answer: closedAnswer(p) };
    return { promise: p };
  };

  /** The audit line when `actor` changed someone else's promise (nothing when it is their own). */
  const auditForSomeoneElse = async (trx: Db, actor: Actor, p: CallbackPromise, now: Date, action: string, after: string, before = `open, due ${formatWhen(p.dueAt, p.agentTz)}`) => {
    if (actor.userId === p.agentId) return;
    await recordAudit(trx, {
      platform: p.platform,
      workspaceId: p.workspaceId,
      actorId: actor.userId,
      at: now,
      action,
      subject: `#${p.id} of ${p.agentId}`,
      before,
      after,
    });
  };

  return { promiseFor, auditForSomeoneElse };
}
