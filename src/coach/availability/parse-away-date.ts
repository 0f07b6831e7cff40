// The day in `/coach away until <date>`: "Friday", "11 Dec", "2026-12-11", "tomorrow", "12/11"
// (day first unless the person's locale is en-US). A day, not a time: away runs to its end.
// chrono-node reads fixed UTC offsets, not zones, so it reads the person's local wall clock as
// if it were UTC and only the calendar date is taken from it.

import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

export const MAX_AWAY_DAYS = 366;

export type AwayDate = { ok: true; day: DateTime } | { ok: false; message: string };

export function parseAwayDate(text: string, now: Date, zone: string, locale = 'en-GB'): AwayDate {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'Until when? Give your last day away.' };
  const local = DateTime.fromJSDate(now, { zone });
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  let day: DateTime | undefined;
  if (iso) {
    day = DateTime.fromObject({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, { zone });
  } else {
    const wallClock = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
    const parser = locale.toLowerCase() === 'en-us' ? chrono.casual : chrono.en.GB;
    const [found] = parser.parse(trimmed, { instant: wallClock, timezone: 0 }, { forwardDate: true });
    if (found && found.index === 0 && found.text.length === trimmed.length) {
      day = DateTime.fromObject({ year: found.start.get('year') ?? local.year, month: found.start.get('month') ?? local.month, day: found.start.get('day') ?? local.day }, { zone });
    }
  }
  if (!day?.isValid) return { ok: false, message: `I couldn't read “${trimmed.slice(0, 40)}” as a day.` };
  if (day.startOf('day') < local.startOf('day')) return { ok: false, message: 'That day has already passed. Give your last day away, still to come.' };
  if (day.diff(local.startOf('day'), 'days').days > MAX_AWAY_DAYS) return { ok: false, message: 'That is more than a year away. Set a nearer day; you can always set it again.' };
  return { ok: true, day: day.startOf('day') };
}
