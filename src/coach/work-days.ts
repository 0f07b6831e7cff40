// A team's working days: `weekdays` (Mon–Fri), `daily`, or any days of its own — a list and/or
// ranges like `sun-thu`, `mon,tue,thu` or `mon-wed,fri,sat`. Stored as text in the channel's
// post_days column: 'weekdays', 'daily', or the days in ISO order ('mon,tue,wed,thu,sun').
// The same days decide the daily posts, "next work day" snoozes and the weekly digest's day.

import type { DateTime } from 'luxon';

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const; // ISO weekday - 1
const SHOWN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 'mon', 'Tues', 'thursday' → ISO weekday (Monday = 1); anything else → undefined. */
function weekdayOf(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.length < 3) return undefined;
  const index = FULL.findIndex((full) => full.startsWith(w));
  return index < 0 ? undefined : index + 1;
}

/** ISO weekdays from `from` to `to`, wrapping past Sunday (`sun-thu`, `fri-mon`). */
function range(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; ; d = (d % 7) + 1) {
    days.push(d);
    if (d === to) return days;
  }
}

/** A work-day token as typed → its stored form, or undefined when it is not one. */
export function parseWorkDays(token: string): string | undefined {
  const lower = token.trim().toLowerCase();
  if (lower === 'weekdays' || lower === 'daily') return lower;
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const ends = part.split(/[-–]/);
    if (ends.length > 2) return undefined;
    const [first, last] = ends.map((end) => weekdayOf(end.trim()));
    if (first === undefined || (ends.length === 2 && last === undefined)) return undefined;
    for (const d of ends.length === 2 ? range(first, last as number) : [first]) days.add(d);
  }
  return canonical(days);
}

function canonical(days: Set<number>): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.length === 7) return 'daily';
  if (sorted.join() === '1,2,3,4,5') return 'weekdays';
  return sorted.map((d) => DAY_NAMES[d - 1]).join(',');
}

/** The ISO weekdays a stored value stands for (unknown text falls back to Mon–Fri). */
export function workDaySet(days: string): Set<number> {
  if (days === 'daily') return new Set([1, 2, 3, 4, 5, 6, 7]);
  const parsed = days === 'weekdays' ? [] : days.split(',').map((d) => DAY_NAMES.indexOf(d as (typeof DAY_NAMES)[number]) + 1);
  return parsed.length && parsed.every((d) => d > 0) ? new Set(parsed) : new Set([1, 2, 3, 4, 5]);
}

export function isWorkDay(weekday: number, days: string): boolean {
  return workDaySet(days).has(weekday);
}

/** "Weekdays", "Every day", "Sun–Thu", "Mon, Tue and Thu" (lower-case first letter with capital = false). */
export function describeWorkDays(days: string, capital = true): string {
  const text = describe(days);
  return capital ? text : text === 'Weekdays' || text === 'Every day' ? text.toLowerCase() : text;
}

function describe(days: string): string {
  if (days === 'daily') return 'Every day';
  if (days === 'weekdays') return 'Weekdays';
  const set = workDaySet(days);
  // A run of three or more days, possibly across the weekend, reads best as a range.
  const start = [...set].find((d) => !set.has(((d + 5) % 7) + 1));
  if (start !== undefined) {
    const run = range(start, ((start + set.size - 2) % 7) + 1);
    if (set.size >= 3 && run.every((d) => set.has(d))) return `${SHOWN[start - 1]}–${SHOWN[(run.at(-1) as number) - 1]}`;
  }
  const names = [...set].sort((a, b) => a - b).map((d) => SHOWN[d - 1] as string);
  return names.length === 1 ? `${FULL[[...set][0]! - 1]!.replace(/^./, (c) => c.toUpperCase())}s only` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The first work day strictly after `local`'s calendar day, at the same wall-clock time. */
export function nextWorkDay(local: DateTime, days: string): DateTime {
  const set = workDaySet(days);
  let day = local.plus({ days: 1 });
  for (let i = 0; i < 7 && !set.has(day.weekday); i++) day = day.plus({ days: 1 });
  return day;
}

/** The weekday of the weekly digest: the first work day from Monday on (the ISO week has just ended). */
export function firstWorkDayOfWeek(days: string): number {
  const set = workDaySet(days);
  return [1, 2, 3, 4, 5, 6, 7].find((d) => set.has(d)) ?? 1;
}
