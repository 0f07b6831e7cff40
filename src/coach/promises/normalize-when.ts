// The short ways agents write times, rewritten into what chrono reads, with the house rules applied
// the same wherever the phrase stands:
// - "3p", "10a" → 3pm, 10am; "15.30" → 15:30; "@ 6pm" → at 6pm; "in 1h30" → in 1 hour 30 minutes;
// - "EOD", "COB", "end of day", "close of business" → the end of the person's shift (17:00 by
//   default); "end of week", "EOW" → Friday 17:00;
// - "midnight" → 23:59, the end of that day (a promise "by midnight" is kept tonight, not at 00:00);
// - "first thing" → the start of the person's working day (09:00 by default; tomorrow's, when
//   today's has begun);
// - a bare number after a day word is the hour ("Mon 9", "tomorrow 4"), or the day of the month
//   when it cannot be an hour you would promise ("Mon 23" → the 23rd);
// - "the 20th", "Thursday 19th" → that date, the next one to come.

import { DateTime } from 'luxon';
import { rewriteText, type MappedText } from './mapped-text.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
export const WEEKDAY_WORD = '(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?';
const DAY_WORD = `(?:today|tomorrow|tonight|${WEEKDAY_WORD})`;
const MONTH_WORD = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';

/** 1 (Monday) … 7 (Sunday) for a weekday word, luxon's numbering. */
export function weekdayNumber(word: string): number | undefined {
  const index = WEEKDAYS.findIndex((day) => day.startsWith(word.toLowerCase().slice(0, 3)));
  return index < 0 ? undefined : index + 1;
}

/** A conflict the rewrite noticed ("Thursday 19th" when the 19th is a Saturday). */
export interface WhenConflict {
  weekday: number;
  date: DateTime;
}

/** The next date with this day of the month, today included. */
function nextDayOfMonth(day: number, localNow: DateTime): DateTime | undefined {
  for (let ahead = 0; ahead < 3; ahead += 1) {
    const month = localNow.startOf('month').plus({ months: ahead });
    const date = month.set({ day });
    if (date.isValid && date.month === month.month && date.endOf('day') >= localNow) return date;
  }
  return undefined;
}

const FIRST_THING = new RegExp(`\\bfirst thing(?: in the morning)?(\\s+(?:on\\s+)?${DAY_WORD}\\b)?`, 'gi');
const DAY_WORD_BEFORE = new RegExp(`${DAY_WORD}\\s*$`, 'i');
const MONTH_WORD_BEFORE = new RegExp(`${MONTH_WORD}\\s*$`, 'i');
const DAY_OF_MONTH = new RegExp(
  `\\b(?:(${WEEKDAY_WORD})\\s+(?:the\\s+)?(\\d{1,2})(st|nd|rd|th)?(?![\\d:.])|(?:on\\s+)?the\\s+(\\d{1,2})(st|nd|rd|th)|(\\d{1,2})(st|nd|rd|th))\\b(?!\\s*(?:of\\s+)?${MONTH_WORD}\\b)`,
  'gi',
);
const BARE_HOUR_AFTER_DAY = new RegExp(
  `\\b(${DAY_WORD})\\s+(?:at\\s+)?(\\d{1,2})(?![\\d:.,/-]|\\s*(?:am|pm|a\\.m|p\\.m|st|nd|rd|th|h|hrs?|hours?|mins?|minutes?|days?|weeks?|%|o'?clock)\\b)`,
  'gi',
);

const dateWords = (date: DateTime): string => `${date.day} ${MONTHS[date.month - 1]} ${date.year}`;

/**
 * The person's working day as the time words need it: "EOD"/"COB" is the end of their shift and
 * "first thing" its start. `shiftEnd` is set while they are in a shift that ends on a later
 * calendar day (a night shift that started at 22:00): then "EOD" is that instant, tomorrow's 06:00.
 */
export interface WorkdayWords {
  start: string; // 'HH:MM'
  end: string; // 'HH:MM'
  shiftEnd?: DateTime;
}

const DAY_WORD_AFTER = new RegExp(`^\\s*(?:on\\s+)?${DAY_WORD}\\b`, 'i');

export function normalizeWhen(input: MappedText, localNow: DateTime, conflicts: WhenConflict[], workday?: WorkdayWords): MappedText {
  const dayStart = workday?.start ?? '9:00';
  const [startHour = 9, startMinute = 0] = dayStart.split(':').map(Number);
  let text = input;
  const step = (pattern: RegExp, replace: (m: RegExpExecArray) => string | undefined) => {
    text = rewriteText(text, pattern, replace);
  };
  step(/@\s*(?=\d)/g, () => 'at ');
  step(/\b(\d{1,2}(?::\d{2})?)\s?([ap])\b(?!\.?m)/gi, (m) => `${m[1]}${m[2]?.toLowerCase()}m`);
  // "15.30", "9.45": a dot between an hour and minutes that cannot be a month.
  step(/(?<![\w.:/-])(\d{1,2})\.(\d{2})(?=\s?[ap]\.?m\b|(?![\w.:/-]))/gi, (m) => (Number(m[1]) <= 23 && (Number(m[2]) > 12 || m[2] === '00') && Number(m[2]) <= 59 ? `${m[1]}:${m[2]}` : undefined));
  step(/\b(?:in\s+)?(\d{1,2})\s?h(?:rs?|ours?)?\s?(\d{1,2})(?:\s?m(?:in(?:ute)?s?)?)?\b/gi, (m) => `in ${m[1]} hours ${m[2]} minutes`);
  // "in 1.5 hours", "in 2.5h": minutes (and never a date "1.5").
  step(/\b(\d{1,2})\.5\s?h(?:rs?|ours?)?\b/gi, (m) => `${Number(m[1]) * 60 + 30} minutes`);
  step(/\b(?:eod|cob|eob|end of (?:the )?(?:work(?:ing)? |business )?day|close of (?:business|play)|end of business)\b/gi, (m) => {
    const shiftEnd = workday?.shiftEnd;
    const dayNamed = DAY_WORD_BEFORE.test(text.text.slice(0, m.index)) || DAY_WORD_AFTER.test(text.text.slice(m.index + m[0].length));
    if (shiftEnd && !dayNamed) return `${dateWords(shiftEnd)} at ${shiftEnd.toFormat('HH:mm')}`;
    return workday?.end ?? '17:00';
  });
  step(/\b(?:eow|end of (?:the )?(?:work(?:ing)? )?week)\b/gi, () => 'friday 17:00');
  step(/\bmidnight\b/gi, () => '23:59');
  step(FIRST_THING, (m) => {
    if (m[1]) return `${dayStart}${m[1]}`;
    const before = text.text.slice(0, m.index);
    if (DAY_WORD_BEFORE.test(before)) return dayStart;
    const beforeStart = localNow.hour < startHour || (localNow.hour === startHour && localNow.minute < startMinute);
    return beforeStart ? `today ${dayStart}` : `tomorrow ${dayStart}`;
  });
  // "Thursday 19th", "Mon 23", "on the 20th", "the 25th": a day of the month.
  step(DAY_OF_MONTH, (m) => {
    const weekday = m[1];
    const day = Number(m[2] ?? m[4] ?? m[6]);
    // A bare number up to 12 after a weekday is an hour: handled below.
    if (weekday && !m[3] && day <= 12) return undefined;
    if (weekday && !m[3] && day > 31) return undefined;
    const before = text.text.slice(Math.max(0, m.index - 12), m.index);
    if (MONTH_WORD_BEFORE.test(before)) return undefined;
    const date = nextDayOfMonth(day, localNow);
    if (!date) return undefined;
    const wanted = weekday ? weekdayNumber(weekday) : undefined;
    if (wanted && wanted !== date.weekday) conflicts.push({ weekday: wanted, date });
    return dateWords(date);
  });
  // "Dec 5 10", "5 Dec 10": the number after a date is the hour, not a year.
  step(new RegExp(`\\b(${MONTH_WORD}\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH_WORD})\\s+(\\d{1,2})(?![\\d:.,/-]|\\s*(?:am|pm|st|nd|rd|th)\\b)`, 'gi'), (m) =>
    Number(m[2]) <= 23 ? `${m[1]} at ${m[2]}` : undefined,
  );
  // A bare hour after a day word: "tomorrow 4" → at 4 (16:00 by the 1–6 rule), "Mon 9" → at 9.
  step(
    BARE_HOUR_AFTER_DAY,
    (m) => (Number(m[2]) <= 23 ? `${m[1]} at ${m[2]}` : undefined),
  );
  return text;
}
