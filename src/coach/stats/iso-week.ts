// Weeks for stats are ISO weeks (Monday to Sunday) in the team's IANA zone, so "last week" for a
// team in Sydney starts at its own Monday midnight, not London's. Boundaries are computed with luxon
// per week (never 7 × 24 h), so a week that crosses a DST change is 167 or 169 hours long.

import { DateTime } from 'luxon';

export interface IsoWeek {
  /** '2026-W47' */
  key: string;
  weekYear: number;
  weekNumber: number;
  zone: string;
  /** Monday 00:00 local, inclusive. */
  start: Date;
  /** The next Monday 00:00 local, exclusive. */
  end: Date;
}

function fromMonday(monday: DateTime): IsoWeek {
  return {
    key: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
    weekYear: monday.weekYear,
    weekNumber: monday.weekNumber,
    zone: monday.zoneName ?? 'UTC',
    start: monday.toJSDate(),
    end: monday.plus({ weeks: 1 }).toJSDate(),
  };
}

/** The ISO week containing an instant, in a zone. */
export function isoWeekOf(at: Date, zone: string): IsoWeek {
  const local = DateTime.fromJSDate(at, { zone });
  return fromMonday(local.minus({ days: local.weekday - 1 }).startOf('day'));
}

/** Parse '2026-W47' (or '2026w47'); undefined when it is not a real week of that year. */
export function parseIsoWeek(text: string, zone: string): IsoWeek | undefined {
  const match = /^(\d{4})-?[Ww](\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const weekYear = Number(match[1]);
  const weekNumber = Number(match[2]);
  const monday = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone });
  if (!monday.isValid || monday.weekYear !== weekYear || monday.weekNumber !== weekNumber) return undefined;
  return fromMonday(monday.startOf('day'));
}

/** The week `n` weeks after (negative: before) this one. */
export function shiftWeek(week: IsoWeek, n: number): IsoWeek {
  return fromMonday(DateTime.fromJSDate(week.start, { zone: week.zone }).plus({ weeks: n }).startOf('day'));
}

/** This week and the `count - 1` weeks before it, oldest first. */
export function weeksEndingWith(week: IsoWeek, count: number): IsoWeek[] {
  return Array.from({ length: count }, (_, i) => shiftWeek(week, i - count + 1));
}

/** 'W47' for chart axes. */
export function shortWeekLabel(week: IsoWeek): string {
  return `W${String(week.weekNumber).padStart(2, '0')}`;
}

/** 'Mon 16 Nov – Sun 22 Nov 2026' for messages. */
export function describeWeekRange(week: IsoWeek): string {
  const start = DateTime.fromJSDate(week.start, { zone: week.zone });
  const last = DateTime.fromJSDate(week.end, { zone: week.zone }).minus({ days: 1 });
  return `${start.toFormat('ccc d LLL', { locale: 'en-GB' })} – ${last.toFormat('ccc d LLL yyyy', { locale: 'en-GB' })}`;
}
