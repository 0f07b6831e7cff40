// How the coach writes times: absolute in the reader's zone, plus how far away, e.g.
// "Thu 14 Nov, 15:00 EST — in 2 h 10 min". Zone abbreviations come from the IANA data via Intl.

import { DateTime } from 'luxon';

// Intl only knows an abbreviation in locales where it is commonly used (EST in en-US, CET in
// en-GB, IST in en-IN, AEDT in en-AU); elsewhere it says GMT+1. Ask each, keep the first real one.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

// Asking Intl for a zone name builds a new DateTimeFormat each time (luxon does not cache it), which
// made it the top cost of sending 10,000 reminders. A zone's name only changes with its offset (EST
// vs EDT), so remember it per zone and offset.
const abbreviations = new Map<string, string>();

export function zoneAbbreviation(dt: DateTime): string {
  const key = `${dt.zoneName ?? ''}|${dt.offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = lookUpZoneAbbreviation(dt);
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

export function formatWhen(at: Date, zone: string): string {
  const dt = DateTime.fromJSDate(at, { zone });
  return `${dt.toFormat('ccc d LLL, HH:mm', { locale: 'en-GB' })} ${zoneAbbreviation(dt)}`;
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
