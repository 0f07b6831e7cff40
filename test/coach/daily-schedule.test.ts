import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { localDate, nextDailyOccurrence } from '../../src/coach/daily-schedule.ts';

const utc = (iso: string) => new Date(iso);
const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZZZ', { locale: 'en-US' });

describe('next daily post', () => {
  it('is later today when the time has not passed yet, else the next posting day', () => {
    const schedule = { time: '09:00', zone: 'Europe/London', days: 'daily' as const };
    expect(nextDailyOccurrence(schedule, utc('2026-06-10T07:00:00Z')).toISOString()).toBe('2026-06-10T08:00:00.000Z');
    expect(nextDailyOccurrence(schedule, utc('2026-06-10T08:00:00Z')).toISOString()).toBe('2026-06-11T08:00:00.000Z');
  });

  it('skips Saturday and Sunday on a weekdays schedule', () => {
    const schedule = { time: '09:00', zone: 'America/New_York', days: 'weekdays' as const };
    // Friday 2026-11-20 10:00 in New York → next is Monday 09:00.
    const next = nextDailyOccurrence(schedule, utc('2026-11-20T15:00:00Z'));
    expect(local(next, 'America/New_York')).toBe('Mon 2026-11-23 09:00 EST');
  });

  it('posts on weekends on a daily schedule', () => {
    const next = nextDailyOccurrence({ time: '09:00', zone: 'America/New_York', days: 'daily' }, utc('2026-11-20T15:00:00Z'));
    expect(local(next, 'America/New_York')).toBe('Sat 2026-11-21 09:00 EST');
  });

  it('keeps 09:00 local across spring-forward in New York (UTC instant moves an hour)', () => {
    const schedule = { time: '09:00', zone: 'America/New_York', days: 'daily' as const };
    const saturday = nextDailyOccurrence(schedule, utc('2026-03-07T00:00:00Z'));
    const sunday = nextDailyOccurrence(schedule, saturday);
    const monday = nextDailyOccurrence(schedule, sunday);
    expect([saturday, sunday, monday].map((d) => d.toISOString())).toEqual([
      '2026-03-07T14:00:00.000Z', // EST, UTC-5
      '2026-03-08T13:00:00.000Z', // EDT from 2026-03-08, UTC-4
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across fall-back in London', () => {
    const schedule = { time: '09:00', zone: 'Europe/London', days: 'daily' as const };
    const saturday = nextDailyOccurrence(schedule, utc('2026-10-24T00:00:00Z'));
    const sunday = nextDailyOccurrence(schedule, saturday);
    expect(saturday.toISOString()).toBe('2026-10-24T08:00:00.000Z'); // BST
    expect(sunday.toISOString()).toBe('2026-10-25T09:00:00.000Z'); // GMT
  });

  it('posts a time that does not exist on spring-forward day once, an hour later in wall time', () => {
    const schedule = { time: '02:30', zone: 'America/New_York', days: 'daily' as const };
    const onDstDay = nextDailyOccurrence(schedule, utc('2026-03-08T05:00:00Z')); // 00:00 EST
    expect(local(onDstDay, 'America/New_York')).toBe('Sun 2026-03-08 03:30 EDT');
    expect(local(nextDailyOccurrence(schedule, onDstDay), 'America/New_York')).toBe('Mon 2026-03-09 02:30 EDT');
  });

  it('posts an ambiguous fall-back time only once', () => {
    const schedule = { time: '01:30', zone: 'Europe/London', days: 'daily' as const };
    const first = nextDailyOccurrence(schedule, utc('2026-10-24T23:00:00Z')); // Sun 00:00 BST
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST, the first of the two
    expect(nextDailyOccurrence(schedule, first).toISOString()).toBe('2026-10-26T01:30:00.000Z'); // Monday, not 01:30 GMT Sunday
  });

  it('knows which calendar day it is in a channel’s zone', () => {
    const at = utc('2026-11-23T02:00:00Z');
    expect(localDate(at, 'Europe/London')).toBe('2026-11-23');
    expect(localDate(at, 'America/Los_Angeles')).toBe('2026-11-22');
  });
});
