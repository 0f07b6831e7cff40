import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { cachedZone } from '../../src/coach/cached-zone.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

// Zones with DST both ways, half- and quarter-hour offsets, a 30-minute DST shift, and none at all.
// (Casablanca changes twice a year around Ramadan.)
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'Etc/GMT+5'];
const MINUTE = 60_000;

describe('zones with cached offsets', () => {
  it.each(ZONES)('%s: the same offset as luxon at every hour of a year, and to the second around each change', (name) => {
    const zone = cachedZone(name);
    const reference = IANAZone.create(name);
    const same = (ts: number) => {
      if (zone.offset(ts) !== reference.offset(ts)) expect(zone.offset(ts), new Date(ts).toISOString()).toBe(reference.offset(ts));
    };
    const HOUR = 60 * MINUTE;
    for (let ts = Date.UTC(2025, 0, 1); ts < Date.UTC(2026, 0, 1); ts += HOUR) {
      same(ts);
      if (reference.offset(ts + HOUR) === reference.offset(ts)) continue;
      // A change within this hour: every minute of it, and every second of the minute it happens in.
      for (let m = ts; m < ts + HOUR; m += MINUTE) {
        same(m);
        if (reference.offset(m + MINUTE) !== reference.offset(m)) for (let s = m; s <= m + MINUTE; s += 1_000) same(s);
      }
    }
  });

  it('agrees with luxon at random instants, asked in random order (a warm cache answers the same)', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 5_000; i++) {
      const name = ZONES[Math.floor(random() * ZONES.length)] as string;
      const ts = Date.UTC(2024, 0, 1) + Math.floor(random() * 4 * 365 * 24 * 60) * MINUTE + Math.floor(random() * 60) * 1_000;
      expect(cachedZone(name).offset(ts)).toBe(IANAZone.create(name).offset(ts));
    }
  });

  it('builds DateTimes that read the same wall clock as a zone name does', () => {
    const at = new Date('2026-03-29T00:59:59Z'); // one second before London moves to BST
    for (const ms of [0, 1_000, 60 * MINUTE]) {
      const when = new Date(at.getTime() + ms);
      expect(DateTime.fromJSDate(when, { zone: cachedZone('Europe/London') }).toISO()).toBe(DateTime.fromJSDate(when, { zone: 'Europe/London' }).toISO());
    }
    // Wall clock → instant across the change: 01:30 does not exist in London that night.
    const wall = { year: 2026, month: 3, day: 29, hour: 1, minute: 30 };
    expect(DateTime.fromObject(wall, { zone: cachedZone('Europe/London') }).toISO()).toBe(DateTime.fromObject(wall, { zone: 'Europe/London' }).toISO());
  });

  it('resolves non-IANA names as luxon does, and keeps invalid zones invalid', () => {
    expect(cachedZone('UTC')).toBe(FixedOffsetZone.utcInstance);
    expect(cachedZone('UTC+3').offset(0)).toBe(180);
    expect(cachedZone('Mars/Olympus').isValid).toBe(false);
    expect(DateTime.fromJSDate(new Date(), { zone: cachedZone('Mars/Olympus') }).isValid).toBe(false);
    expect(cachedZone('Europe/Paris')).toBe(cachedZone('Europe/Paris'));
    expect(cachedZone('Europe/Paris').name).toBe('Europe/Paris');
  });
});
