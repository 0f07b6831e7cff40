// Reads the due time in a whole "<who> <when> [note]" command the way a person would: ids, phone
// numbers and web addresses are blanked out, day-word typos fixed, short forms rewritten
// (normalize-when.ts), numeric dates read in the person's locale (numeric-dates.ts), then every time
// phrase chrono finds is weighed and the one that explains the most is taken. When two readings are
// plausible, the answer is a question with both, never a guess.

import { DateTime } from 'luxon';
import { cachedZone } from '../cached-zone.ts';
import { fixDayTypos, guessDayWord } from './fix-day-typos.ts';
import { mapText, originalSpan, rewriteText, type MappedText } from './mapped-text.ts';
import { normalizeWhen, type WhenConflict, type WorkdayWords } from './normalize-when.ts';
import { dateOrderOf, readNumericDates, type DateReading } from './numeric-dates.ts';
import { findDueCandidates, NOT_TIMES, type DueCandidate, type DueTimeResult } from './parse-due-time.ts';

/** A time the person can pick with one press. */
export interface DueChoice {
  due: Date;
  label: string;
  /** Who, when this reading splits the text differently ("ACME 9 tomorrow": "ACME" at 09:00). */
  who?: string;
}

export type WhenReading =
  /** `dayGiven`: the phrase named a day, so no day word before it can have been meant. */
  | { kind: 'ok'; due: Date; start: number; end: number; dayGiven?: boolean; timeGiven?: boolean }
  | { kind: 'ask'; message: string; choices: DueChoice[]; start: number; end: number }
  | { kind: 'refuse'; message: string; choices: DueChoice[]; start?: number; end?: number };

const LABEL_FORMAT = 'ccc d LLL HH:mm';
/** "Thu 3 Dec 10:00" in the person's zone: a button label. */
export function labelOf(due: Date | DateTime, zone: string): string {
  const dt = due instanceof DateTime ? due : DateTime.fromJSDate(due, { zone: cachedZone(zone) });
  return dt.toFormat(LABEL_FORMAT, { locale: 'en-GB' });
}
/** "3 Dec 10:00": what to type instead. */
const typeable = (due: Date, zone: string): string => DateTime.fromJSDate(due, { zone: cachedZone(zone) }).toFormat('d LLL HH:mm', { locale: 'en-GB' });

export const TRAILING_JOINERS = /(?:[\s,:;–—-]+|(?:^|\s+)(?:by|at|on|before|around|until|till|for|in|due|the|sometime|about|approx))+$/i;

/** Who the text before a time phrase names, without the joiners ("ACME-4411 — by" → "ACME-4411"). */
export function whoBefore(text: string): string {
  let who = text;
  for (let previous = ''; previous !== who; ) {
    previous = who;
    who = who.replace(TRAILING_JOINERS, '');
  }
  return who.trim();
}

function mask(text: MappedText): MappedText {
  let masked = text;
  for (const pattern of NOT_TIMES) masked = rewriteText(masked, pattern, (m) => ' '.repeat(m[0].length));
  return masked;
}

interface VariantReading {
  reading: WhenReading;
  dateReading: DateReading;
}

/** Phrases that explain more win: a day and a time beat either alone; then the earlier one. */
const weight = (c: DueCandidate): number => (c.hasDay ? 1 : 0) + (c.hasTime ? 1 : 0);

function readVariant(original: string, variant: DateReading, conflicts: WhenConflict[], now: Date, zone: string, needWho: boolean): WhenReading {
  const localNow = DateTime.fromJSDate(now, { zone: cachedZone(zone) });
  const mapped = variant.text;
  let candidates = findDueCandidates(mapped.text, now, zone).filter((c) => !c.monthOnly);
  // "Ms Tuesday Okafor 3pm": a capitalised day or month word followed by a capitalised word is a name.
  const others = candidates.filter((c) => !looksLikeName(original, mapped, c));
  if (others.length > 0) candidates = others;
  if (needWho) {
    // "Sunday Adeyemi tomorrow 3pm", "April Jones …", "Monday.com …": a time phrase with nothing
    // before it is the customer's name when another phrase follows.
    const withWho = candidates.filter((c) => whoBefore(original.slice(0, originalSpan(mapped, c.start, c.end).start)) !== '');
    if (withWho.length > 0) candidates = withWho;
  }
  const best = [...candidates].sort((a, b) => weight(b) - weight(a) || a.start - b.start)[0];
  if (!best) return { kind: 'refuse', message: "I couldn't find a time in that.", choices: [] };
  const span = originalSpan(mapped, best.start, best.end);
  const typed = original.slice(span.start, span.end);
  if (best.vagueWeek) {
    const nextMonday = localNow.startOf('week').plus({ weeks: /^this/i.test(best.matched.trim()) ? 0 : 1 });
    const choices = [nextMonday.set({ hour: 9 }), nextMonday.plus({ days: 4 }).set({ hour: 17 })].filter((d) => d > localNow);
    return { kind: 'ask', message: `When ${typed.trim().toLowerCase()} shall I remind you?`, choices: choices.map((d) => ({ due: d.toJSDate(), label: labelOf(d, zone) })), ...span };
  }
  const conflict = conflicts.find(() => best.hasDay);
  if (conflict && best.result.ok) {
    const due = DateTime.fromJSDate(best.result.due, { zone: cachedZone(zone) });
    // The same weekday nearest that date ("Thursday 19th", a Saturday → Thursday 17th), still to come.
    const shift = ((conflict.weekday - due.weekday + 10) % 7) - 3;
    let other = due.plus({ days: shift });
    while (other <= localNow) other = other.plus({ weeks: 1 });
    const weekdayName = other.toFormat('cccc', { locale: 'en-GB' });
    return {
      kind: 'ask',
      message: `The ${conflict.date.toFormat('d', { locale: 'en-GB' })}${ordinal(conflict.date.day)} is a ${conflict.date.toFormat('cccc', { locale: 'en-GB' })}, not a ${weekdayName}. Which did you mean?`,
      choices: [due, other].map((d) => ({ due: d.toJSDate(), label: labelOf(d, zone) })),
      ...span,
    };
  }
  return fromResult(best.result, span, zone, best.hasDay, best.hasTime);
}

function looksLikeName(original: string, mapped: MappedText, c: DueCandidate): boolean {
  if (c.hasTime) return false;
  const span = originalSpan(mapped, c.start, c.end);
  const word = original.slice(span.start, span.end);
  return /^[A-Z][a-z]+$/.test(word) && /^\s+[A-Z][a-z]/.test(original.slice(span.end)) && !/^\s+(?:[A-Z][a-z]+day|Tomorrow|Today|Tonight|EOD|COB|Noon)\b/.test(original.slice(span.end));
}

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function fromResult(result: DueTimeResult, span: { start: number; end: number }, zone: string, dayGiven: boolean, timeGiven: boolean): WhenReading {
  if (result.ok) return { kind: 'ok', due: result.due, ...span, dayGiven, timeGiven };
  if (result.reason === 'passed-today' && result.due) {
    const tomorrow = DateTime.fromJSDate(result.due, { zone: cachedZone(zone) });
    return { kind: 'refuse', message: result.message, choices: [{ due: result.due, label: `Yes, tomorrow ${tomorrow.toFormat('HH:mm')}` }], ...span };
  }
  return { kind: 'refuse', message: result.message, choices: [], ...span };
}

export interface ReadOptions {
  needWho?: boolean;
  /** The person's own working day, for "EOD", "COB" and "first thing" (default 09:00–17:00). */
  workday?: WorkdayWords;
}

/** Read the due time in `text` for a person in `zone` whose locale (if known) is `locale`. */
export function readDueTime(text: string, now: Date, zone: string, locale?: string, options: ReadOptions = {}): WhenReading {
  const reading = readDueTimeAsTyped(text, now, zone, locale, options);
  const hour = hourBefore(text, reading, now, zone, locale, options) ?? hourLeading(text, reading, now, zone, locale, options);
  if (hour) return hour;
  // "ACME-4411 frdy 5pm": a word just before a time with no day that is nearly a day word, too far to
  // correct silently. Read as typed it is today; ask whether the day was meant.
  if (reading.kind !== 'ok' || reading.dayGiven) return reading;
  const before = /(?:^|\s)([A-Za-z]+)\s+$/.exec(text.slice(0, reading.start));
  const guess = before?.[1] && before.index > 0 ? guessDayWord(before[1]) : undefined;
  if (!before || !guess) return reading;
  const wordStart = before.index + before[0].indexOf(before[1] as string);
  const fixed = text.slice(0, wordStart) + guess + text.slice(wordStart + (before[1] as string).length);
  const alternative = readDueTimeAsTyped(fixed, now, zone, locale, options);
  if (alternative.kind !== 'ok' || alternative.due.getTime() === reading.due.getTime()) return reading;
  const dayName = guess[0]?.toUpperCase() + guess.slice(1);
  return {
    kind: 'ask',
    message: `Did “${before[1]}” mean ${dayName}?`,
    choices: [alternative.due, reading.due].map((due) => ({ due, label: labelOf(due, zone) })),
    start: wordStart,
    end: reading.end,
  };
}

/** "ACME 9 tomorrow", "ticket 12 Monday": the number before a day with no time is the hour, or part of who. Ask. */
function hourBefore(text: string, reading: WhenReading, now: Date, zone: string, locale: string | undefined, options: ReadOptions): WhenReading | undefined {
  if (reading.kind !== 'ok' || !reading.dayGiven || reading.timeGiven) return undefined;
  const before = /(\S)\s+(\d{1,2})\s+$/.exec(text.slice(0, reading.start));
  if (!before || Number(before[2]) < 1 || Number(before[2]) > 12) return undefined;
  const numberStart = before.index + before[0].indexOf(before[2] as string, 1);
  const asHour = readDueTimeAsTyped(`${text.slice(0, numberStart)}at ${text.slice(numberStart)}`, now, zone, locale, options);
  if (asHour.kind !== 'ok' || asHour.due.getTime() === reading.due.getTime()) return undefined;
  const whoWithNumber = whoBefore(text.slice(0, reading.start));
  const whoWithout = whoBefore(text.slice(0, numberStart));
  return {
    kind: 'ask',
    message: `Is ${before[2]} the time, or part of who it's for?`,
    choices: [
      { due: asHour.due, label: `${labelOf(asHour.due, zone)} · ${whoWithout}`, who: whoWithout },
      { due: reading.due, label: `${labelOf(reading.due, zone)} · ${whoWithNumber}`, who: whoWithNumber },
    ],
    start: reading.start,
    end: reading.end,
  };
}

/** "ticket 12 Monday", read by chrono as Monday 12:00: the same question, the other way round. */
function hourLeading(text: string, reading: WhenReading, now: Date, zone: string, locale: string | undefined, options: ReadOptions): WhenReading | undefined {
  if (reading.kind !== 'ok' || !reading.dayGiven) return undefined;
  const leading = /^(\d{1,2})\s+(?=[A-Za-z])(?!(?:am|pm|a\.m|p\.m|o'?clock|h|hrs?|hours?|mins?|minutes?|days?|weeks?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b)/i.exec(text.slice(reading.start, reading.end));
  const whoWithout = whoBefore(text.slice(0, reading.start));
  if (!leading || !whoWithout) return undefined;
  const numberEnd = reading.start + (leading[1] as string).length;
  // The number blanked out as letters (same length, so who keeps it): how the rest reads without it.
  const asWho = readDueTimeAsTyped(`${text.slice(0, reading.start)}${'x'.repeat(numberEnd - reading.start)}${text.slice(numberEnd)}`, now, zone, locale, options);
  if (asWho.kind !== 'ok' || asWho.due.getTime() === reading.due.getTime()) return undefined;
  const whoWithNumber = whoBefore(text.slice(0, numberEnd));
  return {
    kind: 'ask',
    message: `Is ${leading[1]} the time, or part of who it's for?`,
    choices: [
      { due: reading.due, label: `${labelOf(reading.due, zone)} · ${whoWithout}`, who: whoWithout },
      { due: asWho.due, label: `${labelOf(asWho.due, zone)} · ${whoWithNumber}`, who: whoWithNumber },
    ],
    start: reading.start,
    end: reading.end,
  };
}

function readDueTimeAsTyped(text: string, now: Date, zone: string, locale: string | undefined, options: ReadOptions): WhenReading {
  const localNow = DateTime.fromJSDate(now, { zone: cachedZone(zone) });
  const conflicts: WhenConflict[] = [];
  const prepared = normalizeWhen(fixDayTypos(mask(mapText(text))), localNow, conflicts, options.workday);
  const order = dateOrderOf(locale);
  const variants: VariantReading[] = readNumericDates(prepared, localNow, order).map((dateReading) => ({
    dateReading,
    reading: readVariant(text, dateReading, conflicts, now, zone, options.needWho ?? false),
  }));
  const [first, second] = variants;
  if (!first) return { kind: 'refuse', message: "I couldn't find a time in that.", choices: [] };
  if (!second) return first.reading;
  const typed = first.dateReading.typed ?? '';
  const choiceOf = (v: VariantReading): DueChoice | undefined => (v.reading.kind === 'ok' ? { due: v.reading.due, label: labelOf(v.reading.due, zone) } : undefined);
  if (order) {
    // The locale decides; if its reading cannot be a promise and the other can, say so and offer it.
    if (first.reading.kind === 'ok' || second.reading.kind !== 'ok') return first.reading;
    const alternative = choiceOf(second) as DueChoice;
    return {
      kind: 'refuse',
      message: `I read ${typed} as ${first.dateReading.readAs}, which is ${whyNot(first.reading)}. Did you mean ${second.dateReading.readAs}? Try \`${typeable(alternative.due, zone)}\`.`,
      choices: [alternative],
      ...(first.reading.start !== undefined ? { start: first.reading.start, end: first.reading.end } : {}),
    };
  }
  const oks = variants.filter((v) => v.reading.kind === 'ok');
  const span = { start: first.reading.start ?? 0, end: first.reading.end ?? 0 };
  if (oks.length === 0) return first.reading;
  const choices = oks.map((v) => choiceOf(v) as DueChoice);
  const readings = variants.map((v) => v.dateReading.readAs).join(' or ');
  const refused = variants.find((v) => v.reading.kind !== 'ok');
  const aside = refused ? ` (${refused.dateReading.readAs} would be ${whyNot(refused.reading)})` : '';
  return { kind: 'ask', message: `Is ${typed} ${readings}? I don't know how you write dates yet${aside}.`, choices, ...span };
}

const whyNot = (reading: WhenReading): string => (/already passed|in the past/.test(reading.kind === 'ok' ? '' : reading.message) ? 'in the past' : 'more than 30 days away');

/** The due time in a snooze or reschedule ("tomorrow 4", "16:00"), the first reading or a refusal. */
export function parseDueTime(text: string, now: Date, zone: string, locale?: string, workday?: WorkdayWords): DueTimeResult {
  const reading = readDueTime(text, now, zone, locale, { workday });
  if (reading.kind === 'ok') return { ok: true, due: reading.due, start: reading.start, end: reading.end, matched: text.slice(reading.start, reading.end) };
  const reason = /already passed/.test(reading.message) ? 'passed-today' : /past/.test(reading.message) ? 'past' : /days away/.test(reading.message) ? 'too-far' : 'none';
  return { ok: false, reason, message: reading.message, start: reading.start, end: reading.end };
}
