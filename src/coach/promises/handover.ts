// Handing a promise to a colleague, and what happens to a promise while its agent is away.
// `/promise-callback handover <id> @colleague [note]` (or a pick in "Hand #42 to…") offers it; the
// colleague accepts or declines; on accept the ladder moves to them with the same due time and the
// history keeps both names. A promise still held by an away agent when it falls due goes to a
// working team lead as a handover request, never as an "ignored" escalation.
// Used by the promises feature (the command, the ladder) and the handover feature (the buttons).

import type { Actor, Outbound } from '../../ports.ts';
import { UndeliverableError } from '../../errors.ts';
import type { JobContext, JobOutcome } from '../../scheduler.ts';
import { recordAudit } from '../../store/audit-repo.ts';
import { awayAt, type AwayPeriod } from '../../store/away-repo.ts';
import { answerHandover, findHandover, offerHandover, type Handover } from '../../store/handovers-repo.ts';
import { findPerson, peopleIn } from '../../store/people-repo.ts';
import { findPromise, findPromiseById, moveDueTime, reassignPromise, type CallbackPromise } from '../../store/promises-repo.ts';
import { recordPromiseEvent } from '../../store/promise-events-repo.ts';
import { lastAwayDay, notAway, type Availability } from '../availability/away.ts';
import { routeToLeads } from '../availability/lead-routing.ts';
import type { CoachDeps } from '../deps.ts';
import type { ActionInbound, CommandInbound } from '../feature.ts';
import { formatWhen } from '../format-time.ts';
import { mention, parseUserMention } from '../mentions.ts';
import { privateMessage, problem } from '../messages.ts';
import { isManager } from '../roles.ts';
import { userText } from '../user-text.ts';
import { cancelLadder, planLadder, type LadderStep } from './ladder.ts';
import { deadlineAfterMove, isRenegotiation } from './outcomes.ts';
import { parsePromiseId } from './parse-promise-command.ts';
import {
  renderAccepted,
  renderAcceptedForGiver,
  renderDeclinedForGiver,
  renderHandoverOffer,
  renderHandoverRequest,
  renderKept,
  renderOffered,
  type Colleague,
} from './handover-messages.ts';
import { renderMoved } from './promise-messages.ts';

const HANDOVER_EXAMPLE = '/promise-callback handover 42 @sam back from leave Monday';
const MAX_HANDOVER_NOTE = 300;
/** Teams lists this many people in its picker. */
const MAX_PICKER_PEOPLE = 100;

export type SendOnce = (promiseId: number, key: string, context: JobContext, send: () => Promise<unknown>) => Promise<boolean>;

export function createHandovers(deps: CoachDeps, isAvailable: Availability = notAway(deps.db)) {
  const { db, clock, config, messenger, logger } = deps;
  const ladder = config.ladder;
  const log = logger.child({ feature: 'handover' });

  const colleagues = async (p: { platform: CallbackPromise['platform']; workspaceId: string }): Promise<Colleague[]> =>
    (await peopleIn(db, p.platform, p.workspaceId))
      .filter((a): a is Actor & { name: string } => Boolean(a.name))
      .map((a) => ({ userId: a.userId, name: a.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en'))
      .slice(0, MAX_PICKER_PEOPLE);

  const nameOf = async (p: CallbackPromise, userId: string): Promise<string> => {
    if (userId === p.agentId) return mention(userId, p.agentName);
    return mention(userId, (await findPerson(db, p.platform, p.workspaceId, userId))?.name);
  };

  /** The open promise, if `actor` may hand it over (its holder, or a team lead). */
  const mayHandOver = async (actor: Actor, rawId: string): Promise<{ promise: CallbackPromise } | { answer: Outbound }> => {
    const id = parsePromiseId(rawId);
    const p = id === undefined ? undefined : await findPromise(db, actor.platform, actor.workspaceId, id);
    if (!p) return { answer: problem(rawId ? `I can't find promise ${rawId.startsWith('#') ? rawId : `#${rawId}`}.` : 'Which promise? Give its number.', '/promise-callback list') };
    if (p.status !== 'open') return { answer: privateMessage(`Promise #${p.id} is already closed. Nothing changed.`) };
    if (p.agentId !== actor.userId && !(await isManager(db, config, actor))) {
      return { answer: privateMessage(`Promise #${p.id} belongs to ${p.agentName ? userText(p.agentName) : 'someone else'}; only they or a team lead can hand it over.`) };
    }
    return { promise: p };
  };

  /** Offer `p` to `toId`; taking it yourself (a team lead picking themselves) needs no question. */
  const offer = async (actor: Actor, p: CallbackPromise, toId: string, note: string | null): Promise<Outbound> => {
    const now = clock.now();
    if (toId === p.agentId) return privateMessage(`Promise #${p.id} is already ${p.agentId === actor.userId ? 'yours' : `${await nameOf(p, toId)}'s`}. Nothing changed.`);
    const taker = await nameOf(p, toId);
    const away = await awayAt(db, { platform: p.platform, workspaceId: p.workspaceId, userId: toId }, now);
    if (away) return privateMessage(`${taker} is away until ${lastAwayDay(away, p.agentTz)}. Pick someone who is in.`);
    const byLead = actor.userId !== p.agentId;
    if (toId === actor.userId) return (await handOver(p, p.agentId, toId, actor.userId, now)) ? renderAccepted((await findPromiseById(db, p.id)) as CallbackPromise, now) : privateMessage(`Promise #${p.id} changed meanwhile. Nothing changed.`);
    const handover = await db.transaction().execute(async (trx) => {
      const h = await offerHandover(trx, { promiseId: p.id, fromId: p.agentId, toId, offeredBy: actor.userId, revision: p.revision }, now);
      await recordPromiseEvent(trx, p.id, 'handover_offered', actor.userId, now, { from: p.agentId, to: toId });
      if (byLead) await auditLead(trx, actor, p, now, 'promise.handover', `offered to ${toId}`);
      return h;
    });
    const giver = mention(actor.userId, actor.name);
    const colleague: Actor = (await findPerson(db, p.platform, p.workspaceId, toId)) ?? { platform: p.platform, workspaceId: p.workspaceId, userId: toId };
    try {
      await messenger.dm(colleague, renderHandoverOffer(p, handover.id, giver, note, now), { idempotencyKey: `handover:${handover.id}` });
    } catch (error) {
      if (!(error instanceof UndeliverableError)) throw error;
      await answerHandover(db, handover.id, 'declined', now);
      return privateMessage(`I couldn't reach ${taker} (the coach can't message them). Promise #${p.id} stays ${byLead ? `${await nameOf(p, p.agentId)}'s` : 'yours'}.`);
    }
    log.info('handover offered', { promiseId: p.id, handoverId: handover.id, byLead });
    return renderOffered(p, taker, byLead ? `${await nameOf(p, p.agentId)}'s` : 'yours');
  };

  const auditLead = (trx: typeof db, actor: Actor, p: CallbackPromise, now: Date, action: string, after: string) =>
    recordAudit(trx, { platform: p.platform, workspaceId: p.workspaceId, actorId: actor.userId, at: now, action, subject: `#${p.id} of ${p.agentId}`, before: `held by ${p.agentId}, due ${formatWhen(p.dueAt, p.agentTz)}`, after });

  /** Move the promise and its ladder to `toId`, same due time. False when it changed meanwhile. */
  const handOver = async (p: CallbackPromise, fromId: string, toId: string, by: string, now: Date): Promise<boolean> => {
    const person = await findPerson(db, p.platform, p.workspaceId, toId);
    const moved = await db.transaction().execute(async (trx) => {
      const m = await reassignPromise(trx, p.id, { userId: toId, name: person?.name ?? null });
      if (!m) return undefined;
      await cancelLadder(trx, p.id, now);
      // The history keeps both names: who gave it, who took it, who asked.
      await recordPromiseEvent(trx, p.id, 'handed_over', by, now, { from: fromId, to: toId });
      if (by !== fromId && by !== toId) await auditLead(trx, { platform: p.platform, workspaceId: p.workspaceId, userId: by }, p, now, 'promise.reassign', `held by ${toId}`);
      else if (by === toId && by !== fromId && (await isManager(db, config, { platform: p.platform, workspaceId: p.workspaceId, userId: by }))) {
        await auditLead(trx, { platform: p.platform, workspaceId: p.workspaceId, userId: by }, p, now, 'promise.reassign', `held by ${toId}`);
      }
      await planLadder(trx, m, ladder, now, false);
      return m;
    });
    if (moved) log.info('promise handed over', { promiseId: p.id });
    return moved !== undefined;
  };

  /** `/promise-callback handover <id> @colleague [note]` */
  const command = async (cmd: CommandInbound, args: string): Promise<Outbound[]> => {
    const [rawId = '', who = '', ...noteWords] = args.trim().split(/\s+/).filter(Boolean);
    if (!rawId || !who) return [problem('Hand which promise to whom?', HANDOVER_EXAMPLE)];
    const found = await mayHandOver(cmd.from, rawId);
    if ('answer' in found) return [found.answer];
    const toId = parseUserMention(who, cmd.from.platform);
    if (!toId) return [problem('Mention the colleague to hand it to, like @sam.', HANDOVER_EXAMPLE)];
    const note = noteWords.join(' ').slice(0, MAX_HANDOVER_NOTE) || null;
    return [await offer(cmd.from, found.promise, toId, note)];
  };

  const onPick = async (action: ActionInbound): Promise<Outbound[]> => {
    const [rawId = '', toId = ''] = (action.value ?? '').split('|');
    if (!toId) return [privateMessage('Pick a colleague first.')];
    const found = await mayHandOver(action.from, rawId);
    if ('answer' in found) return [found.answer];
    return [await offer(action.from, found.promise, toId, null)];
  };

  /** The offer, if the presser is its colleague and it still stands. */
  const openOffer = async (action: ActionInbound): Promise<{ answer: Outbound } | { handover: Handover; promise: CallbackPromise }> => {
    const handover = await findHandover(db, Number(action.value));
    if (!handover) return { answer: privateMessage('That offer is from an older version of the coach. Nothing changed.') };
    const p = await findPromiseById(db, handover.promiseId);
    if (!p || p.platform !== action.from.platform || p.workspaceId !== action.from.workspaceId) return { answer: privateMessage('That offer no longer stands. Nothing changed.') };
    if (handover.toId !== action.from.userId) return { answer: privateMessage(`This offer is for ${await nameOf(p, handover.toId)}; only they can answer it.`) };
    if (handover.status !== 'offered') return { answer: privateMessage(`You already ${handover.status} this one. Nothing changed.`) };
    if (p.status !== 'open' || p.revision !== handover.revision || p.agentId !== handover.fromId) {
      await answerHandover(db, handover.id, 'declined', clock.now());
      return { answer: privateMessage(`Promise #${p.id} changed since it was offered (moved, closed or handed on), so the offer no longer stands. Nothing changed.`) };
    }
    return { handover, promise: p };
  };

  const onAccept = async (action: ActionInbound): Promise<Outbound[]> => {
    const found = await openOffer(action);
    if ('answer' in found) return [found.answer];
    const { handover, promise: p } = found;
    const now = clock.now();
    if (!(await answerHandover(db, handover.id, 'accepted', now))) return [privateMessage('You already answered this one. Nothing changed.')];
    if (!(await handOver(p, handover.fromId, action.from.userId, handover.offeredBy, now))) return [privateMessage(`Promise #${p.id} was closed meanwhile. Nothing changed.`)];
    const taken = (await findPromiseById(db, p.id)) as CallbackPromise;
    const taker = mention(action.from.userId, action.from.name);
    for (const giverId of new Set([handover.offeredBy, handover.fromId])) {
      await tell(p, giverId, renderAcceptedForGiver(p, taker), `handover:${handover.id}:accepted:${giverId}`);
    }
    return [renderAccepted(taken, now)];
  };

  const onDecline = async (action: ActionInbound): Promise<Outbound[]> => {
    const found = await openOffer(action);
    if ('answer' in found) return [found.answer];
    const { handover, promise: p } = found;
    const now = clock.now();
    if (!(await answerHandover(db, handover.id, 'declined', now))) return [privateMessage('You already answered this one. Nothing changed.')];
    await recordPromiseEvent(db, p.id, 'handover_declined', action.from.userId, now, { from: handover.fromId, to: handover.toId });
    const taker = mention(action.from.userId, action.from.name);
    const holder = handover.offeredBy === p.agentId ? 'yours' : `${await nameOf(p, p.agentId)}'s`;
    await tell(p, handover.offeredBy, renderDeclinedForGiver(p, taker, holder, await colleagues(p)), `handover:${handover.id}:declined`);
    return [{ ...privateMessage(`OK — I've told ${await nameOf(p, handover.offeredBy)} you can't take promise #${p.id}. It stays with them.`), replaceOriginal: true }];
  };

  /** A DM that must not fail the answer to the button press if the giver cannot be reached. */
  const tell = async (p: CallbackPromise, userId: string, msg: Outbound, key: string) => {
    const person: Actor = (await findPerson(db, p.platform, p.workspaceId, userId)) ?? { platform: p.platform, workspaceId: p.workspaceId, userId };
    try {
      await messenger.dm(person, msg, { idempotencyKey: key });
    } catch (error) {
      if (!(error instanceof UndeliverableError)) throw error;
      log.warn('handover answer undeliverable', { promiseId: p.id, error: error.message });
    }
  };

  const onKeep = async (action: ActionInbound): Promise<Outbound[]> => {
    const found = await mayHandOver(action.from, action.value ?? '');
    if ('answer' in found) return [found.answer];
    await recordPromiseEvent(db, found.promise.id, 'kept_while_away', action.from.userId, clock.now(), {});
    return [renderKept(found.promise)];
  };

  const onReschedule = async (action: ActionInbound): Promise<Outbound[]> => {
    const [rawId = '', iso = ''] = (action.value ?? '').split('|');
    const found = await mayHandOver(action.from, rawId);
    if ('answer' in found) return [found.answer];
    const p = found.promise;
    const now = clock.now();
    const newDue = new Date(iso);
    if (Number.isNaN(newDue.getTime()) || newDue.getTime() <= now.getTime()) {
      return [problem('That time has passed. Pick another one.', `/promise-callback reschedule ${p.id} Monday 10am`)];
    }
    const renegotiated = isRenegotiation(p, now, ladder.graceMinutes);
    const moved = await db.transaction().execute(async (trx) => {
      await cancelLadder(trx, p.id, now);
      const m = await moveDueTime(trx, p.id, { dueAt: newDue, deadlineAt: deadlineAfterMove(p, 'reschedule', newDue, now, ladder.graceMinutes), renegotiated, attempt: false });
      await recordPromiseEvent(trx, p.id, 'rescheduled', action.from.userId, now, { from: p.dueAt.toISOString(), to: newDue.toISOString(), renegotiated, why: 'away' });
      await planLadder(trx, m, ladder, now, false);
      return m;
    });
    return [{ ...renderMoved(moved, now, 'rescheduled', renegotiated), replaceOriginal: true }];
  };

  /**
   * A ladder step of a promise whose agent is away (in `period` now): no reminder goes to them.
   * From the due time on (the due step, or a later one when the due step was missed in an outage or
   * they went away with it overdue) the team lead gets one handover request per plan; the nudges and
   * the escalation stay quiet.
   */
  const whileAway = async (p: CallbackPromise, period: AwayPeriod, step: Exclude<LadderStep, 'missed'>, context: JobContext, sendOnce: SendOnce, late: boolean): Promise<JobOutcome> => {
    const { now } = context;
    if (step === 'headsup') return { status: 'skipped', note: 'agent away' };
    // One request per plan of the promise, whichever step finds it first.
    const key = `promise.handover-request:${p.id}:r${p.revision}`;
    const route = await routeToLeads({ db, config, isAvailable }, { platform: p.platform, workspaceId: p.workspaceId, agentId: p.agentId, agentName: p.agentName, zone: p.agentTz }, now);
    const msg = renderHandoverRequest(p, now, lastAwayDay(period, p.agentTz), route.reason, await colleagues(p), late);
    let sent = 0;
    let reachable = 0;
    for (const lead of route.leads) {
      try {
        if (await sendOnce(p.id, `${key}>lead:${lead.userId}`, context, () => messenger.dm(lead, msg, { idempotencyKey: `${key}:lead:${lead.userId}` }))) sent += 1;
        reachable += 1;
      } catch (error) {
        if (!(error instanceof UndeliverableError)) throw error;
        log.warn('handover request undeliverable to a lead', { promiseId: p.id, lead: lead.userId, error: error.message });
      }
    }
    if (route.channel) {
      const channel = route.channel;
      try {
        if (await sendOnce(p.id, `${key}>channel`, context, () => messenger.post(channel, msg, { idempotencyKey: `${key}:channel` }))) sent += 1;
        reachable += 1;
      } catch (error) {
        if (!(error instanceof UndeliverableError)) throw error;
        log.warn('handover request undeliverable to the lead channel', { promiseId: p.id, error: error.message });
      }
    }
    if (!reachable) log.warn('handover request had nobody to go to', { promiseId: p.id });
    if (sent) return { status: 'done', note: 'agent away: handover request to the team lead' };
    return { status: 'skipped', note: reachable ? 'agent away: the lead has a handover request' : 'agent away: no lead to ask' };
  };

  return { command, onPick, onAccept, onDecline, onKeep, onReschedule, whileAway, colleagues };
}

export type Handovers = ReturnType<typeof createHandovers>;
