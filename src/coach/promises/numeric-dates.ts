// "3/12", "3.12.", "03.12.2026": whether the day or the month comes first is the person's locale's
// business (en-US writes the month first; en-GB, en-AU, en-IN and de-DE the day). With no locale
// known, both readings are kept and the person is asked.

import { DateTime } from 'luxon';
import { rewriteText, type MappedText } from './mapped-text.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type DateOrder = 'day-first' | 'month-first';

const orders = new Map<string, DateOrder | undefined>();

/** How `locale` writes a short numeric date, from Intl itself (so ja-JP, en-CA… are right too). */
export function dateOrderOf(locale: string | undefined): DateOrder | undefined {
  if (!locale) return undefined;
  if (orders.has(locale)) return orders.get(locale);
  let order: DateOrder | undefined;
  try {
    const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 10, 24)));
    const types = parts.map((p) => p.type).filter((t) => t === 'day' || t === 'month');
    order = types[0] === 'day' ? 'day-first' : 'month-first';
  } catch {
    order = undefined;
  }
  if (orders.size < 1_000) orders.set(locale, order);
  return order;
}

/** One way of reading the numeric dates in a text. */
export interface DateReading {
  text: MappedText;
  /** How the first numeric date was read, "12 March", for messages; undefined when there was none. */
  readAs?: string;
  /** What the person typed, "3/12". */
  typed?: string;
  order?: DateOrder;
}

// 3/12, 3.12., 03.12.2026, 3/12/26 — not part of a longer number, id or time.
const NUMERIC_DATE = /(?<![\w/.:-])(\d{1,2})([/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?(\.)?(?![\w/:-]|\.\d)/g;

function isDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && DateTime.local(year, month, day).isValid;
}

/** The year a date without one means: this year's, unless that is long gone (in December, "5/1" is
 *  next January). A date a few weeks back stays in the past, so the answer says "in the past". */
function yearFor(month: number, day: number, localNow: DateTime): number {
  const thisYear = DateTime.fromObject({ year: localNow.year, month, day }, { zone: localNow.zone });
  return thisYear.endOf('day') >= localNow.minus({ days: 30 }) ? localNow.year : localNow.year + 1;
}

/** Every plausible reading of the text's numeric dates: one when the locale (or the numbers) decide, two when not. */
export function readNumericDates(text: MappedText, localNow: DateTime, order: DateOrder | undefined): DateReading[] {
  const found = [...text.text.matchAll(NUMERIC_DATE)];
  // "10.30" is a time, "3.12" a date: a dot with a second part that cannot be a month is a time.
  const dates = found.filter((m) => !(m[2] === '.' && !m[4] && !m[5] && Number(m[3]) > 12));
  if (dates.length === 0) return [{ text }];
  const first = dates[0] as RegExpMatchArray;
  const readingsOf = (m: RegExpMatchArray): DateOrder[] => {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4] ? (m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4])) : localNow.year;
    const possible: DateOrder[] = [];
    if (isDate(year, b, a)) possible.push('day-first');
    if (isDate(year, a, b) && a !== b) possible.push('month-first');
    if (a === b && isDate(year, a, b)) return ['day-first'];
    return possible;
  };
  const firstReadings = readingsOf(first);
  const wanted: (DateOrder | undefined)[] = order && firstReadings.includes(order) ? [order] : firstReadings.length ? firstReadings : [undefined];
  // The locale decides; if its reading is impossible (24/11 for en-US), the numbers do.
  const all = order && !firstReadings.includes(order) ? wanted : order ? [order, ...firstReadings.filter((r) => r !== order)] : wanted;
  return all.map((reading) => {
    let readAs: string | undefined;
    const rewritten = rewriteText(text, NUMERIC_DATE, (m) => {
      if (m[2] === '.' && !m[4] && !m[5] && Number(m[3]) > 12) return undefined;
      const possible = readingsOf(m);
      const use = reading && possible.includes(reading) ? reading : possible[0];
      if (!use) return undefined;
      const a = Number(m[1]);
      const b = Number(m[3]);
      const [day, month] = use === 'day-first' ? [a, b] : [b, a];
      const year = m[4] ? (m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4])) : yearFor(month, day, localNow);
      const words = `${day} ${MONTHS[month - 1]} ${year}`;
      if (m.index === first.index) readAs = `${day} ${MONTHS[month - 1]}`;
      return words;
    });
    return { text: rewritten, readAs, typed: first[0], order: reading };
  });
}
