import { describe, expect, it } from 'vitest';
import { alice, bob, command, startTestApp, supportChannel, textOf, type TestApp } from '../../helpers/test-app.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { dbAll, dbGet, dbRun } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { Actor, Inbound } from '../../../src/ports.ts';
import type { Sent } from '../../helpers/recording-messenger.ts';
import { pendingJobs } from '../../../src/store/jobs-repo.ts';

const carol: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_CAROL', name: 'Carol', tz: 'Europe/London' };
const managers = { COACH_MANAGERS: 'U_ALICE' };

const isDiscussion = (s: Sent) => s.kind === 'post' && !s.options?.threadRef && s.msg.text.includes('I am your customer');

function event(kind: 'reply' | 'reaction' | 'reaction_removed', from: Actor, targetRef: string, eventId: string, at: Date): Inbound {
  return { kind, from, address: supportChannel, targetRef, eventId, at };
}

/** Move the clock an hour at a time until `until`, running due jobs; returns everything sent. */
async function runUntil(t: TestApp, until: string): Promise<Sent[]> {
  const sent: Sent[] = [];
  while (t.clock.now().getTime() < new Date(until).getTime()) {
    t.clock.advanceMinutes(60);
    await t.app.scheduler.tick();
    sent.push(...t.messenger.take());
  }
  return sent;
}

describe.each(DIALECTS)('"I am your customer" discussions (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('a subscribed channel gets the first poem line on Tuesday 10:00 local as a thread starter, with questions', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z', env: managers }); // Monday
    const [answer] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 America/New_York weekdays', t.clock.now()));
    expect(answer!.text).toContain('discussion starts Tue 24 Nov, 10:00 EST');
    const sent = (await runUntil(t, '2026-11-25T00:00:00Z')).filter(isDiscussion);
    expect(sent).toHaveLength(1);
    const [prompt] = sent;
    const line = t.app.content.poem.lines.find((l) => l.order === 1)!;
    expect(textOf(prompt!.msg)).toContain(line.text);
    for (const question of line.questions) expect(textOf(prompt!.msg)).toContain(question);
    expect(prompt!.msg.text).toContain('Reply in this thread');
    expect(prompt!.msg.text).toContain('wrap up on Fri 27 Nov, 10:00 EST');
    expect(prompt!.msg.visibility).toBe('channel');
    await t.app.stop();
  });

  it('counts thread replies once each, wraps up three days later in the thread without tagging anyone, then moves to the next line', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z', env: managers });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    const [prompt] = (await runUntil(t, '2026-11-24T10:00:00Z')).filter(isDiscussion);
    expect(prompt).toBeDefined();
    const ref = prompt!.ref;
    const at = t.clock.now();
    await t.app.coach.handle(event('reply', bob, ref, 'Ev1', at));
    await t.app.coach.handle(event('reply', bob, ref, 'Ev1', at)); // Slack retried the same event
    await t.app.coach.handle(event('reply', bob, ref, 'Ev2', at)); // a second reply from Bob
    await t.app.coach.handle(event('reply', carol, ref, 'Ev3', at));
    await t.app.coach.handle(event('reply', alice, 'not-a-coach-post', 'Ev4', at)); // someone else's thread
    const replies = (await dbAll(t.app.db, `SELECT user_id, COUNT(*) AS n FROM participation WHERE kind = 'reply' GROUP BY user_id ORDER BY user_id`));
    expect(replies).toEqual([
      { user_id: 'U_BOB', n: 2 },
      { user_id: 'U_CAROL', n: 1 },
    ]);

    const wrapUps = (await runUntil(t, '2026-11-27T12:00:00Z')).filter((s) => s.options?.threadRef);
    expect(wrapUps).toHaveLength(1);
    expect(wrapUps[0]!.options?.threadRef).toBe(ref);
    expect(wrapUps[0]!.msg.text).toContain('2 people took part');
    expect(wrapUps[0]!.msg.text).toMatch(/Thank you/);
    expect(textOf(wrapUps[0]!.msg)).not.toMatch(/<@|U_BOB|U_CAROL|U_ALICE/);
    // Wrapped at 10:00 London on Friday, three days after it opened.
    expect((await dbGet(t.app.db, `SELECT participants, wrapped_at FROM discussions`))).toEqual({ participants: 2, wrapped_at: Date.parse('2026-11-27T10:00:00Z') });

    const [next] = (await runUntil(t, '2026-12-02T00:00:00Z')).filter(isDiscussion);
    const second = t.app.content.poem.lines.find((l) => l.order === 2)!;
    expect(textOf(next!.msg)).toContain(second.text);
    await t.app.stop();
  });

  it('a wrap-up with no replies thanks the channel and shames no one', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z', env: managers });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe', t.clock.now()));
    const [wrapUp] = (await runUntil(t, '2026-11-28T00:00:00Z')).filter((s) => s.options?.threadRef);
    expect(wrapUp!.msg.text).toMatch(/closed\. Thanks for reading along/);
    expect(wrapUp!.msg.text).not.toMatch(/nobody|no one|0 people/i);
    await t.app.stop();
  });

  it('/coach discussion changes the day and time, shows them, and turns the weekly prompt off and on', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z', env: managers });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    const [changed] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'discussion thursday 15:30', t.clock.now()));
    expect(changed!.text).toContain('Thursdays at 15:30 (Europe/London)');
    expect(changed!.text).toContain('Next one: Thu 26 Nov, 15:30 GMT');
    const [shown] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'discussion', t.clock.now()));
    expect(shown!.text).toContain('Next one: Thu 26 Nov, 15:30 GMT');
    const [bad] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'discussion someday 25:00', t.clock.now()));
    expect(bad!.text).toMatch(/didn't understand “someday”.*For example: \/coach discussion tue 10:00/s);

    await t.app.coach.handle(command(bob, supportChannel, 'coach', 'discussion off', t.clock.now()));
    expect(await pendingJobs(t.app.db, { kind: 'discussion.open' })).toHaveLength(0);
    expect((await runUntil(t, '2026-12-05T00:00:00Z')).filter(isDiscussion)).toHaveLength(0);

    await t.app.coach.handle(command(bob, supportChannel, 'coach', 'discussion tue 10:00', t.clock.now()));
    expect((await pendingJobs(t.app.db, { kind: 'discussion.open' })).map((j) => j.dueAt.toISOString())).toEqual(['2026-12-08T10:00:00.000Z']);
    await t.app.stop();
  });

  it('/coach discuss starts one now for a manager, once a day; others are told who can', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-25T13:00:00Z', env: managers });
    const [refused] = await t.app.coach.handle(command(bob, supportChannel, 'coach', 'discuss', t.clock.now()));
    expect(refused!.text).toContain('<@U_ALICE>');
    expect(t.messenger.take()).toHaveLength(0);

    const [started] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'discuss', t.clock.now()));
    expect(started!.text).toContain('Started');
    const posted = t.messenger.take();
    expect(posted.filter(isDiscussion)).toHaveLength(1);
    const [again] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'discuss', t.clock.now()));
    expect(again!.text).toContain('already running');
    expect(t.messenger.take()).toHaveLength(0);
    await t.app.stop();
  });

  it('unsubscribing stops the weekly prompt; a restart plans missing ones and keeps open wrap-ups', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z', env: managers });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe', t.clock.now()));
    await runUntil(t, '2026-11-24T11:00:00Z'); // Tuesday's discussion is open
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'unsubscribe', t.clock.now()));
    expect(await pendingJobs(t.app.db, { kind: 'discussion.open' })).toHaveLength(0);
    expect(await pendingJobs(t.app.db, { kind: 'discussion.wrapup' })).toHaveLength(1);

    // A channel subscribed by an older version of the coach has no discussion planned: a restart fixes it.
    (await dbRun(t.app.db, `UPDATE channels SET subscribed = 1`));
    t = await t.restart();
    expect((await pendingJobs(t.app.db, { kind: 'discussion.open' })).map((j) => j.dueAt.toISOString())).toEqual(['2026-12-01T10:00:00.000Z']);
    await t.app.stop();
  });

  it('reactions on any coach post count once per person, and removing it takes it back', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z', env: managers });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    const [post] = await runUntil(t, '2026-11-23T09:00:00Z');
    const at = t.clock.now();
    const reactions = async () => (await dbAll(t.app.db, `SELECT user_id FROM participation WHERE kind = 'reaction' ORDER BY user_id`));
    await t.app.coach.handle(event('reaction', bob, post!.ref, 'R1', at));
    await t.app.coach.handle(event('reaction', bob, post!.ref, 'R1', at)); // retried delivery
    await t.app.coach.handle(event('reaction', bob, post!.ref, 'R2', at)); // a second emoji
    await t.app.coach.handle(event('reaction', carol, post!.ref, 'R3', at));
    await t.app.coach.handle(event('reaction', carol, 'someone-elses-message', 'R4', at));
    expect(await reactions()).toEqual([{ user_id: 'U_BOB' }, { user_id: 'U_CAROL' }]);
    await t.app.coach.handle(event('reaction_removed', bob, post!.ref, 'R5', at));
    expect(await reactions()).toEqual([{ user_id: 'U_CAROL' }]);
    await t.app.stop();
  });
});
