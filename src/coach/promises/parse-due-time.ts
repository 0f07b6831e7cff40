// Finds a callback's due time anywhere in free text ("ACME-4411 tomorrow 10am refund status") and reads it
// in the agent's IANA zone. chrono-node works in fixed UTC offsets, not zones, so we let it find the
// phrase and its wall-clock parts, then re-resolve that wall clock in the zone with luxon: "tomorrow
// 10am" across a DST change is 10:00 in the new offset, not 09:00 or 11:00.
//
// House rules (documented in `/promise-callback help`):
// - A bare time that has already passed today is an error, not silently tomorrow.
// - A day with no time ("by Friday", "tomorrow") means 17:00 that day (end of the working day).
// - "morning" is 09:00, "afternoon" 14:00, "evening" 18:00, "tonight" 19:00, "EOD"/"COB" 17:00.
// - A bare hour from 1 to 6 with no am/pm ("at 2") means the afternoon (14:00): nobody promises a 2 a.m. call.
// - "in 2h", "in 90 minutes" count from now exactly; "in 2 days" keeps the current local time of day.

import * as chrono from 'chrono-node';
import { DateTime, FixedOffsetZone } from 'luxon';
import { cachedZone } from '../cached-zone.ts';

export const MAX_DAYS_AHEAD = 30;
const DAY_MS = 24 * 60 * 60_000;
const END_OF_DAY = { hour: 17, minute: 0 };
const PART_OF_DAY: Record<string, { hour: number; minute: number }> = {
  morning: { hour: 9, minute: 0 },
  afternoon: { hour: 14, minute: 0 },
  evening: { hour: 18, minute: 0 },
  tonight: { hour: 19, minute: 0 },
};

export type DueTimeResult =
  | { ok: true; due: Date; start: number; end: number; matched: string }
  /** `due` on a refusal: the time it would be if the person agrees (tomorrow, for a time passed today). */
  | { ok: false; reason: 'none' | 'past' | 'passed-today' | 'too-far'; message: string; start?: number; end?: number; due?: Date };

/** One parser per process is enough: it holds no state between calls. Built lazily, not at import. */
let parser: chrono.Chrono | undefined;

function dueTimeParser(): chrono.Chrono {
  if (parser) return parser;
  const custom = chrono.casual.clone();
  // "EOD", "end of day", "COB", "close of business": 17:00. chrono knows none of these.
  custom.parsers.push({
    pattern: () => /\b(?:eod|end of (?:the )?(?:work(?:ing)? )?day|cob|close of business)\b/i,
    extract: (context) => {
      const components = context.createParsingComponents({ hour: END_OF_DAY.hour, minute: END_OF_DAY.minute });
      components.addTag('promise/endOfDay');
      return components;
    },
  });
  // "by 5", "before 4": chrono reads a bare hour only after "at".
  custom.parsers.push({
    pattern: () => /\b(?:by|before|until|till|around)\s+(\d{1,2})(?![\d:.]|\s*(?:am|pm|a\.m|p\.m|min|h|%|\/|st|nd|rd|th|days?|weeks?)\b)/i,
    extract: (context, match) => {
      const hour = Number(match[1]);
      return hour <= 23 ? context.createParsingComponents({ hour, minute: 0 }) : null;
    },
  });
  // "the day after tomorrow": chrono reads only "tomorrow" out of it.
  custom.parsers.push({
    pattern: () => /\b(?:the )?day after tomorrow\b/i,
    extract: (context) => {
      const ref = context.reference.instant;
      const local = DateTime.fromJSDate(ref, { zone: FixedOffsetZone.instance(context.reference.getTimezoneOffset()) }).plus({ days: 2 });
      return context.createParsingComponents({ year: local.year, month: local.month, day: local.day });
    },
  });
  parser = custom;
  return custom;
}

/** Where a customer, ticket or phone number could be mistaken for a time: blank it out before parsing. */
export const NOT_TIMES = [
  /(?<=\b(?:[Mm]rs?|[Mm]s|[Mm]iss|[Mm]x|[Dd]r|[Pp]rof)\.?\s+)[A-Z][a-z]+/g, // Mr. Friday, Ms Tuesday Okafor: names
  /\b[a-z]{1,}\d*(?:-[a-z0-9]+)*-\d[\w-]*/gi, // ACME-4411, SR-2026-11-0042, CS-8004
  /\+\d[\d\s().-]{5,}\d/g, // +1 555 0100, +44 (20) 7946 0958
  /\(\s*\d[\d\s.-]{4,}\d\s*\)/g, // (555 0100)
  /(?<![\d.])\b\d{2,4}[\s.-]\d{3,4}(?:[\s.-]\d{3,4})?\b(?![.\d])/g, // 555 0100, 555-123-4567, 03-1234-5678 (not 3.12.2026)
  /#\d+/g, // #88213
  /\b[a-z]+\d+[a-z\d]*\b/gi, // INC0012, A12B
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // dana@example.com
  /\b[a-z][\w-]*\.(?:com|net|org|io|co|uk|de|in|au|jp|app|ai|dev)\b/gi, // Monday.com
  /\b\d{5,}\b/g, // 88213 (a bare order number)
];

/** Minutes east of UTC of `zone` at `at` — chrono's `timezone` option. */
export function offsetMinutes(zone: string, at: Date): number {
  return cachedZone(zone).offset(at.getTime());
}

/** One time phrase chrono found, read by the house rules. Positions are in the parsed text. */
export interface DueCandidate {
  start: number;
  end: number;
  matched: string;
  /** A day was said ("tomorrow", "Mon", "3 Dec"), a time of day was said ("3pm", "morning", "EOD"). */
  hasDay: boolean;
  hasTime: boolean;
  /** Only a month name ("April", "March"): never a due time, more likely a name. */
  monthOnly: boolean;
  /** "next week": a span, not a moment. */
  vagueWeek: boolean;
  result: DueTimeResult;
}

const PAST_WORDS = /\b(?:last|yesterday|ago|past)\b/i;

export function findDueCandidates(text: string, now: Date, zoneName: string): DueCandidate[] {
  const zone = cachedZone(zoneName);
  const results = dueTimeParser().parse(text, { instant: now, timezone: offsetMinutes(zoneName, now) }, { forwardDate: true });
  const localNow = DateTime.fromJSDate(now, { zone });
  return results.map((result) => {
    // Some chrono patterns take the space before the phrase ("   noon"): it belongs to neither side.
    const start = result.index + (result.text.length - result.text.trimStart().length);
    const end = result.index + result.text.trimEnd().length;
    const matched = result.text.trim();
    const c = result.start;
    const tags = c.tags();
    const hasDay = c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month') || tags.has('result/relativeDate') || tags.has('casualReference/tomorrow') || tags.has('casualReference/today');
    const part = Object.keys(PART_OF_DAY).find((name) => tags.has(`casualReference/${name}`));
    const hasTime = c.isCertain('hour') || Boolean(part) || tags.has('result/relativeDateAndTime');
    const monthOnly = tags.has('parser/ENMonthNameParser') && !c.isCertain('day');
    const vagueWeek = /^(?:next|this|the following)\s+week$/i.test(matched.trim());
    const base = { start, end, matched, hasDay, hasTime, monthOnly, vagueWeek };
    const fail = (reason: 'none' | 'past' | 'passed-today' | 'too-far', message: string, due?: DateTime): DueCandidate => ({
      ...base,
      result: { ok: false, reason, message, start, end, ...(due ? { due: due.toJSDate() } : {}) },
    });
    // chrono reads "last Friday" forward (forwardDate): a phrase about the past is the past.
    const before = text.slice(Math.max(0, start - 6), start);
    if (PAST_WORDS.test(matched) || /\blast\s+$/i.test(before)) return fail('past', `“${matched}” is in the past. A promise needs a time still to come.`);

    let due: DateTime;
    if (tags.has('result/relativeDateAndTime')) {
      // "in 2h", "in 90 minutes": an exact span from now, whatever the offsets do in between.
      due = DateTime.fromJSDate(c.date(), { zone });
    } else {
      let hour = c.isCertain('hour') ? (c.get('hour') ?? 0) : undefined;
      let minute = c.isCertain('minute') ? (c.get('minute') ?? 0) : 0;
      if (hour === undefined) {
        const fallback = part ? PART_OF_DAY[part] : tags.has('result/relativeDate') ? { hour: localNow.hour, minute: localNow.minute } : END_OF_DAY;
        hour = fallback?.hour ?? END_OF_DAY.hour;
        minute = fallback?.minute ?? 0;
      } else if (!c.isCertain('meridiem') && hour < 12 && (part === 'evening' || part === 'tonight' || part === 'afternoon')) {
        hour += 12; // "tonight at 8" → 20:00
      } else if (!c.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/\b0\d:/.test(matched)) {
        hour += 12; // "at 2" → 14:00; "02:00" stays night, written deliberately
      }
      const date = hasDay ? { year: c.get('year') ?? localNow.year, month: c.get('month') ?? localNow.month, day: c.get('day') ?? localNow.day } : { year: localNow.year, month: localNow.month, day: localNow.day };
      due = DateTime.fromObject({ ...date, hour, minute, second: 0, millisecond: 0 }, { zone });
      if (!due.isValid) return fail('none', `“${matched}” is not a date I can use.`);
      if (!hasDay && due <= localNow) {
        return fail('passed-today', `${formatSpokenTime(due)} has already passed today (it's ${localNow.toFormat('HH:mm')}). Did you mean tomorrow ${formatSpokenTime(due)}?`, due.plus({ days: 1 }));
      }
    }
    if (due <= localNow) {
      return fail('past', `${due.toFormat('ccc d LLL, HH:mm', { locale: 'en-GB' })} is in the past. A promise needs a time still to come.`);
    }
    // 30 calendar days are never shorter than 29 × 24 h (not even where a zone skipped a whole day), so
    // a nearer due time needs no calendar arithmetic, which is most of luxon's cost here.
    if (due.toMillis() - now.getTime() > (MAX_DAYS_AHEAD - 1) * DAY_MS && due > localNow.plus({ days: MAX_DAYS_AHEAD })) {
      return fail('too-far', `${due.toFormat('ccc d LLL', { locale: 'en-GB' })} is more than ${MAX_DAYS_AHEAD} days away. Promise something nearer, and set a new promise when it comes.`);
    }
    return { ...base, result: { ok: true, due: due.toJSDate(), start, end, matched } };
  });
}

/** "3pm", "10:30am" — how a person would say the time back. */
export function formatSpokenTime(dt: DateTime): string {
  const h = dt.hour % 12 || 12;
  const suffix = dt.hour < 12 ? 'am' : 'pm';
  return dt.minute ? `${h}:${String(dt.minute).padStart(2, '0')}${suffix}` : `${h}${suffix}`;
}
