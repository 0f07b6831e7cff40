// How the coach writes times: absolute in the reader's zone, plus how far away, e.g.
// "Thu 14 Nov, 15:00 EST — in 2 h 10 min". Zone abbreviations come from the IANA data via Intl.

import { DateTime, type Zone } from 'luxon';
import { cachedZone } from './cached-zone.ts';

// Intl only knows an abbreviation in locales where it is commonly used (EST in en-US, CET in
// en-GB, IST in en-IN, AEDT in en-AU); elsewhere it says GMT+1. Ask each, keep the first real one.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

// Asking Intl for a zone name builds a new DateTimeFormat each time (luxon does not cache it), which
// made it the top cost of sending 10,000 reminders. A zone's name only changes with its offset (EST
// vs EDT), so remember it per zone and offset.
const abbreviations = new Map<string, string>();

/** "GMT", "BST", "EST", "IST"… for `zone` at `ts`, whose offset there is `offset` minutes. */
function zoneAbbreviation(zone: Zone, offset: number, ts: number): string {
  const key = `${zone.name}|${offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = lookUpZoneAbbreviation(DateTime.fromMillis(ts, { zone }));
    if (abbreviations.size < 10_000) abbreviations.set(key, name);
  }
  return name;
}

function lookUpZoneAbbreviation(dt: DateTime): string {
  let fallback = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const name = dt.toFormat('ZZZZ', { locale });
    if (name === 'GMT' || name === 'UTC' || !/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name;
  }
  return fallback;
}

/** The format, in luxon's tokens: "Thu 14 Nov, 15:00". */
const WHEN_FORMAT = 'ccc d LLL, HH:mm';
const WHEN_LOCALE = 'en-GB';

// formatWhen runs for every confirmation and every reminder, and luxon's toFormat asks Intl for the
// weekday and the month each time. The names depend only on the day and month, so they are read from
// Intl once, exactly as luxon reads them (en-GB: "Sept", not "Sep"), and the rest is arithmetic on
// the zone's (cached) offset.
let weekdayNames: string[] | undefined; // by getUTCDay(): Sun = 0
let monthNames: string[] | undefined; // by getUTCMonth(): Jan = 0

function namesFromIntl(): { weekdays: string[]; months: string[] } {
  if (!weekdayNames || !monthNames) {
    const part = (options: Intl.DateTimeFormatOptions, type: string, at: Date) =>
      new Intl.DateTimeFormat(WHEN_LOCALE, { ...options, timeZone: 'UTC' }).formatToParts(at).find((p) => p.type === type)?.value ?? '';
    // 2023-01-01 was a Sunday.
    weekdayNames = Array.from({ length: 7 }, (_, day) => part({ weekday: 'short' }, 'weekday', new Date(Date.UTC(2023, 0, 1 + day, 12))));
    monthNames = Array.from({ length: 12 }, (_, month) => part({ month: 'short' }, 'month', new Date(Date.UTC(2023, month, 15, 12))));
  }
  return { weekdays: weekdayNames, months: monthNames };
}

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatWhen(at: Date, zone: string): string {
  const z = cachedZone(zone);
  const ts = at.getTime();
  const offset = z.offset(ts);
  if (!Number.isFinite(offset) || !z.isValid) return formatWhenWithLuxon(at, zone);
  const local = new Date(ts + offset * 60_000);
  const { weekdays, months } = namesFromIntl();
  const day = `${weekdays[local.getUTCDay()]} ${local.getUTCDate()} ${months[local.getUTCMonth()]}`;
  return `${day}, ${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())} ${zoneAbbreviation(z, offset, ts)}`;
}

/** The same, all by luxon: what formatWhen must equal (and the answer for an invalid date or zone). */
export function formatWhenWithLuxon(at: Date, zone: string): string {
  const dt = DateTime.fromJSDate(at, { zone });
  return `${dt.toFormat(WHEN_FORMAT, { locale: WHEN_LOCALE })} ${zoneAbbreviation(dt.zone, dt.offset, dt.toMillis())}`;
}

/** "in 2 h 10 min", "5 min ago", "now". */
export function formatRelative(at: Date, now: Date): string {
  const diffMin = Math.round((at.getTime() - now.getTime()) / 60_000);
  if (diffMin === 0) return 'now';
  const total = Math.abs(diffMin);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes && !days) parts.push(`${minutes} min`);
  const span = parts.join(' ') || `${minutes} min`;
  return diffMin > 0 ? `in ${span}` : `${span} ago`;
}

export function formatWhenWithRelative(at: Date, zone: string, now: Date): string {
  return `${formatWhen(at, zone)} — ${formatRelative(at, now)}`;
}
