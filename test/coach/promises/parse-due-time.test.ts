import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseDueTime } from '../../../src/coach/promises/read-due-time.ts';
import { parseNewPromise, parseSnooze } from '../../../src/coach/promises/parse-promise-command.ts';

const NY = 'America/New_York';
// Thursday 12 Nov 2026, 12:50 in New York (EST, UTC−5).
const NOW = new Date('2026-11-12T17:50:00Z');
const local = (date: Date, zone = NY) => DateTime.fromJSDate(date, { zone }).toFormat('ccc yyyy-LL-dd HH:mm');

describe('due times as agents write them (Thu 12 Nov 2026, 12:50 New York)', () => {
  const table: [phrase: string, expected: string][] = [
    ['by 3pm', 'Thu 2026-11-12 15:00'],
    ['3pm', 'Thu 2026-11-12 15:00'],
    ['at 15:30', 'Thu 2026-11-12 15:30'],
    ['at 4:45pm', 'Thu 2026-11-12 16:45'],
    ['13:05', 'Thu 2026-11-12 13:05'],
    ['in 2h', 'Thu 2026-11-12 14:50'],
    ['in 90 minutes', 'Thu 2026-11-12 14:20'],
    ['in 30 mins', 'Thu 2026-11-12 13:20'],
    ['in 45 min', 'Thu 2026-11-12 13:35'],
    ['in an hour', 'Thu 2026-11-12 13:50'],
    ['in half an hour', 'Thu 2026-11-12 13:20'],
    ['in 2 days', 'Sat 2026-11-14 12:50'],
    ['by EOD', 'Thu 2026-11-12 17:00'],
    ['end of day', 'Thu 2026-11-12 17:00'],
    ['before COB', 'Thu 2026-11-12 17:00'],
    ['tomorrow EOD', 'Fri 2026-11-13 17:00'],
    ['friday eod', 'Fri 2026-11-13 17:00'],
    ['this afternoon', 'Thu 2026-11-12 14:00'],
    ['this evening', 'Thu 2026-11-12 18:00'],
    ['tonight', 'Thu 2026-11-12 19:00'],
    ['at 4', 'Thu 2026-11-12 16:00'],
    ['by 5', 'Thu 2026-11-12 17:00'],
    ['before 5', 'Thu 2026-11-12 17:00'],
    ['tomorrow 10am', 'Fri 2026-11-13 10:00'],
    ['tomorrow morning', 'Fri 2026-11-13 09:00'],
    ['tomorrow', 'Fri 2026-11-13 17:00'],
    ['1pm tomorrow', 'Fri 2026-11-13 13:00'],
    ['tomorrow noon', 'Fri 2026-11-13 12:00'],
    ['by Friday', 'Fri 2026-11-13 17:00'],
    ['Monday 9am', 'Mon 2026-11-16 09:00'],
    ['Monday at 10:30', 'Mon 2026-11-16 10:30'],
    ['next Tuesday at 2', 'Tue 2026-11-17 14:00'],
    ['day after tomorrow 2pm', 'Sat 2026-11-14 14:00'],
    ['24 Nov 10:00', 'Tue 2026-11-24 10:00'],
    ['Nov 24 at 10am', 'Tue 2026-11-24 10:00'],
    ['11/24 3pm', 'Tue 2026-11-24 15:00'],
    ['2026-11-20 10:00', 'Fri 2026-11-20 10:00'],
  ];
  it.each(table)('“%s” → %s', (phrase, expected) => {
    const result = parseDueTime(`ACME-4411 ${phrase} refund status`, NOW, NY);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(local(result.due)).toBe(expected);
  });

  it('has at least 30 phrasings', () => expect(table.length).toBeGreaterThanOrEqual(30));
});

describe('times that cannot be a promise', () => {
  it('a bare time already passed today is refused with a suggestion, not moved to tomorrow', () => {
    const result = parseDueTime('ACME-4411 by 11am', NOW, NY);
    expect(result).toMatchObject({ ok: false, reason: 'passed-today' });
    if (!result.ok) expect(result.message).toContain('Did you mean tomorrow 11am?');
    expect(parseDueTime('ACME-4411 noon', NOW, NY)).toMatchObject({ ok: false, reason: 'passed-today' });
    expect(parseDueTime('ACME-4411 by EOD', new Date('2026-11-12T23:00:00Z'), NY)).toMatchObject({ ok: false, reason: 'passed-today' });
  });
  it('a date in the past, more than 30 days ahead, or no time at all', () => {
    expect(parseDueTime('ACME-4411 yesterday 3pm', NOW, NY)).toMatchObject({ ok: false, reason: 'past' });
    expect(parseDueTime('ACME-4411 Dec 25', NOW, NY)).toMatchObject({ ok: false, reason: 'too-far' });
    expect(parseDueTime('ACME-4411 refund status', NOW, NY)).toMatchObject({ ok: false, reason: 'none' });
  });
  it('30 days ahead counts calendar days in the agent’s zone, even across a DST change', () => {
    // Sun 1 Mar 2026 12:00 EST; DST starts 8 Mar, so 30 days on is 29 days 23 hours away.
    const now = new Date('2026-03-01T17:00:00Z');
    expect(parseDueTime('ACME-4411 31 Mar 12:00', now, NY)).toMatchObject({ ok: true });
    expect(parseDueTime('ACME-4411 31 Mar 12:01', now, NY)).toMatchObject({ ok: false, reason: 'too-far' });
    expect(parseDueTime('ACME-4411 in 30 days', now, NY)).toMatchObject({ ok: true });
    expect(parseDueTime('ACME-4411 in 31 days', now, NY)).toMatchObject({ ok: false, reason: 'too-far' });
  });
});

describe('daylight saving time', () => {
  it('“tomorrow 10am” across the end of DST is 10:00 in the new offset', () => {
    // Sat 31 Oct 2026 12:00 EDT (UTC−4); DST ends Sun 1 Nov at 02:00 → EST (UTC−5).
    const result = parseDueTime('ACME tomorrow 10am', new Date('2026-10-31T16:00:00Z'), NY);
    expect(result.ok && result.due.toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });
  it('“Monday 9am” across the start of DST in London is 09:00 BST', () => {
    // Fri 27 Mar 2026 12:00 GMT; BST starts Sun 29 Mar.
    const result = parseDueTime('ACME Monday 9am', new Date('2026-03-27T12:00:00Z'), 'Europe/London');
    expect(result.ok && result.due.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });
  it('“in 2h” over the 02:00 change is exactly two hours', () => {
    // Sun 1 Nov 2026 00:30 EDT = 04:30Z.
    const result = parseDueTime('ACME in 2h', new Date('2026-11-01T04:30:00Z'), NY);
    expect(result.ok && result.due.toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('who, when and note', () => {
  it.each([
    ['ACME-4411 by 3pm refund status', 'ACME-4411', 'refund status'],
    ['Dana Ruiz (+1 555 0100) tomorrow 10am about the late delivery', 'Dana Ruiz (+1 555 0100)', 'the late delivery'],
    ['#88213 in 2h', '#88213', null],
    ['ticket 88213 — by 4pm: re-send the invoice', 'ticket 88213', 're-send the invoice'],
  ])('%s', (text, who, note) => {
    expect(parseNewPromise(text, NOW, NY)).toMatchObject({ ok: true, who, note });
  });
  it('an empty who is refused', () => {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.objectContaining…) as any
    expect(parseNewPromise('by 3pm refund status', NOW, NY)).toMatchObject({ ok: false, message: expect.stringContaining('Who is the callback for?') });
  });
  it('snooze choices count from now; tomorrow9 is 09:00 local tomorrow', () => {
    expect(parseSnooze('15m', NOW, NY)).toEqual({ ok: true, due: new Date('2026-11-12T18:05:00Z') });
    expect(parseSnooze('1h', NOW, NY)).toEqual({ ok: true, due: new Date('2026-11-12T18:50:00Z') });
    expect(parseSnooze('2 hours', NOW, NY)).toEqual({ ok: true, due: new Date('2026-11-12T19:50:00Z') });
    expect(parseSnooze('tomorrow9', NOW, NY)).toEqual({ ok: true, due: new Date('2026-11-13T14:00:00Z') });
    expect(parseSnooze('tomorrow 10am', NOW, NY)).toEqual({ ok: true, due: new Date('2026-11-13T15:00:00Z') });
    expect(parseSnooze('soon-ish', NOW, NY).ok).toBe(false);
  });
});

describe('a number that may be the hour or part of who', () => {
  it('“ACME 9 tomorrow” asks, and each choice keeps its own who', () => {
    const parsed = parseNewPromise('ACME 9 tomorrow', NOW, NY, 'en-US');
    expect(parsed).toMatchObject({ ok: false, question: true, message: "Is 9 the time, or part of who it's for?" });
    if (parsed.ok) return;
    expect(parsed.choices?.map((c) => [c.label, c.who])).toEqual([
      ['Fri 13 Nov 09:00 · ACME', 'ACME'],
      ['Fri 13 Nov 17:00 · ACME 9', 'ACME 9'],
    ]);
  });
});
