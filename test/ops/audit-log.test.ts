// The audit log: each kind of change a person makes to shared settings is stored with who, when,
// what, before and after, and `/coach audit [days]` shows managers the latest, in words.
import { describe, expect, it } from 'vitest';
import { alice, bob, command, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { DIALECTS } from '../helpers/test-store.ts';
import { dbAll } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { PROMISE_ACTIONS } from '../../src/coach/promises/promise-messages.ts';
import { FORGET_ACTION } from '../../src/coach/forget-feature.ts';
import type { Actor } from '../../src/ports.ts';

describe.each(DIALECTS)('audit log (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('records subscriptions, schedules, the discussion day, managers and a lead closing or moving someone’s promise', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } });
    const say = async (who: typeof alice, name: string, text: string) => (await t.app.coach.handle(command(who, supportChannel, name, text, t.clock.now())))[0]!.text;

    await say(alice, 'coach', 'subscribe 09:00 Europe/London weekdays');
    t.clock.advance(60_000);
    await say(alice, 'coach', 'subscribe 08:30 daily');
    t.clock.advance(60_000);
    await say(alice, 'coach', 'discussion thu 11:00');
    t.clock.advance(60_000);
    await say(alice, 'coach', 'managers add <@U_CARA>');
    t.clock.advance(60_000);
    expect(await say(bob, 'promise-callback', 'ACME-1 by 3pm refund status')).toContain('ACME-1');
    expect(await say(bob, 'promise-callback', 'ACME-2 by 4pm send the invoice')).toContain('ACME-2');
    expect(await say(bob, 'promise-callback', 'ACME-3 by 5pm call back')).toContain('ACME-3');
    // Bob closing his own promise is his business, not a change to shared records.
    expect(await say(bob, 'promise-callback', 'done 3')).toMatch(/#3/);
    expect(await say(alice, 'promise-callback', 'done 1')).toMatch(/#1/);
    t.clock.advance(60_000);
    expect(await say(alice, 'promise-callback', 'reschedule 2 tomorrow 10am')).toMatch(/#2/);
    t.clock.advance(60_000);
    await say(alice, 'coach', 'managers remove <@U_CARA>');
    t.clock.advance(60_000);
    await say(alice, 'coach', 'unsubscribe');

    const rows = await dbAll(t.app.db, 'SELECT actor_id, at, action, subject, before, after FROM audit_log ORDER BY id');
    expect(rows).toEqual([
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:00:00Z'), action: 'subscribe', subject: 'C_SUPPORT', before: 'off', after: 'Weekdays at 09:00 (Europe/London)' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:01:00Z'), action: 'subscribe', subject: 'C_SUPPORT', before: 'Weekdays at 09:00 (Europe/London)', after: 'Every day at 08:30 (Europe/London)' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:02:00Z'), action: 'discussion', subject: 'C_SUPPORT', before: 'Tuesdays at 10:00 (Europe/London)', after: 'Thursdays at 11:00 (Europe/London)' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:03:00Z'), action: 'managers.add', subject: 'U_CARA', before: 'not a manager', after: 'manager' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:04:00Z'), action: 'promise.done', subject: '#1 of U_BOB', before: 'open, due Mon 23 Nov, 15:00 EST', after: 'closed as kept' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:05:00Z'), action: 'promise.reschedule', subject: '#2 of U_BOB', before: 'open, due Mon 23 Nov, 16:00 EST', after: 'open, due Tue 24 Nov, 10:00 EST' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:06:00Z'), action: 'managers.remove', subject: 'U_CARA', before: 'manager', after: 'not a manager' },
      { actor_id: 'U_ALICE', at: Date.parse('2026-11-23T09:07:00Z'), action: 'unsubscribe', subject: 'C_SUPPORT', before: 'Every day at 08:30 (Europe/London)', after: 'off' },
    ]);

    const [shown] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'audit', t.clock.now()));
    expect(shown!.text).toBe(
      [
        'Changes in the last 7 days',
        '• Mon 23 Nov, 09:07 GMT — <@U_ALICE> unsubscribed <#C_SUPPORT>: Every day at 08:30 (Europe/London) → off',
        '• Mon 23 Nov, 09:06 GMT — <@U_ALICE> removed <@U_CARA> as a manager',
        '• Mon 23 Nov, 09:05 GMT — <@U_ALICE> moved promise #2 of <@U_BOB>: open, due Mon 23 Nov, 16:00 EST → open, due Tue 24 Nov, 10:00 EST',
        '• Mon 23 Nov, 09:04 GMT — <@U_ALICE> closed promise #1 of <@U_BOB>: open, due Mon 23 Nov, 15:00 EST → closed as kept',
        '• Mon 23 Nov, 09:03 GMT — <@U_ALICE> made <@U_CARA> a manager',
        '• Mon 23 Nov, 09:02 GMT — <@U_ALICE> changed the weekly discussion in <#C_SUPPORT>: Tuesdays at 10:00 (Europe/London) → Thursdays at 11:00 (Europe/London)',
        '• Mon 23 Nov, 09:01 GMT — <@U_ALICE> set the daily principle in <#C_SUPPORT>: Weekdays at 09:00 (Europe/London) → Every day at 08:30 (Europe/London)',
        '• Mon 23 Nov, 09:00 GMT — <@U_ALICE> set the daily principle in <#C_SUPPORT>: off → Weekdays at 09:00 (Europe/London)',
      ].join('\n'),
    );

    // A week and a day later, the default window is empty; a longer one still shows it all.
    t.clock.advance(8 * 86_400_000);
    expect((await t.app.coach.handle(command(alice, supportChannel, 'coach', 'audit', t.clock.now())))[0]!.text).toBe('No changes to shared settings in the last 7 days.');
    expect((await t.app.coach.handle(command(alice, supportChannel, 'coach', 'audit 30', t.clock.now())))[0]!.text.split('\n')).toHaveLength(9);
    expect((await t.app.coach.handle(command(alice, supportChannel, 'coach', 'audit forever', t.clock.now())))[0]!.text).toBe(
      'Give a number of days from 1 to 366, not “forever”. For example: /coach audit 30',
    );
    // The managers' list points to the page that explains their commands, audit and forget among them.
    const [list] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'managers list', t.clock.now()));
    expect(list!.blocks.at(-1)).toEqual({ type: 'context', text: 'Everything managers can do: `/coach help managers`.' });
    // Agents do not read the log.
    expect((await t.app.coach.handle(command(bob, supportChannel, 'coach', 'audit', t.clock.now())))[0]!.text).toBe(
      'The audit log is for managers. Ask one of your team leads, or see your own numbers with `/coach me`.',
    );
    await t.app.stop();
  }, 30_000);

  it('records a lead closing or handing over someone’s promise from the dashboard, and a hand-over’s new owner is erased with them', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } });
    const carol: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_CAROL', name: 'Carol', tz: 'Europe/London' };
    const say = async (who: Actor, name: string, text: string) => (await t.app.coach.handle(command(who, supportChannel, name, text, t.clock.now())))[0]!.text;
    // The dashboard's buttons arrive as actions, with the reason the lead typed.
    const press = async (actionId: string, value: string) =>
      (await t.app.coach.handle({ kind: 'action', from: alice, address: supportChannel, actionId, value, at: t.clock.now() }))[0]!.text;
    await say(carol, 'coach', 'me');
    await say(bob, 'promise-callback', 'ACME-1 by 3pm refund status');
    await say(bob, 'promise-callback', 'ACME-2 by 4pm send the invoice');
    expect(await press(PROMISE_ACTIONS.close, '1|Customer called us first')).toBe('Closed promise #1. No more reminders; the reason is on record.');
    t.clock.advance(60_000);
    expect(await press(PROMISE_ACTIONS.reassign, '2|U_CAROL|Bob is off sick')).toBe('Promise #2 is now Carol’s. They get its reminders from here on.');

    const rows = await dbAll(t.app.db, 'SELECT actor_id, action, subject, before, after FROM audit_log ORDER BY id');
    expect(rows).toEqual([
      { actor_id: 'U_ALICE', action: 'promise.cancel', subject: '#1 of U_BOB', before: 'open, due Mon 23 Nov, 15:00 EST', after: 'cancelled' },
      { actor_id: 'U_ALICE', action: 'promise.reassign', subject: '#2 of U_BOB', before: 'held by U_BOB, due Mon 23 Nov, 16:00 EST', after: 'held by U_CAROL' },
    ]);
    // The reason stays in the promise's own history; the audit log never copies free text.
    expect(await say(alice, 'coach', 'audit')).toBe(
      [
        'Changes in the last 7 days',
        '• Mon 23 Nov, 09:01 GMT — <@U_ALICE> handed promise #2 of <@U_BOB> to <@U_CAROL>',
        '• Mon 23 Nov, 09:00 GMT — <@U_ALICE> cancelled promise #1 of <@U_BOB>: open, due Mon 23 Nov, 15:00 EST → cancelled',
      ].join('\n'),
    );

    await press(FORGET_ACTION, 'U_CAROL');
    const [handOver] = await dbAll(t.app.db, "SELECT before, after FROM audit_log WHERE action = 'promise.reassign'");
    expect(handOver).toEqual({ before: 'held by U_BOB, due Mon 23 Nov, 16:00 EST', after: expect.stringMatching(/^held by forgotten-[0-9a-f-]{36}$/) as string });
    expect((await say(alice, 'coach', 'audit')).split('\n')[2]).toBe('• Mon 23 Nov, 09:01 GMT — <@U_ALICE> handed promise #2 of <@U_BOB> to a forgotten person');
    await t.app.stop();
  }, 30_000);
});
