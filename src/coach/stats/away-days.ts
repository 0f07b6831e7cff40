// How many days of a period each person was out of office, counted in the team's zone: a day
// counts when any part of it was inside an away period (so `/coach back` at noon still leaves
// that morning off the record).

import { DateTime } from 'luxon';
import type { AwayPeriod } from '../../store/away-repo.ts';

export function awayDaysByPerson(periods: readonly AwayPeriod[], from: Date, to: Date, zone: string): Map<string, number> {
  const days = new Map<string, Set<string>>();
  for (let day = DateTime.fromJSDate(from, { zone }).startOf('day'); day.toMillis() < to.getTime(); day = day.plus({ days: 1 })) {
    const start = Math.max(day.toMillis(), from.getTime());
    const end = Math.min(day.plus({ days: 1 }).toMillis(), to.getTime());
    for (const period of periods) {
      if (period.startsAt.getTime() < end && period.endsAt.getTime() > start) {
        const set = days.get(period.userId) ?? new Set<string>();
        set.add(day.toISODate() ?? '');
        days.set(period.userId, set);
      }
    }
  }
  return new Map([...days].map(([userId, set]) => [userId, set.size]));
}
