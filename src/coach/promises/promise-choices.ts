// "Did you mean …?" with buttons: when a due time could be read two ways, or a plain slip has an
// obvious fix ("3pm has passed today" → "Yes, tomorrow 15:00"), the answer offers the times as
// buttons and stores nothing. Each button carries everything needed to make the promise (due time,
// zone, who, note), so nothing is remembered while the person decides, and nothing wrong can be.

import { isValidZone } from '../../zone-names.ts';
import type { Block, Button, Outbound } from '../../ports.ts';
import { plain } from '../messages.ts';
import { MAX_DAYS_AHEAD } from './parse-due-time.ts';
import { MAX_NOTE_CHARS, MAX_WHO_CHARS, type NewPromiseText } from './parse-promise-command.ts';
import type { DueChoice } from './read-due-time.ts';

export const PICK_DUE_ACTION = 'promise.pick';
const SOMETHING_ELSE = 'other';
/** Slack cuts a button value at 2,000 characters; a cut value could not be read back. */
const MAX_VALUE_CHARS = 2_000;
const DAY_MS = 24 * 60 * 60_000;

/** What a pressed choice says: make this promise. */
export interface PickedDue {
  due: Date;
  zone: string;
  who: string;
  note: string | null;
}

function encodePick(pick: PickedDue): string {
  return JSON.stringify([1, pick.due.toISOString(), pick.zone, pick.who, pick.note]);
}

/** The promise a button stands for, "other" for "Something else", undefined for a value we never made. */
export function decodePick(value: string | undefined): PickedDue | 'other' | undefined {
  if (value === SOMETHING_ELSE) return 'other';
  try {
    const [version, due, zone, who, note] = JSON.parse(value ?? '') as unknown[];
    if (version !== 1 || typeof due !== 'string' || typeof zone !== 'string' || typeof who !== 'string' || (note !== null && typeof note !== 'string')) return undefined;
    const at = new Date(due);
    if (Number.isNaN(at.getTime()) || !isValidZone(zone)) return undefined;
    return { due: at, zone, who, note };
  } catch {
    return undefined;
  }
}

/** A pressed choice, checked again now: the question may have waited a while before it was answered. */
export function checkPick(pick: PickedDue, now: Date): NewPromiseText {
  if (!pick.who.trim() || pick.who.length > MAX_WHO_CHARS || (pick.note?.length ?? 0) > MAX_NOTE_CHARS) return { ok: false, message: 'That button is not one I can use. Type the promise again.' };
  if (pick.due.getTime() <= now.getTime()) return { ok: false, message: 'That time has passed since I asked. Type the promise again with a time still to come.' };
  if (pick.due.getTime() > now.getTime() + MAX_DAYS_AHEAD * DAY_MS) return { ok: false, message: `That's more than ${MAX_DAYS_AHEAD} days away now.` };
  return { ok: true, who: pick.who, note: pick.note, due: pick.due };
}

/** The answer to a command whose time needs a word from the person: the reason, the choices, nothing stored. */
export function renderDueQuestion(message: string, choices: DueChoice[], pick: Omit<PickedDue, 'due'>, example: string): Outbound {
  const buttons: Button[] = choices
    .map((c, i): Button => ({ actionId: PICK_DUE_ACTION, label: c.label, value: encodePick({ ...pick, due: c.due, ...(c.who ? { who: c.who } : {}) }), ...(i === 0 ? { style: 'primary' as const } : {}) }))
    .filter((b) => (b.value?.length ?? 0) <= MAX_VALUE_CHARS);
  const hint = buttons.length ? 'Nothing is saved until you pick one.' : `For example: \`${example}\``;
  const blocks: Block[] = [{ type: 'text', text: message }, { type: 'context', text: hint }];
  if (buttons.length) blocks.push({ type: 'actions', buttons: [...buttons, { actionId: PICK_DUE_ACTION, label: 'Something else', value: SOMETHING_ELSE }] });
  return { text: plain([message, ...buttons.map((b) => `• ${b.label}`), hint].join('\n')), blocks, visibility: 'private' };
}

/** "Something else": how to say it so there is only one reading. */
export function renderSomethingElse(example: string): Outbound {
  const text = 'No problem — type it again with the day and month spelled out, so there is only one way to read it.';
  return { text: `${text} For example: ${example}`, blocks: [{ type: 'text', text }, { type: 'context', text: `For example: \`${example}\`` }], visibility: 'private', replaceOriginal: true };
}
