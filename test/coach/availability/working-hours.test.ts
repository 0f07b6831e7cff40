// Working hours with an injected instant: night shifts across midnight, the DST change inside one,
// and where a heads-up goes.
import { describe, expect, it } from 'vitest';
import { currentShift, DEFAULT_HOURS, describeWorkingHours, endOfWorkingDay, isWorking, parseWorkingHours, placeHeadsUp, type Availability } from '../../../src/coach/availability/working-hours.ts';

const at = (iso: string) => new Date(iso);
const nights: Availability = { hours: { start: '22:00', end: '06:00', days: 'daily' }, zone: 'Europe/London' };
const nightsMonFri: Availability = { hours: { start: '22:00', end: '06:00', days: 'weekdays' }, zone: 'Europe/London' };
const office: Availability = { hours: DEFAULT_HOURS, zone: 'America/New_York' };
const hoursOf = (shift: { start: Date; end: Date } | undefined) => shift && (shift.end.getTime() - shift.start.getTime()) / 3_600_000;

describe('working hours', () => {
  it('reads "/coach hours" text, night shifts included', () => {
    const parsed = parseWorkingHours('22:00-06:00 mon-fri');
    expect(parsed).toEqual({ ok: true, hours: { start: '22:00', end: '06:00', days: 'weekdays' } });
    expect(parsed.ok && describeWorkingHours(parsed.hours)).toBe('Weekdays 22:00–06:00 (overnight)');
    expect(parseWorkingHours('7:30-15:30 sun-thu')).toEqual({ ok: true, hours: { start: '07:30', end: '15:30', days: 'mon,tue,wed,thu,sun' } });
    expect(parseWorkingHours('9-5')).toEqual({ ok: false, message: 'Give your hours as a 24-hour start and end, like 09:00-17:00 or 22:00-06:00.' });
    expect(parseWorkingHours('09:00-09:00')).toEqual({ ok: false, message: 'Your shift needs to end at a different time than it starts.' });
  });

  it('a night shift belongs to the day it starts: Friday 22:00 to Saturday 06:00 is worked, Saturday night is not', () => {
    expect(isWorking(nightsMonFri, at('2026-11-27T23:30:00Z'))).toBe(true); // Fri 23:30
    expect(isWorking(nightsMonFri, at('2026-11-28T05:59:00Z'))).toBe(true); // Sat 05:59
    expect(isWorking(nightsMonFri, at('2026-11-28T06:00:00Z'))).toBe(false); // the end is after the shift
    expect(isWorking(nightsMonFri, at('2026-11-28T23:00:00Z'))).toBe(false); // Sat night
    expect(isWorking(nightsMonFri, at('2026-11-30T02:00:00Z'))).toBe(false); // early Monday: Sunday night's shift
    expect(isWorking(nightsMonFri, at('2026-11-30T22:00:00Z'))).toBe(true); // Mon 22:00, the start counts
  });

  it('the night shift with the spring-forward change is 7 hours, the one with the fall-back change 9, and each still ends at 06:00', () => {
    const spring = currentShift(nights, at('2026-03-28T23:00:00Z')); // Sat 28 Mar 23:00 GMT
    expect(hoursOf(spring)).toBe(7);
    expect(spring?.end.toISOString()).toBe('2026-03-29T05:00:00.000Z'); // 06:00 BST
    expect(endOfWorkingDay(nights, at('2026-03-28T23:00:00Z'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
    const autumn = currentShift(nights, at('2026-10-25T00:30:00Z')); // Sun 25 Oct 01:30 BST, before the change
    expect(hoursOf(autumn)).toBe(9);
    expect(autumn?.end.toISOString()).toBe('2026-10-25T06:00:00.000Z'); // 06:00 GMT
    expect(hoursOf(currentShift(nights, at('2026-10-26T01:00:00Z')))).toBe(8); // the night after: back to 8
  });

  it('EOD is the end of the shift you are in, else of your next one', () => {
    expect(endOfWorkingDay(office, at('2026-12-02T15:00:00Z'))?.toISOString()).toBe('2026-12-02T22:00:00.000Z'); // 17:00 EST
    expect(endOfWorkingDay(office, at('2026-12-04T23:00:00Z'))?.toISOString()).toBe('2026-12-07T22:00:00.000Z'); // Fri evening → Mon 17:00
  });

  it('a heads-up out of hours waits for the next shift, or goes at the last minute of the last one when the promise is due first', () => {
    const now = at('2026-12-02T15:00:00Z'); // Wed 10:00 in New York
    // In hours: as planned.
    expect(placeHeadsUp(office, at('2026-12-02T19:45:00Z'), at('2026-12-02T20:00:00Z'), now).toISOString()).toBe('2026-12-02T19:45:00.000Z');
    // Due Thu 09:05, planned 08:50: waits for the shift at 09:00.
    expect(placeHeadsUp(office, at('2026-12-03T13:50:00Z'), at('2026-12-03T14:05:00Z'), now).toISOString()).toBe('2026-12-03T14:00:00.000Z');
    // Due Wed 20:00, before Thursday's shift: the last in-hours minute, 16:59.
    expect(placeHeadsUp(office, at('2026-12-03T00:45:00Z'), at('2026-12-03T01:00:00Z'), now).toISOString()).toBe('2026-12-02T21:59:00.000Z');
    // Made out of hours (Wed 19:00) for 20:00: that minute has passed, so the heads-up goes as planned.
    expect(placeHeadsUp(office, at('2026-12-03T00:45:00Z'), at('2026-12-03T01:00:00Z'), at('2026-12-03T00:00:00Z')).toISOString()).toBe('2026-12-03T00:45:00.000Z');
  });
});
