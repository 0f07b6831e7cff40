import { describe, expect, it } from 'vitest';
import { alice, bob, command, startTestApp, supportChannel } from '../../helpers/test-app.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { dbGet } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { Actor, Address } from '../../../src/ports.ts';
import { pendingJobs } from '../../../src/store/jobs-repo.ts';

const admin: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_OWNER', name: 'Olu', tz: 'Asia/Tokyo', isAdmin: true };
const local: Actor = { platform: 'console', workspaceId: 'local', userId: 'you', name: 'You' };
const consoleChannel: Address = { platform: 'console', workspaceId: 'local', key: 'console', label: '#console' };

describe.each(DIALECTS)('who sees team stats (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('with no manager set up, an agent is told how one gets added', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const [answer] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'stats', t.clock.now()));
    expect(answer!.text).toBe(
      'Team stats are for managers. No manager is set up yet: a workspace admin can add one with `/coach managers add @name`. You can always see your own numbers with `/coach me`.',
    );
    expect(t.messenger.take()).toHaveLength(0);
    await t.app.stop();
  });

  it('a Slack workspace admin counts as a manager; managers add and remove others; agents cannot', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const [denied] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'managers add <@U_BOB>', t.clock.now()));
    expect(denied!.text).toMatch(/^Only a manager can change who manages the team\./);
    expect((await dbGet(t.app.db, 'SELECT COUNT(*) AS n FROM managers'))).toEqual({ n: 0 });

    const [stats] = await t.app.coach.handle(command(admin, supportChannel, 'coach', 'stats', t.clock.now()));
    expect(stats!.text).toMatch(/^📊 Team stats — week 2026-W48/);
    const [added] = await t.app.coach.handle(command(admin, supportChannel, 'coach', 'managers add <@U_ALICE> <@U_BOB|bob>', t.clock.now()));
    expect(added!.text).toContain('<@U_ALICE> is now a manager');
    expect(added!.text).toContain('<@U_BOB> is now a manager');
    const [list] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'managers list', t.clock.now()));
    expect(list!.text).toBe('Managers here: <@U_ALICE>, <@U_BOB|Bob>, <@U_OWNER|Olu>. They see the team\'s stats and get the Monday digest.');
    // Bob can now see the team's numbers.
    const [bobStats] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'stats last week', t.clock.now()));
    expect(bobStats!.text).toMatch(/^📊 Team stats — week 2026-W47/);
    // The admin's digest is planned for Monday 09:00 in Tokyo.
    expect((await pendingJobs(t.app.db, { subject: 'digest:slack:T1:U_OWNER' })).map((j) => j.dueAt.toISOString())).toEqual(['2026-11-30T00:00:00.000Z']);

    const [removed] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'managers remove <@U_BOB>', t.clock.now()));
    expect(removed!.text).toBe('<@U_BOB> is no longer a manager.');
    expect(await pendingJobs(t.app.db, { subject: 'digest:slack:T1:U_BOB' })).toHaveLength(0);
    const [again] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'stats', t.clock.now()));
    expect(again!.text).toContain('Team stats are for managers. Ask <@U_ALICE|Alice> or <@U_OWNER|Olu>.');
    const [bad] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'managers add bob', t.clock.now()));
    expect(bad!.text).toMatch(/Mention the person to add, like @sam\./);
    await t.app.stop();
  });

  it('COACH_MANAGERS are managers and stay so; in the console the local user is a manager and a bare id works', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_BOB' } });
    const [bobStats] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'stats', t.clock.now()));
    expect(bobStats!.text).toMatch(/^📊 Team stats/);
    const [kept] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'managers remove <@U_BOB>', t.clock.now()));
    expect(kept!.text).toContain('named in COACH_MANAGERS');

    await t.app.coach.handle(command(local, consoleChannel, 'coach', 'today', t.clock.now()));
    t.messenger.take();
    const [consoleStats] = await t.app.coach.handle(command(local, consoleChannel, 'coach', 'stats #console', t.clock.now()));
    expect(consoleStats!.text).toMatch(/^📊 Team stats — week 2026-W48\n.*· #console/);
    await t.app.scheduler.tick();
    const [chart] = t.messenger.take().filter((s) => s.kind === 'upload' && s.to.platform === 'console');
    expect(chart!.to).toEqual(local);
    const [added] = await t.app.coach.handle(command(local, consoleChannel, 'coach', 'managers add sam', t.clock.now()));
    expect(added!.text).toContain('<@sam> is now a manager');
    await t.app.stop();
  });

  it('a bad week or an unknown channel is one clear line with an example, nothing sent', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } });
    const cases: [string, RegExp][] = [
      ['stats 2026-W60', /“2026-W60” is not a week I know/],
      ['stats 2027-W10', /hasn't started yet/],
      ['stats <#C_NOWHERE>', /I haven't been in <#C_NOWHERE> yet/],
      ['stats yesterday', /I didn't understand “yesterday”/],
    ];
    for (const [text, expected] of cases) {
      const [answer] = await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now()));
      expect(answer!.text).toMatch(expected);
      expect(answer!.text).toContain('For example: /coach stats');
    }
    expect(t.messenger.take()).toHaveLength(0);
    await t.app.stop();
  });
});
