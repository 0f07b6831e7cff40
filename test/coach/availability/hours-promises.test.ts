// `/coach hours` and what follows from it: "EOD", "COB" and "first thing" in a promise mean the
// agent's own shift, a heads-up waits for their hours, and `/coach me` shows them.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/ports.ts';
import { command, startTestApp, supportChannel } from '../../helpers/test-app.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { dbAll } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const nina: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_NINA', name: 'Nina', tz: 'Europe/London' };

describe.each(DIALECTS)('working hours and promises (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('EOD on a night shift that started at 22:00 is 06:00 the next morning, across the spring-forward night too', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-03-28T21:00:00Z' }); // Sat 28 Mar, 21:00 GMT
    const say = async (name: string, text: string) => (await t.app.coach.handle(command(nina, supportChannel, name, text, t.clock.now())))[0]!.text;
    expect(await say('coach', 'hours')).toBe('Your hours (the default): Weekdays 09:00–17:00, Europe/London time. Reminders wait for them, and “EOD” means the end of your shift. Change them with `/coach hours 22:00-06:00 mon-fri`.');
    expect(await say('coach', 'hours 22:00-06:00 daily')).toBe('Done ✅ Your hours: Every day 22:00–06:00 (overnight), Europe/London time. I\'ll keep reminders inside them, and “EOD” or “COB” in a promise means the end of your shift.');
    t.clock.set('2026-03-28T23:30:00Z'); // 23:30, in the shift that loses an hour at 01:00
    expect(await say('promise-callback', 'ACME-7 by EOD refund status')).toContain('Due: Sun 29 Mar, 06:00 BST — in 5 h 30 min');
    expect(await say('promise-callback', 'ACME-8 first thing tomorrow')).toContain('Due: Sun 29 Mar, 22:00 BST');
    const [me] = await t.app.coach.handle(command(nina, supportChannel, 'coach', 'me', t.clock.now()));
    expect(me!.text).toContain('Your hours: Every day 22:00–06:00 (overnight) (Europe/London) · change them with `/coach hours`');
    const rows = await dbAll(t.app.db, "SELECT action, before, after FROM audit_log WHERE action = 'hours'");
    expect(rows).toEqual([{ action: 'hours', before: 'Weekdays 09:00–17:00', after: 'Every day 22:00–06:00 (overnight)' }]);
    await t.app.stop();
  });

  it('COB follows a late day shift, and a heads-up before a morning promise waits for the shift to start', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-12-02T13:00:00Z' }); // Wed 13:00 GMT
    const say = async (name: string, text: string) => (await t.app.coach.handle(command(nina, supportChannel, name, text, t.clock.now())))[0]!.text;
    await say('coach', 'hours 12:00-20:00 mon-fri');
    expect(await say('promise-callback', 'ACME-9 by COB')).toContain('Due: Wed 2 Dec, 20:00 GMT');
    // Due Thu 12:05: the heads-up would be 11:50, before her shift, so it comes at 12:00 and says so.
    const saved = await say('promise-callback', 'ACME-10 tomorrow 12:05');
    expect(saved).toContain("I'll give you a heads-up Thu 3 Dec, 12:00 GMT, inside your working hours, remind you when it's due, and nudge you if it slips.");
    const jobs = await dbAll(t.app.db, "SELECT due_at FROM jobs WHERE kind = 'promise.headsup' ORDER BY due_at");
    expect(jobs.map((j) => new Date(Number(j.due_at)).toISOString())).toEqual(['2026-12-02T19:45:00.000Z', '2026-12-03T12:00:00.000Z']);

    t.clock.set('2026-12-03T11:55:00Z');
    await t.app.scheduler.tick();
    expect(t.messenger.take().filter((s) => s.msg.text.includes('Heads-up'))).toEqual([]);
    t.clock.set('2026-12-03T12:00:00Z');
    await t.app.scheduler.tick();
    expect(t.messenger.take().map((s) => s.msg.text).filter((text) => text.includes('Heads-up'))).toEqual(['⏰ Heads-up: your callback to ACME-10 is due in 5 min (Thu 3 Dec, 12:05 GMT).']);
    // A new time typed later follows her hours too: "first thing tomorrow" is Friday 12:00, her start.
    expect(await say('promise-callback', 'reschedule 1 first thing tomorrow')).toContain('Fri 4 Dec, 12:00 GMT');
    await t.app.stop();
  });
});
