// A whole week in one channel — principle posts, "Got it" presses, reactions, a discussion with
// replies, retried and removed events — then the exact numbers in /coach stats, the CSV and the
// Monday digest, for managers in two timezones.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../helpers/test-store.ts';
import { dbAll, dbGet } from '../../helpers/sql.ts';
import { alice, bob, command, startTestApp, supportChannel, textOf, type TestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { Actor, Inbound, Outbound } from '../../../src/ports.ts';
import type { Sent } from '../../helpers/recording-messenger.ts';

const carol: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_CAROL', name: 'Carol, Jr.', tz: 'Europe/London' };
const dan: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_DAN', name: 'Dan', tz: 'Europe/London' };

const ackButton = (msg: Outbound) => msg.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.actionId === 'principle.ack');
const ack = (from: Actor, post: Sent, at: Date): Inbound => ({
  kind: 'action',
  from,
  address: supportChannel,
  actionId: 'principle.ack',
  value: ackButton(post.msg)?.value,
  at,
  messageRef: post.ref,
});
const evt = (kind: 'reply' | 'reaction' | 'reaction_removed', from: Actor, post: Sent, eventId: string, at: Date): Inbound => ({
  kind,
  from,
  address: supportChannel,
  targetRef: post.ref,
  eventId,
  at,
});

/** Runs Mon 16 – Sun 22 Nov 2026 (ISO week 2026-W47 in London) with a fixed pattern of participation. */
async function playWeek(t: TestApp): Promise<void> {
  const principles: Sent[] = [];
  const promise = (from: Actor, text: string) => t.app.coach.handle(command(from, supportChannel, 'promise-callback', text, t.clock.now()));
  const idOf = async (who: string) => ((await dbGet(t.app.db, `SELECT id FROM promises WHERE who = ?`, who)) as { id: number }).id;
  while (t.clock.now().getTime() < Date.parse('2026-11-22T23:00:00Z')) {
    t.clock.advanceMinutes(60);
    await t.app.scheduler.tick();
    // Promises: Bob keeps one on time and one late; Carol misses one, snoozes one and then misses it too.
    const hour = t.clock.now().toISOString();
    if (hour === '2026-11-16T09:00:00.000Z') {
      await promise(bob, 'ACME-1 in 2h refund status');
      await promise(bob, 'ACME-2 in 1h new card');
      await promise(carol, 'ACME-3 in 1h delivery date');
    }
    if (hour === '2026-11-16T10:00:00.000Z') await promise(bob, `done ${await idOf('ACME-1')}`);
    if (hour === '2026-11-16T13:00:00.000Z') await promise(bob, `done ${await idOf('ACME-2')}`);
    if (hour === '2026-11-20T09:00:00.000Z') {
      await promise(carol, 'ACME-4 in 2h warranty');
      await promise(carol, `snooze ${await idOf('ACME-4')} 3h`); // later: a snooze never pulls a promise earlier
    }
    for (const sent of t.messenger.take()) {
      const now = t.clock.now();
      if (sent.kind === 'post' && ackButton(sent.msg)) {
        principles.push(sent);
        const day = principles.length; // 1 = Monday … 5 = Friday
        await t.app.coach.handle(ack(alice, sent, now)); // Alice: every day…
        if (day === 1) await t.app.coach.handle(ack(alice, sent, now)); // …pressing twice on Monday counts once
        if (day === 1 || day === 3) await t.app.coach.handle(ack(bob, sent, now)); // Bob: Mon, Wed
        if (day === 2) {
          await t.app.coach.handle(evt('reaction', bob, sent, 'Ev-r1', now));
          await t.app.coach.handle(evt('reaction', bob, sent, 'Ev-r1', now)); // retried by Slack
          await t.app.coach.handle(evt('reaction', bob, sent, 'Ev-r2', now)); // another emoji
        }
        if (day === 4) {
          await t.app.coach.handle(evt('reaction', bob, sent, 'Ev-r3', now));
          await t.app.coach.handle(evt('reaction_removed', bob, sent, 'Ev-r4', now));
        }
        if (day === 5) await t.app.coach.handle(evt('reaction', carol, sent, 'Ev-r5', now));
        await t.app.coach.handle(evt('reply', dan, sent, `Ev-p${day}`, now)); // a reply under a principle is not a discussion reply
      } else if (sent.kind === 'post' && sent.msg.text.includes('I am your customer') && !sent.options?.threadRef) {
        await t.app.coach.handle(evt('reply', bob, sent, 'Ev-d1', now));
        await t.app.coach.handle(evt('reply', bob, sent, 'Ev-d2', now));
        await t.app.coach.handle(evt('reply', carol, sent, 'Ev-d3', now));
        await t.app.coach.handle(evt('reply', carol, sent, 'Ev-d3', now)); // duplicate delivery
      }
    }
  }
  expect(principles).toHaveLength(5);
  await promise(carol, 'ACME-5 in 2h callback'); // Sunday 23:00 London: still open when the week ends
  const outcomes = (await dbAll(t.app.db, `SELECT who, status, renegotiated FROM promises ORDER BY id`));
  expect(outcomes).toEqual([
    { who: 'ACME-1', status: 'kept', renegotiated: 0 },
    { who: 'ACME-2', status: 'late', renegotiated: 0 },
    { who: 'ACME-3', status: 'missed', renegotiated: 0 },
    { who: 'ACME-4', status: 'missed', renegotiated: 1 },
    { who: 'ACME-5', status: 'open', renegotiated: 0 },
  ]);
  t.messenger.take();
}

const csvText = (sent: Sent) => new TextDecoder().decode(sent.file!.bytes);

describe.each(DIALECTS)('weekly stats for managers (%s)', (dialect) => {
  const tempDir = useTempDir();

  async function weekPlayed(): Promise<TestApp> {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-16T06:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'managers add <@U_BOB>', t.clock.now()));
    await t.app.coach.handle(command(carol, supportChannel, 'coach', 'me', t.clock.now())); // the coach learns Carol's name
    t.messenger.take();
    await playWeek(t);
    return t;
  }

  it('/coach stats last week gives the exact team totals and per-person rows, privately, with the chart', async () => {
    const t = await weekPlayed();
    t.clock.set('2026-11-23T08:00:00Z'); // Monday of the next week
    const [answer] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'stats last week', t.clock.now()));
    expect(answer!.visibility).toBe('private');
    const lines = answer!.text.split('\n');
    expect(lines[0]).toBe('📊 Team stats — week 2026-W47');
    expect(lines[1]).toBe('Mon 16 Nov – Sun 22 Nov 2026 (Europe/London) · all channels');
    expect(lines).toContain('People taking part: 3');
    expect(lines).toContain('Acknowledged: 9 (↑ from a 4-week average of 0)');
    expect(lines).toContain('Discussion replies: 3 (↑ from a 4-week average of 0)');
    expect(lines).toContain('Promises made: 5 (↑ from a 4-week average of 0)');
    expect(lines).toContain('Kept on time: 25%');
    expect(lines).toContain('Missed: 2');
    expect(lines.slice(lines.indexOf('Per person:') + 1, lines.indexOf('Per person:') + 4)).toEqual([
      '<@U_ALICE|Alice> — 5 acknowledged · 0 replies · 0 promises made · — on time · 0 missed',
      '<@U_BOB|Bob> — 3 acknowledged · 2 replies · 2 promises made · 50% on time · 0 missed',
      '<@U_CAROL|Carol, Jr.> — 1 acknowledged · 1 reply · 3 promises made · 0% on time · 2 missed',
    ]);
    expect(answer!.text).not.toContain('U_DAN');
    // Named for what it is: an acknowledgement, never "read" (bots cannot know who read a message).
    expect(lines.filter((l) => /^\w[\w ]*: /.test(l)).map((l) => l.split(':')[0])).toEqual(['People taking part', 'Acknowledged', 'Discussion replies', 'Promises made', 'Kept on time', 'Missed']);
    expect(textOf(answer!)).toContain('“Acknowledged” counts “Got it” presses and reactions on my posts.');
    expect(t.messenger.sent).toHaveLength(0); // the chart follows the answer, as a job due now
    await t.app.scheduler.tick();
    const [chart] = t.messenger.take().filter((s) => s.kind === 'upload' && 'userId' in s.to && s.to.userId === alice.userId);
    expect(chart).toMatchObject({ kind: 'upload', to: alice, file: { mimeType: 'image/png', filename: 'team-stats-2026-W47.png' } });
    expect(chart!.file!.altText).toContain('2026-W47: 9 acknowledged, 3 replies');
    await t.app.stop();
  });

  it('the trend compares with the previous four weeks', async () => {
    const t = await weekPlayed();
    // The next week: only Alice acknowledges, twice.
    t.messenger.take();
    let acks = 0;
    while (t.clock.now().getTime() < Date.parse('2026-11-25T12:00:00Z')) {
      t.clock.advanceMinutes(60);
      await t.app.scheduler.tick();
      for (const sent of t.messenger.take()) {
        if (sent.kind === 'post' && ackButton(sent.msg)) {
          await t.app.coach.handle(ack(alice, sent, t.clock.now()));
          acks++;
        }
      }
    }
    expect(acks).toBe(3);
    const [answer] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'stats this week', t.clock.now()));
    // Previous four weeks: 0, 0, 0, 9 → average 2.25; 3 is 33% above it.
    expect(answer!.text).toContain('Acknowledged: 3 (↑ 33% vs the 4-week average of 2.3)');
    expect(answer!.text).toContain('Discussion replies: 0 (↓ 100% vs the 4-week average of 0.8)');
    await t.app.stop();
  });

  it('/coach stats … csv sends one row per person per week, correctly quoted', async () => {
    const t = await weekPlayed();
    t.clock.set('2026-11-23T08:00:00Z');
    const [answer] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'stats 2026-W47 <#C_SUPPORT> csv', t.clock.now()));
    expect(answer!.text).toContain('#support');
    await t.app.scheduler.tick();
    const [upload] = t.messenger.take().filter((s) => s.kind === 'upload');
    expect(upload).toMatchObject({ kind: 'upload', to: alice, file: { mimeType: 'text/csv', filename: 'team-stats-2026-W47.csv' } });
    expect(csvText(upload!)).toBe(
      [
        'week,week_start,user_id,name,acknowledged,got_it_presses,reactions,discussion_replies,promises_made,kept,late,missed,renegotiated,open,on_time_rate',
        '2026-W47,2026-11-16,U_ALICE,Alice,5,5,0,0,0,0,0,0,0,0,',
        '2026-W47,2026-11-16,U_BOB,Bob,3,2,1,2,2,1,1,0,0,0,0.50',
        '2026-W47,2026-11-16,U_CAROL,"Carol, Jr.",1,0,1,1,3,0,0,2,1,1,0.00',
        '',
      ].join('\r\n'),
    );
    await t.app.stop();
  });

  it('each manager gets the digest by DM on Monday 09:00 in their own timezone: last week and the chart', async () => {
    const t = await weekPlayed();
    const sent: Sent[] = [];
    const times: string[] = [];
    while (t.clock.now().getTime() < Date.parse('2026-11-24T00:00:00Z')) {
      t.clock.advanceMinutes(30);
      await t.app.scheduler.tick();
      for (const s of t.messenger.take()) {
        // (Promise reminders and escalations go by DM too; the digest is the one titled 📬.)
        if (s.kind === 'upload' || (s.kind === 'dm' && s.msg.text.startsWith('📬'))) {
          sent.push(s);
          times.push(`${(s.to as Actor).userId} ${s.kind} ${t.clock.now().toISOString()}`);
        }
      }
    }
    // Alice is in London (09:00 GMT), Bob in New York (09:00 EST = 14:00 UTC).
    expect(times).toEqual([
      'U_ALICE dm 2026-11-23T09:00:00.000Z',
      'U_ALICE upload 2026-11-23T09:00:00.000Z',
      'U_BOB dm 2026-11-23T14:00:00.000Z',
      'U_BOB upload 2026-11-23T14:00:00.000Z',
    ]);
    const digest = sent[0]!.msg;
    expect(digest.text.split('\n')[0]).toBe('📬 Your weekly team digest — week 2026-W47');
    expect(digest.text).toContain('People taking part: 3');
    expect(digest.text).toContain('Acknowledged: 9');
    expect(digest.text).toContain('Discussion replies: 3');
    expect(digest.text).toContain('Kept on time: 25%');
    expect(digest.text).toContain('<@U_BOB|Bob> — 3 acknowledged · 2 replies · 2 promises made · 50% on time · 0 missed');
    expect(sent[1]!.file!.mimeType).toBe('image/png');
    // And again next Monday, not before.
    t.clock.set('2026-11-30T08:59:00Z');
    await t.app.scheduler.tick();
    const digests = () => t.messenger.take().filter((s) => s.kind === 'dm' && s.msg.text.startsWith('📬'));
    expect(digests()).toHaveLength(0);
    t.clock.set('2026-11-30T09:00:00Z');
    await t.app.scheduler.tick();
    expect(digests().map((s) => (s.to as Actor).userId)).toEqual(['U_ALICE']);
    await t.app.stop();
  });

  it('agents see only their own numbers; asking for team stats tells them who can', async () => {
    const t = await weekPlayed();
    t.clock.set('2026-11-23T08:00:00Z');
    const [refused] = await t.app.coach.handle(command(carol, supportChannel, 'coach', 'stats last week', t.clock.now()));
    expect(refused!.text).toContain('Team stats are for managers. Ask <@U_ALICE|Alice> or <@U_BOB|Bob>.');
    expect(refused!.text).toContain('/coach me');
    expect(t.messenger.take()).toHaveLength(0); // no chart, no CSV

    const [mine] = await t.app.coach.handle(command(carol, supportChannel, 'coach', 'me', t.clock.now()));
    expect(mine!.visibility).toBe('private');
    expect(textOf(mine!)).toContain('Last week');
    expect(mine!.text).toContain('Last week (Mon 16 Nov – Sun 22 Nov 2026)\n1 acknowledged · 1 discussion reply · 3 promises made · 0% kept on time · 2 missed');
    expect(mine!.text).not.toMatch(/U_ALICE|U_BOB|Alice|Bob/);
    await t.app.stop();
  });
});
