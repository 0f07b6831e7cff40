import { describe, expect, it } from 'vitest';
import { formatRelative, formatWhen, formatWhenWithLuxon, formatWhenWithRelative } from '../../src/coach/format-time.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

describe('formatWhen', () => {
  it('writes the time in the reader’s zone with its abbreviation', () => {
    const at = new Date('2026-11-12T20:00:00Z');
    expect(formatWhen(at, 'America/New_York')).toBe('Thu 12 Nov, 15:00 EST');
    expect(formatWhen(at, 'Europe/London')).toBe('Thu 12 Nov, 20:00 GMT');
    expect(formatWhen(at, 'Asia/Kolkata')).toBe('Fri 13 Nov, 01:30 IST');
    expect(formatWhen(new Date('2026-07-01T08:05:00Z'), 'Europe/London')).toBe('Wed 1 Jul, 09:05 BST');
    expect(formatWhen(new Date('2026-09-01T08:05:00Z'), 'Europe/Berlin')).toBe('Tue 1 Sept, 10:05 CEST');
    expect(formatWhen(at, 'UTC')).toBe('Thu 12 Nov, 20:00 UTC');
  });

  it('says the same as luxon’s own formatting for every zone, month, weekday and DST change', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const random = seededRandom(11);
    const instants = [
      ...Array.from({ length: 24 }, (_, month) => Date.UTC(2026, month % 12, 1 + month, month % 24, (month * 7) % 60)),
      Date.UTC(2026, 2, 29, 0, 59, 59), // London, one second before BST
      Date.UTC(2026, 2, 29, 1, 0, 0),
      Date.UTC(2026, 10, 1, 5, 59, 59), // New York, one second before EST
      Date.UTC(2026, 10, 1, 6, 0, 0),
    ];
    for (const zone of [...zones, 'UTC', 'Etc/GMT+5', 'Etc/GMT-14']) {
      for (const ts of [...instants, Date.UTC(2025, 0, 1) + Math.floor(random() * 3 * 365 * 24 * 3600) * 1000]) {
        const at = new Date(ts);
        const expected = formatWhenWithLuxon(at, zone);
        if (formatWhen(at, zone) !== expected) expect(`${zone} ${at.toISOString()}: ${formatWhen(at, zone)}`).toBe(`${zone} ${at.toISOString()}: ${expected}`);
      }
    }
  });

  it('answers as luxon does for an invalid date or zone', () => {
    expect(formatWhen(new Date(Number.NaN), 'Europe/London')).toBe(formatWhenWithLuxon(new Date(Number.NaN), 'Europe/London'));
    expect(formatWhen(new Date(), 'Mars/Olympus')).toBe(formatWhenWithLuxon(new Date(), 'Mars/Olympus'));
  });

  it('adds how far away it is', () => {
    const now = new Date('2026-11-12T17:50:00Z');
    expect(formatWhenWithRelative(new Date('2026-11-12T20:00:00Z'), 'America/New_York', now)).toBe('Thu 12 Nov, 15:00 EST — in 2 h 10 min');
    expect(formatRelative(new Date('2026-11-12T17:45:00Z'), now)).toBe('5 min ago');
  });
});
