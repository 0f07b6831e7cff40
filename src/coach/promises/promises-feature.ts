// Callback promises: `/promise-callback` and the Done / Snooze / Cancel / "Couldn't reach them" buttons;
// the ladder's scheduled jobs are in promise-jobs.ts. Customer details (who/note) are never logged.

import { type Actor, type Address, type Outbound } from '../../ports.ts';
import { insertPromiseWithLadder, listOpenPromisesWithoutPlan, listOpenPromises, moveDueTime, type CallbackPromise } from '../../store/promises-repo.ts';
import { purgeClosedPromises } from '../../store/promise-purge-repo.ts';
import { recordPromiseEvent } from '../../store/promise-events-repo.ts';
import { createHandovers } from './handover.ts';
import type { CoachDeps } from '../deps.ts';
import type { ActionInbound, CommandInbound, Feature } from '../feature.ts';
import { privateMessage, problem } from '../messages.ts';
import { isManager } from '../roles.ts';
import { formatWhen } from '../format-time.ts';
import { zoneForActor } from '../zones.ts';
import { hoursOf, promiseWorkday } from './workday-words.ts';
import { cancelLadder, ladderTimes, movedHeadsUp, planLadder, PROMISE_JOBS } from './ladder.ts';
import { deadlineAfterMove, isRenegotiation, outcomeOfDone, type MoveKind } from './outcomes.ts';
import { parseNewPromise, parsePromiseCommand, parsePromiseId, parseSnooze } from './parse-promise-command.ts';
import { tipRuleFor } from './pick-tip.ts';
import { checkPick, decodePick, PICK_DUE_ACTION, renderDueQuestion, renderSomethingElse, type PickedDue } from './promise-choices.ts';
import { laterAlreadyAnswer, movesEarlier, snoozeEarlierAnswer } from './stale-answers.ts';
import { nextWorkDayMorning, WORK_DAY_SNOOZE } from './work-day-snooze.ts';
import { filterPromises, LIST_MORE_ACTION, PAGE_SIZE, parseListArgs, parseListButton, renderListPage, type ListRequest } from './promise-list.ts';
import {
  PROMISE_ACTIONS,
  renderCancelled,
  renderConfirmation,
  renderDone,
  renderMoved,
  renderPromiseList,
} from './promise-messages.ts';
import { closePromiseWithHistory } from './close-promise.ts';
import { createPromiseJobs } from './promise-jobs.ts';
import { createPromiseAccess, type PromiseAccess } from './promise-access.ts';
import { createManagerChanges } from './manager-changes.ts';
import { CREATE_EXAMPLE, PROMISE_HELP, renderPromiseHelp } from './promise-help.ts';

export const PROMISE_COMMAND = 'promise-callback';
const DAY_MS = 24 * 60 * 60_000;

export function createPromisesFeature(deps: CoachDeps): Feature {
  const { db, clock, content, logger, config } = deps;
  const ladder = config.ladder;
  const log = logger.child({ feature: 'promises' });
  const handovers = createHandovers(deps);
  const access = createPromiseAccess(deps);

  const { promiseFor, auditForSomeoneElse } = access;
  const retentionMs = () => ladder.retentionDays * DAY_MS;
  const { onManagerClose, onReassign } = createManagerChanges(deps, access, retentionMs);

  /** A new promise from typed text, or from a pressed "did you mean" button (`picked`). */
  const create = async (command: CommandInbound, text: string, picked?: PickedDue): Promise<Outbound[]> => {
    const now = clock.now();
    const zone = picked?.zone ?? (await zoneForActor(db, command.from, command.address, config.defaultTimezone));
    const hours = await hoursOf(db, command.from, zone, now); // "EOD" and "first thing" follow them
    const parsed = picked ? checkPick(picked, now) : parseNewPromise(text, now, zone, command.from.locale ?? config.defaultLocale, hours.words);
    if (!parsed.ok && parsed.choices?.length && parsed.who) return [renderDueQuestion(parsed.message, parsed.choices, { zone, who: parsed.who, note: parsed.note ?? null }, CREATE_EXAMPLE)];
    if (!parsed.ok) return [problem(parsed.message, CREATE_EXAMPLE)];
    const { from } = command;
    // The same button pressed twice (the console keeps old buttons on screen) makes one promise.
    const twin = picked && (await listOpenPromises(db, from.platform, from.workspaceId, from.userId)).find((p) => p.who === parsed.who && p.note === parsed.note && p.dueAt.getTime() === parsed.due.getTime());
    if (twin) return [privateMessage(`That one is already saved: promise #${twin.id}. Nothing changed.`)];
    // Stored with its tip and ladder before the answer exists: a confirmed promise is a stored one.
    const steps = ladderTimes(parsed.due, now, ladder, true, hours.availability);
    const p = await insertPromiseWithLadder(db, {
      agent: from,
      tz: zone,
      addressKey: command.address.key,
      who: parsed.who,
      note: parsed.note,
      dueAt: parsed.due,
      tipRule: tipRuleFor(content.actions, parsed.note),
      ladder: steps.map(({ step, at }) => ({ kind: PROMISE_JOBS[step], dueAt: at })),
      createdAt: now,
    });
    const tip = content.actions.find((a) => a.id === p.tipId);
    log.info('promise made', { promiseId: p.id, platform: p.platform, workspaceId: p.workspaceId, dueAt: p.dueAt.toISOString() });
    return [renderConfirmation(p, now, tip?.tip, ladder.headsUpMinutes, movedHeadsUp(steps, p.dueAt, now, ladder))];
  };

  const complete = async (actor: Actor, p: CallbackPromise): Promise<{ changed: boolean; msg: Outbound }> => {
    const now = clock.now();
    const outcome = outcomeOfDone(p, now, ladder.graceMinutes);
    const closed = await closePromiseWithHistory(db, p, {
      status: outcome,
      by: actor.userId,
      event: { kind: 'done', actorId: actor.userId, detail: { outcome } },
      alsoRecord: (trx) => auditForSomeoneElse(trx, actor, p, now, 'promise.done', `closed as ${outcome}`),
    }, now, retentionMs());
    if (!closed) return { changed: false, msg: privateMessage(`Promise #${p.id} is already closed. Nothing changed.`) };
    log.info('promise done', { promiseId: p.id, outcome });
    return { changed: true, msg: renderDone(closed, outcome, now) };
  };

  const cancel = async (actor: Actor, p: CallbackPromise): Promise<{ changed: boolean; msg: Outbound }> => {
    const now = clock.now();
    const closed = await closePromiseWithHistory(db, p, {
      status: 'cancelled',
      by: actor.userId,
      event: { kind: 'cancelled', actorId: actor.userId, detail: {} },
      alsoRecord: (trx) => auditForSomeoneElse(trx, actor, p, now, 'promise.cancel', 'cancelled'),
    }, now, retentionMs());
    if (!closed) return { changed: false, msg: privateMessage(`Promise #${p.id} is already closed. Nothing changed.`) };
    log.info('promise cancelled', { promiseId: p.id });
    return { changed: true, msg: renderCancelled(closed, now) };
  };

  const move = async (actor: Actor, p: CallbackPromise, kind: MoveKind, newDue: Date): Promise<Outbound> => {
    const now = clock.now();
    const renegotiated = kind !== 'unreachable' && isRenegotiation(p, now, ladder.graceMinutes);
    const moved = await db.transaction().execute(async (trx) => {
      await cancelLadder(trx, p.id, now);
      const m = await moveDueTime(trx, p.id, {
        dueAt: newDue,
        deadlineAt: deadlineAfterMove(p, kind, newDue, now, ladder.graceMinutes),
        renegotiated,
        attempt: kind === 'unreachable',
      });
      const eventKind = kind === 'snooze' ? 'snoozed' : kind === 'reschedule' ? 'rescheduled' : 'unreachable';
      await recordPromiseEvent(trx, p.id, eventKind, actor.userId, now, { from: p.dueAt.toISOString(), to: newDue.toISOString(), renegotiated });
      await auditForSomeoneElse(trx, actor, p, now, `promise.${kind}`, `open, due ${formatWhen(newDue, p.agentTz)}`);
      await planLadder(trx, m, ladder, now, false);
      return m;
    });
    log.info('promise moved', { promiseId: p.id, how: kind, dueAt: newDue.toISOString(), renegotiated });
    return renderMoved(moved, now, kind === 'snooze' ? 'snoozed' : kind === 'reschedule' ? 'rescheduled' : 'unreachable', renegotiated || kind === 'unreachable');
  };

  const moveLimit = (due: Date, now: Date): string | undefined =>
    due.getTime() <= now.getTime()
      ? 'That time is already past. Pick a time still to come.'
      : due.getTime() > now.getTime() + 30 * DAY_MS
        ? "That's more than 30 days away."
        : undefined;

  /** One page of someone's open promises; another person's only for team leads. */
  const listPromises = async (actor: Actor, address: Address, request: ListRequest): Promise<Outbound> => {
    const { personId } = request;
    if (personId && personId !== actor.userId && !(await isManager(db, config, actor))) {
      return privateMessage("Only team leads can see someone else's promises. `/promise-callback list` shows yours.");
    }
    const now = clock.now();
    const open = await listOpenPromises(db, actor.platform, actor.workspaceId, personId ?? actor.userId);
    const zone = await zoneForActor(db, actor, address, config.defaultTimezone);
    return renderListPage(filterPromises(open, request.filter, now, zone), request, now, actor, open[0]?.agentName);
  };

  const command = async (cmd: CommandInbound, args: string): Promise<Outbound[]> => {
    const actor = cmd.from;
    const [first = '', ...listWords] = args.trim().split(/\s+/);
    if (first.toLowerCase() === 'handover') return handovers.command(cmd, listWords.join(' '));
    if (first.toLowerCase() === 'list') {
      const request = parseListArgs(listWords, actor.platform);
      if (!('problem' in request)) return [await listPromises(actor, cmd.address, request)];
      if (listWords.length === 1) return [problem(request.problem, '/promise-callback list overdue')];
    }
    const parsed = parsePromiseCommand(args);
    switch (parsed.kind) {
      case 'help':
        return [renderPromiseHelp()];
      case 'list':
        return [await listPromises(actor, cmd.address, { filter: 'all', offset: 0 })];
      case 'create':
        return create(cmd, parsed.text);
      case 'done':
      case 'cancel': {
        const found = await promiseFor(actor, parsed.id, parsed.raw);
        if ('answer' in found) return [found.answer];
        return [(await (parsed.kind === 'done' ? complete(actor, found.promise) : cancel(actor, found.promise))).msg];
      }
      case 'snooze':
      case 'reschedule': {
        const found = await promiseFor(actor, parsed.id, parsed.raw);
        if ('answer' in found) return [found.answer];
        const example = parsed.kind === 'snooze' ? `/promise-callback snooze ${found.promise.id} 30m` : `/promise-callback reschedule ${found.promise.id} tomorrow 10am`;
        if (!parsed.when) return [problem(parsed.kind === 'snooze' ? 'Snooze for how long, or until when?' : 'Reschedule to when?', example)];
        const now = clock.now();
        const when = parseSnooze(parsed.when, now, found.promise.agentTz, actor.locale ?? config.defaultLocale, await promiseWorkday(db, found.promise, now));
        if (!when.ok) return [problem(when.message, example)];
        const limit = moveLimit(when.due, now);
        if (limit) return [problem(limit, example)];
        if (parsed.kind === 'snooze' && movesEarlier(found.promise, when.due)) return [snoozeEarlierAnswer(found.promise)];
        return [await move(actor, found.promise, parsed.kind, when.due)];
      }
    }
  };

  /** Button values: "42", or "42|15m" for snoozes. */
  const fromButton = async (action: ActionInbound): Promise<{ found: PromiseAccess; choice?: string }> => {
    const [rawId = '', choice] = (action.value ?? '').split('|');
    return { found: await promiseFor(action.from, parsePromiseId(rawId), rawId), choice };
  };

  /** Answer a button: the message that was pressed shows the new state. */
  const replacing = (msg: Outbound): Outbound => ({ ...msg, replaceOriginal: true });

  const onDone = async (action: ActionInbound): Promise<Outbound[]> => {
    const { found } = await fromButton(action);
    if ('answer' in found) return [found.answer];
    const { changed, msg } = await complete(action.from, found.promise);
    return [changed ? replacing(msg) : msg];
  };

  const onCancel = async (action: ActionInbound): Promise<Outbound[]> => {
    const { found } = await fromButton(action);
    if ('answer' in found) return [found.answer];
    const { changed, msg } = await cancel(action.from, found.promise);
    return [changed ? replacing(msg) : msg];
  };

  const onSnooze = async (action: ActionInbound): Promise<Outbound[]> => {
    const { found, choice } = await fromButton(action);
    if ('answer' in found) return [found.answer];
    const now = clock.now();
    const when = choice === WORK_DAY_SNOOZE ? { ok: true as const, due: await nextWorkDayMorning(db, found.promise, now) } : parseSnooze(choice ?? '1h', now, found.promise.agentTz, undefined, await promiseWorkday(db, found.promise, now));
    if (!when.ok) return [privateMessage('That snooze button is from an older version of the coach; try `/promise-callback snooze <id> 30m`.')];
    // An old button (a confirmation from last week, a reminder from before a reschedule) never pulls it earlier.
    if (movesEarlier(found.promise, when.due)) return [laterAlreadyAnswer(found.promise)];
    return [replacing(await move(action.from, found.promise, 'snooze', when.due))];
  };

  /** A "did you mean" choice: the button's value is the whole promise; nothing was stored before. */
  const onPickDue = async (action: ActionInbound): Promise<Outbound[]> => {
    const pick = decodePick(action.value);
    if (pick === 'other') return [renderSomethingElse(CREATE_EXAMPLE)];
    if (!pick) return [privateMessage('That button is from an older version of the coach; type the promise again.')];
    const command: CommandInbound = { kind: 'command', from: action.from, address: action.address, command: PROMISE_COMMAND, text: '', at: action.at };
    return (await create(command, '', pick)).map(replacing);
  };

  const onListMore = async (action: ActionInbound): Promise<Outbound[]> => {
    const request = parseListButton(action.value);
    if (!request) return [privateMessage('That button is from an older list. `/promise-callback list` shows your promises now.')];
    return [await listPromises(action.from, action.address, request)];
  };

  const onUnreachable = async (action: ActionInbound): Promise<Outbound[]> => {
    const { found } = await fromButton(action);
    if ('answer' in found) return [found.answer];
    const now = clock.now();
    const next = new Date(now.getTime() + ladder.retryAfterMinutes * 60_000);
    if (movesEarlier(found.promise, next)) return [laterAlreadyAnswer(found.promise)];
    return [replacing(await move(action.from, found.promise, 'unreachable', next))];
  };

  return {
    name: 'promises',
    commands: { [PROMISE_COMMAND]: command },
    actions: {
      [PROMISE_ACTIONS.done]: onDone,
      [PROMISE_ACTIONS.snooze]: onSnooze,
      [PROMISE_ACTIONS.cancel]: onCancel,
      [PROMISE_ACTIONS.unreachable]: onUnreachable,
      [PROMISE_ACTIONS.close]: onManagerClose,
      [PROMISE_ACTIONS.reassign]: onReassign,
      [PICK_DUE_ACTION]: onPickDue,
      [LIST_MORE_ACTION]: onListMore,
    },
    jobs: createPromiseJobs(deps),
    onStart: async () => {
      const now = clock.now();
      // Self-repair: every open promise has its ladder. Only the ones with no live step are looked at
      // (re-planning all of them cost 8 s and 600 MB at start-up with 100,000 open promises).
      const unplanned = await listOpenPromisesWithoutPlan(db);
      if (unplanned.length) {
        await db.transaction().execute(async (trx) => {
          for (const p of unplanned) await planLadder(trx, p, ladder, now, false);
        });
      }
      if (unplanned.length) log.warn('planned reminders missing for open promises', { count: unplanned.length });
      // Erase customer details past the retention period now, even if it was shortened since.
      const erased = await purgeClosedPromises(db, new Date(now.getTime() - retentionMs()), now);
      if (erased) log.info('erased customer details of old promises', { count: erased });
    },
    homeSection: async (actor) => {
      // The home view has room for one page (Slack: 100 blocks for the whole view); the list pages on.
      const open = await listOpenPromises(db, actor.platform, actor.workspaceId, actor.userId);
      const blocks = renderPromiseList(open.slice(0, PAGE_SIZE), clock.now(), 'Your callback promises');
      if (open.length > PAGE_SIZE) blocks.push({ type: 'context', text: `…and ${open.length - PAGE_SIZE} more: \`/promise-callback list\` shows them all, a page at a time.` });
      return blocks;
    },
    help: { topic: 'promises', entries: PROMISE_HELP },
  };
}
