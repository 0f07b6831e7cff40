// `/promise-callback …`: a subcommand (list, done, snooze, reschedule, cancel, help) or a new promise
// "<who> <when> [note]", where the time is found anywhere and splits who (before) from note (after).

import { DateTime } from 'luxon';
import { parseDueTime, readDueTime, whoBefore, type DueChoice } from './read-due-time.ts';
import type { WorkdayWords } from './normalize-when.ts';

export type PromiseCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'done' | 'cancel'; id: number | undefined; raw: string }
  | { kind: 'snooze' | 'reschedule'; id: number | undefined; raw: string; when: string }
  | { kind: 'create'; text: string };

const SUBCOMMANDS = new Set(['done', 'cancel', 'snooze', 'reschedule']);

/** "42" or "#42" → 42. */
export function parsePromiseId(token: string | undefined): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(token ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Control characters and bidi overrides never belong in a customer's name or a note: they would be
 *  stored and echoed into reminders (terminal escapes in the console, spoofed text in chat). */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

export function parsePromiseCommand(text: string): PromiseCommand {
  const trimmed = text.replace(UNPRINTABLE, ' ').trim();
  const [first = '', second, ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  if (!trimmed || word === 'help') return { kind: 'help' };
  if (word === 'list' && second === undefined) return { kind: 'list' };
  if (SUBCOMMANDS.has(word)) {
    const id = parsePromiseId(second);
    const raw = second ?? '';
    if (word === 'done' || word === 'cancel') return { kind: word, id, raw };
    return { kind: word as 'snooze' | 'reschedule', id, raw, when: rest.join(' ') };
  }
  return { kind: 'create', text: trimmed };
}

export type NewPromiseText =
  | { ok: true; who: string; note: string | null; due: Date }
  /** Not stored. `choices`: times the person can pick with one press (with who and note kept for it);
   *  `question`: two readings were plausible, so this asks rather than refuses. */
  | { ok: false; message: string; choices?: DueChoice[]; question?: boolean; who?: string; note?: string | null };

const LEADING_JOINERS = /^(?:[\s,:;–—-]+|(?:about|re:?|regarding|for|to|on|with|-)\s+)+/i;

export const MAX_WHO_CHARS = 200;
export const MAX_NOTE_CHARS = 1_000;

/** Split "<who> <when> [note]" and read the time in `zone`, numeric dates in `locale`. */
export function parseNewPromise(text: string, now: Date, zone: string, locale?: string, workday?: WorkdayWords): NewPromiseText {
  const found = readDueTime(text, now, zone, locale, { needWho: true, workday });
  if (found.start === undefined || found.end === undefined) return { ok: false, message: found.kind === 'ok' ? '' : found.message };
  const who = whoBefore(text.slice(0, found.start));
  const note = text.slice(found.end).replace(LEADING_JOINERS, '').trim();
  if (!who) return { ok: false, message: 'Who is the callback for? Put the customer, ticket or phone number first, then the time.' };
  // A name, ticket or phone number is short; a pasted document is a mistake, not a promise.
  if (who.length > MAX_WHO_CHARS) return { ok: false, message: `Keep who it's for short (up to ${MAX_WHO_CHARS} characters): a name, ticket or phone number.` };
  if (note.length > MAX_NOTE_CHARS) return { ok: false, message: `The note is too long (up to ${MAX_NOTE_CHARS} characters); keep the details in your ticket.` };
  if (found.kind !== 'ok') return { ok: false, message: found.message, choices: found.choices, question: found.kind === 'ask', who, note: note || null };
  return { ok: true, who, note: note || null, due: found.due };
}

const MAX_SNOOZE_MINUTES = 30 * 24 * 60;

/**
 * A snooze choice from a button (`15m`, `1h`, `tomorrow9`) or typed ("30m", "2 hours", "16:00",
 * "tomorrow 10am"). Durations count from now.
 */
export function parseSnooze(choice: string, now: Date, zone: string, locale?: string, workday?: WorkdayWords): { ok: true; due: Date } | { ok: false; message: string } {
  const text = choice.trim().toLowerCase();
  if (text === 'tomorrow9') {
    const local = DateTime.fromJSDate(now, { zone }).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    return { ok: true, due: local.toJSDate() };
  }
  const duration = /^(?:in\s+|for\s+)?(\d{1,5})\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?)$/.exec(text);
  if (duration) {
    const amount = Number(duration[1]);
    const unit = duration[2] ?? 'm';
    const minutes = unit.startsWith('h') ? amount * 60 : unit.startsWith('d') ? amount * 1440 : amount;
    if (minutes < 1 || minutes > MAX_SNOOZE_MINUTES) return { ok: false, message: 'Snooze for at least a minute and at most 30 days.' };
    return { ok: true, due: new Date(now.getTime() + minutes * 60_000) };
  }
  const found = parseDueTime(text, now, zone, locale, workday);
  return found.ok ? { ok: true, due: found.due } : { ok: false, message: found.message };
}
