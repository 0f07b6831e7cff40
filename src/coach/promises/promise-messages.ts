// What the coach says about promises: the confirmation, reminders, escalations, lists and the
// answers to button presses. Plain, warm, short; every reminder carries the buttons to act on it.

import type { Block, Button, Outbound } from '../../ports.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { formatRelative, formatWhen, formatWhenWithRelative } from '../format-time.ts';
import { plain } from '../messages.ts';
import { mention } from '../mentions.ts';
import { userText } from '../user-text.ts';
import type { LadderStep } from './ladder.ts';

export const PROMISE_ACTIONS = {
  done: 'promise.done',
  snooze: 'promise.snooze',
  cancel: 'promise.cancel',
  unreachable: 'promise.unreachable',
  /** Managers (the dashboard): close with a reason, value `<id>|<reason>`. */
  close: 'promise.close',
  /** Managers (the dashboard): hand to another agent, value `<id>|<userId>|<reason>`. */
  reassign: 'promise.reassign',
} as const;

export type SnoozeChoice = '15m' | '1h' | 'tomorrow9';
export const SNOOZE_LABELS: Record<SnoozeChoice, string> = { '15m': 'Snooze 15 min', '1h': 'Snooze 1 h', tomorrow9: 'Next work day 9:00' };

export const promiseRef = (p: CallbackPromise): string => `#${p.id}`;
/** Who the promise is for, or a placeholder once the text was erased after the retention period. */
export const whoOf = (p: CallbackPromise): string => (p.who === null ? '(details removed)' : userText(p.who));
/** The agent's note, as text (never markup), or null. */
const noteOf = (p: CallbackPromise): string | null => (p.note ? userText(p.note) : null);

const doneButton = (p: CallbackPromise): Button => ({ actionId: PROMISE_ACTIONS.done, label: 'Done ✅', value: String(p.id), style: 'primary' });
const snoozeButton = (p: CallbackPromise, choice: SnoozeChoice): Button => ({ actionId: PROMISE_ACTIONS.snooze, label: SNOOZE_LABELS[choice], value: `${p.id}|${choice}` });
const cancelButton = (p: CallbackPromise): Button => ({ actionId: PROMISE_ACTIONS.cancel, label: 'Cancel', value: String(p.id), style: 'danger' });
const unreachableButton = (p: CallbackPromise): Button => ({ actionId: PROMISE_ACTIONS.unreachable, label: "Couldn't reach them", value: String(p.id) });

/** The buttons on every reminder. */
export function reminderButtons(p: CallbackPromise): Button[] {
  return [doneButton(p), snoozeButton(p, '15m'), snoozeButton(p, '1h'), snoozeButton(p, 'tomorrow9'), unreachableButton(p)];
}

function promiseFields(p: CallbackPromise, now: Date): { label: string; value: string }[] {
  const fields = [
    { label: 'Who', value: whoOf(p) },
    { label: 'Due', value: formatWhenWithRelative(p.dueAt, p.agentTz, now) },
  ];
  const note = noteOf(p);
  if (note) fields.push({ label: 'Note', value: note });
  fields.push({ label: 'Promise', value: promiseRef(p) });
  return fields;
}

const fallback = (lines: string[]): string => plain(lines.filter(Boolean).join('\n'));

/**
 * `headsUpAt`: when the heads-up goes, if it was moved into the agent's working hours (it says
 * why, so a heads-up at the start of a shift is no surprise).
 */
export function renderConfirmation(p: CallbackPromise, now: Date, tip: string | undefined, headsUpMinutes: number, headsUpAt?: Date): Outbound {
  const title = `Got it — callback promise ${promiseRef(p)} saved ✅`;
  const fields = promiseFields(p, now);
  const plan =
    headsUpMinutes > 0 && headsUpAt
      ? `I'll give you a heads-up ${formatWhen(headsUpAt, p.agentTz)}, inside your working hours, remind you when it's due, and nudge you if it slips.`
      : headsUpMinutes > 0
      ? `I'll give you a heads-up ${headsUpMinutes} min before, remind you when it's due, and nudge you if it slips.`
      : "I'll remind you when it's due and nudge you if it slips.";
  const blocks: Block[] = [{ type: 'header', text: title }, { type: 'fields', fields }, { type: 'context', text: plan }];
  if (tip) blocks.push({ type: 'text', text: `💡 *Tip:* ${tip}` });
  blocks.push({ type: 'actions', buttons: [doneButton(p), snoozeButton(p, '1h'), cancelButton(p)] });
  return {
    text: fallback([title, ...fields.map((f) => `${f.label}: ${f.value}`), plan, tip ? `Tip: ${tip}` : '']),
    blocks,
    visibility: 'private',
  };
}

const REMINDER_LINES: Record<Exclude<LadderStep, 'missed'>, (p: CallbackPromise, now: Date) => string> = {
  headsup: (p, now) => `⏰ Heads-up: your callback to *${whoOf(p)}* is due ${formatRelative(p.dueAt, now)} (${formatWhen(p.dueAt, p.agentTz)}).`,
  due: (p) => `📞 Time to call back *${whoOf(p)}* — you promised ${formatWhen(p.dueAt, p.agentTz)}.`,
  nudge: (p, now) => `⚠️ Your callback to *${whoOf(p)}* is overdue: it was due ${formatRelative(p.dueAt, now)}. A call now still shows you care.`,
  escalate: (p, now) => `🚨 Your callback to *${whoOf(p)}* is still open, due ${formatRelative(p.dueAt, now)}.`,
};

export interface ReminderOptions {
  /** The step runs late because the coach was offline. */
  lateBy?: number;
  /** For the escalation step: who was told, and why them (from the lead routing). */
  escalation?: string;
}

export function renderReminder(step: Exclude<LadderStep, 'missed'>, p: CallbackPromise, now: Date, options: ReminderOptions = {}): Outbound {
  const lines = [REMINDER_LINES[step](p, now)];
  if (options.escalation) lines.push(options.escalation);
  const blocks: Block[] = [{ type: 'text', text: lines.join(' ') }];
  const note = noteOf(p);
  if (note) blocks.push({ type: 'context', text: `Note: ${note}` });
  if (options.lateBy) {
    blocks.push({ type: 'context', text: `Sorry this comes late: the coach was offline when it was due (${formatWhen(new Date(now.getTime() - options.lateBy), p.agentTz)}).` });
  }
  blocks.push({ type: 'context', text: `Promise ${promiseRef(p)}` }, { type: 'actions', buttons: reminderButtons(p) });
  return {
    text: fallback([lines.join(' '), note ? `Note: ${note}` : '', options.lateBy ? 'Sorry this comes late: the coach was offline when it was due.' : '']),
    blocks,
    visibility: 'private',
  };
}

const STEP_NAMES: Record<Exclude<LadderStep, 'missed'>, string> = {
  headsup: 'heads-up',
  due: 'reminder at the due time',
  nudge: 'overdue nudge',
  escalate: 'overdue reminder (and the note to your team lead)',
};
const PLATFORM_NAMES = { slack: 'Slack', teams: 'Teams', console: 'the chat' } as const;

/** A reminder step the coach gave up on (the platform kept failing): the agent hears about it. */
export function renderUndelivered(step: Exclude<LadderStep, 'missed'>, p: CallbackPromise, failedAt: Date): Outbound {
  const line = `Sorry, my ${STEP_NAMES[step]} for promise ${promiseRef(p)} didn't get through: ${PLATFORM_NAMES[p.platform]} kept failing around ${formatWhen(failedAt, p.agentTz)}.`;
  const state = `Your callback to *${whoOf(p)}* is still open, due ${formatWhen(p.dueAt, p.agentTz)}. The next reminders still come.`;
  const blocks: Block[] = [
    { type: 'text', text: line },
    { type: 'text', text: state },
    { type: 'context', text: `Promise ${promiseRef(p)}` },
    { type: 'actions', buttons: reminderButtons(p) },
  ];
  return { text: fallback([line, state]), blocks, visibility: 'private' };
}

/** `reason` says why it came to this reader (see lead-routing.ts). */
export function renderEscalation(p: CallbackPromise, now: Date, late: boolean, reason?: string): Outbound {
  // A real mention, so the lead can click through to the agent (the console shows @name).
  const agent = mention(p.agentId, p.agentName);
  const line = `🚨 ${agent}'s callback promise ${promiseRef(p)} to *${whoOf(p)}* was due ${formatWhen(p.dueAt, p.agentTz)} and is ${formatRelative(p.dueAt, now).replace(' ago', '')} overdue.`;
  const blocks: Block[] = [
    { type: 'text', text: line },
    { type: 'context', text: `A quick word with ${agent} may help. They can close it with \`/promise-callback done ${p.id}\`, or a lead can.` },
  ];
  if (reason) blocks.push({ type: 'context', text: reason });
  const lateLine = late ? 'Sent late: the coach was offline when this was due.' : '';
  if (lateLine) blocks.push({ type: 'context', text: lateLine });
  return { text: fallback([line, lateLine]), blocks, visibility: 'channel' };
}

export function renderMissed(p: CallbackPromise, late: boolean): Outbound {
  const line = `Promise ${promiseRef(p)} to *${whoOf(p)}* (due ${formatWhen(p.dueAt, p.agentTz)}) is now closed as missed.`;
  const next = 'It happens. If you still can, call them today — and set a new promise with `/promise-callback`.';
  const blocks: Block[] = [{ type: 'text', text: line }, { type: 'context', text: next }];
  const lateLine = late ? 'Sent late: the coach was offline when this was due.' : '';
  if (lateLine) blocks.push({ type: 'context', text: lateLine });
  return { text: fallback([line, next, lateLine]), blocks, visibility: 'private' };
}

const OUTCOME_TEXT = { kept: 'kept ✅', late: 'late ⏱️' } as const;

export function renderDone(p: CallbackPromise, outcome: 'kept' | 'late', at: Date): Outbound {
  const line = `Done at ${formatWhen(at, p.agentTz)} — ${OUTCOME_TEXT[outcome]} Promise ${promiseRef(p)} to *${whoOf(p)}*${outcome === 'late' ? ` was due ${formatWhen(p.deadlineAt, p.agentTz)}` : ''}.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }], visibility: 'private' };
}

export function renderCancelled(p: CallbackPromise, at: Date): Outbound {
  const line = `Cancelled at ${formatWhen(at, p.agentTz)}: promise ${promiseRef(p)} to *${whoOf(p)}*. No more reminders.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }], visibility: 'private' };
}

export function renderMoved(p: CallbackPromise, now: Date, how: 'snoozed' | 'rescheduled' | 'unreachable', renegotiated: boolean): Outbound {
  const when = formatWhenWithRelative(p.dueAt, p.agentTz, now);
  const line =
    how === 'unreachable'
      ? `Attempt noted at ${formatWhen(now, p.agentTz)} — thanks for trying. I'll remind you to try *${whoOf(p)}* again ${when}.`
      : `${how === 'snoozed' ? '😴 Snoozed' : '📅 Rescheduled'}: promise ${promiseRef(p)} to *${whoOf(p)}* is now due ${when}.`;
  const context =
    how === 'unreachable'
      ? `Another time suits better? Pick one below, or \`/promise-callback reschedule ${p.id} 4pm\`.`
      : renegotiated
        ? `Let them know the new time. The original time (${formatWhen(p.originalDueAt, p.agentTz)}) stays on record.`
        : 'It was already overdue, so it will still count as late.';
  const blocks: Block[] = [
    { type: 'text', text: line },
    { type: 'context', text: context },
    { type: 'actions', buttons: how === 'unreachable' ? reminderButtons(p).filter((b) => b.actionId !== PROMISE_ACTIONS.unreachable) : reminderButtons(p) },
  ];
  return { text: fallback([line, context]), blocks, visibility: 'private' };
}

/** One line per open promise, soonest first; overdue ones marked. */
export function promiseLine(p: CallbackPromise, now: Date): string {
  const overdue = p.dueAt.getTime() <= now.getTime();
  return `${overdue ? '⚠️ *Overdue* · ' : ''}*${promiseRef(p)}* ${whoOf(p)} — ${formatWhenWithRelative(p.dueAt, p.agentTz, now)}${p.note ? ` · ${noteOf(p)}` : ''}`;
}

/** At most this many promises get their own buttons (Slack allows 25 elements per actions block). */
const BUTTONS_FOR = 10;

export function renderPromiseList(promises: CallbackPromise[], now: Date, heading: string): Block[] {
  if (promises.length === 0) return [{ type: 'text', text: `*${heading}*` }, { type: 'text', text: 'No open promises. 🎉 Make one with `/promise-callback ACME-4411 tomorrow 10am refund status`.' }];
  const blocks: Block[] = [{ type: 'text', text: `*${heading}* (${promises.length})` }];
  promises.forEach((p, i) => {
    blocks.push({ type: 'text', text: promiseLine(p, now) });
    if (i < BUTTONS_FOR) blocks.push({ type: 'actions', buttons: [doneButton(p), snoozeButton(p, '1h')] });
  });
  return blocks;
}

const MAX_LIST_TEXT = 39_000;

export function listMessage(promises: CallbackPromise[], now: Date): Outbound {
  const blocks = renderPromiseList(promises, now, 'Your open promises');
  const full =
    promises.length === 0 ? 'No open promises.' : fallback(['Your open promises:', ...promises.map((p) => promiseLine(p, now))]);
  // Slack refuses a message text over 40,000 characters; the blocks carry the list anyway.
  const text = full.length > MAX_LIST_TEXT ? `${full.slice(0, full.lastIndexOf('\n', MAX_LIST_TEXT))}\n…and more.` : full;
  return { text, blocks, visibility: 'private' };
}
