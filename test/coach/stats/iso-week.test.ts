import { describe, expect, it } from 'vitest';
import { describeWeekRange, isoWeekOf, parseIsoWeek, shiftWeek, weeksEndingWith } from '../../../src/coach/stats/iso-week.ts';

describe('ISO weeks in the team timezone', () => {
  it('the same instant is in different weeks for teams in different zones', () => {
    // Monday 23 Nov 2026, 03:00 UTC: already Monday (W48) in London, still Sunday (W47) in New York.
    const at = new Date('2026-11-23T03:00:00Z');
    const london = isoWeekOf(at, 'Europe/London');
    const newYork = isoWeekOf(at, 'America/New_York');
    expect(london.key).toBe('2026-W48');
    expect(london.start.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(newYork.key).toBe('2026-W47');
    expect(newYork.start.toISOString()).toBe('2026-11-16T05:00:00.000Z'); // Monday 00:00 EST
    expect(newYork.end.toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it('Sunday 23:59 local is the end of its week, Monday 00:00 local the start of the next', () => {
    const zone = 'Asia/Tokyo';
    expect(isoWeekOf(new Date('2026-11-22T14:59:00Z'), zone).key).toBe('2026-W47'); // Sun 23:59 JST
    expect(isoWeekOf(new Date('2026-11-22T15:00:00Z'), zone).key).toBe('2026-W48'); // Mon 00:00 JST
  });

  it('a week across the autumn DST change is 169 hours long, and the next starts at local midnight', () => {
    // Europe/London falls back on Sunday 25 Oct 2026.
    const week = parseIsoWeek('2026-W43', 'Europe/London')!;
    expect(week.start.toISOString()).toBe('2026-10-18T23:00:00.000Z'); // Mon 00:00 BST
    expect((week.end.getTime() - week.start.getTime()) / 3_600_000).toBe(169);
    expect(shiftWeek(week, 1).start.toISOString()).toBe('2026-10-26T00:00:00.000Z'); // Mon 00:00 GMT
  });

  it('year boundaries follow ISO rules: 2026 has a week 53, 2025 does not', () => {
    expect(parseIsoWeek('2026-W53', 'UTC')?.start.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(parseIsoWeek('2025-W53', 'UTC')).toBeUndefined();
    expect(parseIsoWeek('2026-W00', 'UTC')).toBeUndefined();
    expect(parseIsoWeek('last week', 'UTC')).toBeUndefined();
    // 1 Jan 2027 is a Friday: it belongs to 2026-W53.
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'), 'UTC').key).toBe('2026-W53');
    expect(shiftWeek(parseIsoWeek('2026-W53', 'UTC')!, 1).key).toBe('2027-W01');
  });

  it('lists weeks oldest first and describes a week for people', () => {
    const week = parseIsoWeek('2026-W02', 'Europe/London')!;
    expect(weeksEndingWith(week, 4).map((w) => w.key)).toEqual(['2025-W51', '2025-W52', '2026-W01', '2026-W02']);
    expect(describeWeekRange(week)).toBe('Mon 5 Jan – Sun 11 Jan 2026');
  });
});
