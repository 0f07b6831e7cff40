// What the coach says about handing a promise over: the offer to a colleague (Accept / Decline),
// the answers to both, the offer before someone goes away ("Hand #42 to…", "Reschedule", "Keep
// it"), and the handover request a team lead gets when an away agent's promise falls due.

import type { Block, Button, Outbound, PersonPicker } from '../../ports.ts';
import type { HelpEntry } from '../feature.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { formatRelative, formatWhen, formatWhenWithRelative } from '../format-time.ts';
import { mention } from '../mentions.ts';
import { plain } from '../messages.ts';
import { userText } from '../user-text.ts';
import { promiseRef, reminderButtons, whoOf } from './promise-messages.ts';

export const HANDOVER_ACTIONS = {
  /** A person picker's pick: value `<promise id>|<user id>`. */
  pick: 'promise.handover.pick',
  /** Value: the handover's id. */
  accept: 'promise.handover.accept',
  decline: 'promise.handover.decline',
  /** Before going away: value `<promise id>|<ISO time>` (the morning of the first work day back). */
  reschedule: 'promise.away.reschedule',
  /** Before going away: value `<promise id>`. */
  keep: 'promise.away.keep',
} as const;

/** Only in `/promise-callback help`: `/coach help` must stay within one Slack section (3,000 characters). */
export const HANDOVER_HELP: HelpEntry = {
  usage: '/promise-callback handover <id> @colleague [note]',
  description: 'Offer a promise to a colleague; if they accept, the reminders go to them with the same due time.',
  example: '/promise-callback handover 42 @sam back Monday',
};

export type Colleague = { userId: string; name: string };

const fallback = (lines: string[]): string => plain(lines.filter(Boolean).join('\n'));

export function handoverPicker(p: CallbackPromise, people: Colleague[]): PersonPicker {
  return {
    type: 'person_picker',
    actionId: HANDOVER_ACTIONS.pick,
    label: `Hand ${promiseRef(p)} to…`,
    value: String(p.id),
    people: people.filter((c) => c.userId !== p.agentId),
    command: `/promise-callback handover ${p.id} @name`,
  };
}

/** The colleague's question: take this promise? */
export function renderHandoverOffer(p: CallbackPromise, handoverId: number, giver: string, note: string | null, now: Date): Outbound {
  const line = `🤝 ${giver} would like to hand you callback promise ${promiseRef(p)} to *${whoOf(p)}*, due ${formatWhenWithRelative(p.dueAt, p.agentTz, now)}.`;
  const blocks: Block[] = [{ type: 'text', text: line }];
  if (p.note) blocks.push({ type: 'context', text: `Promise note: ${userText(p.note)}` });
  if (note) blocks.push({ type: 'context', text: `Note from ${giver}: ${userText(note)}` });
  blocks.push({ type: 'context', text: 'If you accept, the reminders come to you, with the same due time.' });
  const buttons: Button[] = [
    { actionId: HANDOVER_ACTIONS.accept, label: 'Accept', value: String(handoverId), style: 'primary' },
    { actionId: HANDOVER_ACTIONS.decline, label: 'Decline', value: String(handoverId) },
  ];
  blocks.push({ type: 'actions', buttons });
  return { text: fallback([line, note ? `Note from ${giver}: ${userText(note)}` : '']), blocks, visibility: 'private' };
}

export function renderAccepted(p: CallbackPromise, now: Date): Outbound {
  const line = `✅ Promise ${promiseRef(p)} to *${whoOf(p)}* is yours now, due ${formatWhenWithRelative(p.dueAt, p.agentTz, now)}. I'll remind you as usual.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }, { type: 'actions', buttons: reminderButtons(p) }], visibility: 'private', replaceOriginal: true };
}

export function renderAcceptedForGiver(p: CallbackPromise, taker: string): Outbound {
  const line = `👍 ${taker} accepted promise ${promiseRef(p)} to *${whoOf(p)}*. It's theirs now, still due ${formatWhen(p.dueAt, p.agentTz)}; no more reminders come to you for it.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }], visibility: 'private' };
}

export function renderDeclinedForGiver(p: CallbackPromise, taker: string, holder: string, people: Colleague[]): Outbound {
  const line = `${taker} can't take promise ${promiseRef(p)} to *${whoOf(p)}*. It is still ${holder}, due ${formatWhen(p.dueAt, p.agentTz)}.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }, handoverPicker(p, people)], visibility: 'private' };
}

/** The answer to "Hand #42 to Sam": asked, and what happens meanwhile. */
export function renderOffered(p: CallbackPromise, taker: string, holder: string): Outbound {
  const line = `I've asked ${taker} to take promise ${promiseRef(p)} to *${whoOf(p)}*. It stays ${holder} until they accept; I'll tell you their answer.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }], visibility: 'private', replaceOriginal: true };
}

export interface AwayOfferItem {
  promise: CallbackPromise;
  /** The morning of the first work day back, for "Reschedule". */
  backAt: Date;
}

/** When someone sets away: each open promise due meanwhile, with its three choices. */
export function renderAwayOffer(items: AwayOfferItem[], people: Colleague[], now: Date, more: number): Block[] {
  const blocks: Block[] = [{ type: 'text', text: `*${items.length + more === 1 ? 'This promise falls' : 'These promises fall'} due while you're away.* Hand each to a colleague, move it to when you're back, or keep it.` }];
  for (const { promise: p, backAt } of items) {
    blocks.push({ type: 'divider' }, { type: 'text', text: `*${promiseRef(p)}* ${whoOf(p)} — due ${formatWhenWithRelative(p.dueAt, p.agentTz, now)}${p.note ? ` · ${userText(p.note)}` : ''}` });
    blocks.push(handoverPicker(p, people), {
      type: 'actions',
      buttons: [
        { actionId: HANDOVER_ACTIONS.reschedule, label: `Reschedule to ${formatWhen(backAt, p.agentTz)}`, value: `${p.id}|${backAt.toISOString()}` },
        { actionId: HANDOVER_ACTIONS.keep, label: 'Keep it', value: String(p.id) },
      ],
    });
  }
  if (more > 0) blocks.push({ type: 'context', text: `…and ${more} more: \`/promise-callback list\` shows them all; \`/promise-callback handover <id> @name\` hands one over.` });
  return blocks;
}

export function renderKept(p: CallbackPromise): Outbound {
  const line = `OK, promise ${promiseRef(p)} to *${whoOf(p)}* stays yours. If it is still yours when it falls due while you're away, your team lead gets it as a handover request.`;
  return { text: fallback([line]), blocks: [{ type: 'text', text: line }], visibility: 'private', replaceOriginal: true };
}

/** A team lead's handover request: the agent is away and their promise is due now. */
export function renderHandoverRequest(p: CallbackPromise, now: Date, awayUntil: string, reason: string, people: Colleague[], late: boolean): Outbound {
  const agent = mention(p.agentId, p.agentName);
  const overdue = now.getTime() - p.dueAt.getTime() > 5 * 60_000;
  const due = overdue ? `was due ${formatWhen(p.dueAt, p.agentTz)} (${formatRelative(p.dueAt, now)})` : `is due now (${formatWhen(p.dueAt, p.agentTz)})`;
  const line = `🧳 ${agent} is away until ${awayUntil}, and their callback promise ${promiseRef(p)} to *${whoOf(p)}* ${due}. Could someone take it?`;
  const blocks: Block[] = [{ type: 'text', text: line }];
  if (p.note) blocks.push({ type: 'context', text: `Note: ${userText(p.note)}` });
  blocks.push(handoverPicker(p, people), { type: 'context', text: `${reason} It is a handover request, not an ignored promise: ${agent} is away.` });
  if (late) blocks.push({ type: 'context', text: 'Sent late: the coach was offline when this was due.' });
  return { text: fallback([line, reason]), blocks, visibility: 'channel' };
}
