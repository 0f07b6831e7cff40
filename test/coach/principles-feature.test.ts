import { describe, expect, it } from 'vitest';
import { alice, bob, command, startTestApp, supportChannel, textOf } from '../helpers/test-app.ts';
import { DIALECTS } from '../helpers/test-store.ts';
import { dbGet } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import type { Outbound } from '../../src/ports.ts';

const buttons = (msg: Outbound) => msg.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
/** Daily principle posts only (a subscribed channel also gets its weekly discussion thread). */
const principlePosts = <T extends { msg: Outbound }>(sent: T[]): T[] => sent.filter((s) => buttons(s.msg).some((b) => b.actionId === 'principle.ack'));

describe.each(DIALECTS)('daily principles (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('/coach today gives the same principle all day and a new one tomorrow', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const ask = async () => (await t.app.coach.handle(command(alice, supportChannel, 'coach', 'today', t.clock.now())))[0] as Outbound;
    const morning = await ask();
    t.clock.advanceMinutes(8 * 60);
    const evening = await ask();
    t.clock.advanceMinutes(8 * 60); // past midnight in London
    const tomorrow = await ask();
    expect(morning.visibility).toBe('private');
    expect(textOf(evening)).toBe(textOf(morning));
    expect(textOf(tomorrow)).not.toBe(textOf(morning));
    expect(buttons(morning)[0]?.actionId).toBe('principle.ack');
    await t.app.stop();
  });

  it('a principle post has the text, the author, how to use it today and an acknowledge button', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const [post] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'today', t.clock.now()));
    const quote = post!.blocks.find((b) => b.type === 'quote');
    expect(quote && quote.type === 'quote' && quote.text.length).toBeGreaterThan(10);
    expect(post!.text).toMatch(/Try it today: .{10,}/);
    expect(buttons(post!)).toHaveLength(1);
    await t.app.stop();
  });

  it('subscribes a channel, posts at 09:00 local on weekdays, and never repeats until the deck is used up', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z' }); // Monday
    const [answer] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 America/New_York weekdays', t.clock.now()));
    expect(answer!.text).toContain('Next one: Mon 23 Nov, 09:00 EST');
    const posted: string[] = [];
    // Four weeks of minutes-by-hour ticks: every post lands at 14:00 UTC (09:00 EST) on a weekday.
    for (let hour = 0; hour < 24 * 7 * 4; hour++) {
      t.clock.advanceMinutes(60);
      await t.app.scheduler.tick();
      for (const sent of principlePosts(t.messenger.take())) {
        expect(sent.kind).toBe('post');
        expect(t.clock.now().getUTCHours()).toBe(14);
        expect([1, 2, 3, 4, 5]).toContain(new Date(t.clock.now()).getUTCDay());
        posted.push((sent.msg.blocks.find((b) => b.type === 'quote') as { text: string }).text);
      }
    }
    expect(posted).toHaveLength(20);
    expect(new Set(posted).size).toBe(20);
    await t.app.stop();
  });

  it('keeps the schedule and rotation across a restart', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z' });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London daily', t.clock.now()));
    const posted: string[] = [];
    for (let hour = 0; hour < 30 * 24; hour++) {
      t.clock.advanceMinutes(60);
      await t.app.scheduler.tick();
      posted.push(...principlePosts(t.messenger.take()).map((s) => s.msg.text));
      if (hour % 100 === 50) t = await t.restart();
    }
    expect(posted).toHaveLength(30);
    expect(new Set(posted).size).toBe(30);
    await t.app.stop();
  });

  it('after downtime, skips a post that would be more than 3 hours late instead of posting at night', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z' });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    await t.app.stop(); // the coach is down over 09:00…
    t.clock.set('2026-11-23T22:30:00Z'); // …and comes back at 22:30
    t = await startTestApp({ dialect, dir: tempDir(), start: '', dbFile: t.dbFile, clock: t.clock });
    await t.app.scheduler.tick();
    expect(t.messenger.take()).toHaveLength(0);
    t.clock.set('2026-11-24T09:00:00Z');
    await t.app.scheduler.tick();
    expect(t.messenger.take()).toHaveLength(1); // Tuesday's post still comes
    await t.app.stop();
  });

  it('a post that is a little late after a restart still goes out, once', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z' });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London', t.clock.now()));
    t.clock.set('2026-11-23T10:30:00Z');
    await t.app.scheduler.tick();
    await t.app.scheduler.tick();
    expect(t.messenger.take()).toHaveLength(1);
    await t.app.stop();
  });

  it('acknowledging counts each person once and updates the post with the tally', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const [post] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'today', t.clock.now()));
    const ack = buttons(post!)[0]!;
    const press = (who = alice) =>
      t.app.coach.handle({ kind: 'action', from: who, address: supportChannel, actionId: ack.actionId, value: ack.value, at: t.clock.now() });
    const first = await press();
    expect(first[0]!.replaceOriginal).toBe(true);
    expect(first[0]!.text + JSON.stringify(first[0]!.blocks)).toContain('1 person has acknowledged');
    const again = await press();
    expect(again).toHaveLength(1);
    expect(again[0]!.text).toMatch(/already acknowledged/);
    const byBob = await press(bob);
    expect(JSON.stringify(byBob[0]!.blocks)).toContain('2 people have acknowledged');
    await t.app.stop();
  });

  it('unsubscribe stops the posts; settings show the schedule and next post time', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z' });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 08:30 daily', t.clock.now()));
    const [settings] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'settings', t.clock.now()));
    expect(settings!.text).toContain('Every day at 08:30 (Europe/London)');
    expect(settings!.text).toContain('Next post: Mon 23 Nov, 08:30 GMT — in 2 h 30 min');
    const [off] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'unsubscribe', t.clock.now()));
    expect(off!.text).toMatch(/off for this channel/);
    t.clock.advanceMinutes(3 * 24 * 60);
    await t.app.scheduler.tick();
    expect(t.messenger.take()).toHaveLength(0);
    await t.app.stop();
  });

  it.each([
    ['subscribe 25:00', /not a time I understand/],
    ['subscribe 09:00 Mars/Olympus', /not a timezone I know/],
    ['subscribe sometimes', /didn't understand “sometimes”/],
    ['todya', /Did you mean `\/coach today`/],
    ['launch rockets', /I don't know `\/coach launch`/],
  ])('explains bad input in one line with an example: /coach %s', async (text, expected) => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const answers = await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now()));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.visibility).toBe('private');
    expect(answers[0]!.text).toMatch(expected);
    expect(answers[0]!.text).toMatch(/For example: \/coach/);
    expect((await dbGet(t.app.db, 'SELECT COUNT(*) AS n FROM channels WHERE subscribed = 1'))).toEqual({ n: 0 });
    await t.app.stop();
  });

  it('help names the principle commands, and their page gives each one with an example', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const [help] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'help', t.clock.now()));
    expect(help!.text).toContain('Daily principles: /coach today, /coach subscribe, /coach unsubscribe, /coach settings. More: /coach help principles');
    const [page] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'help principles', t.clock.now()));
    expect(page!.text).toContain("/coach settings — This channel's schedule and when the next post comes. Example: /coach settings");
    expect(page!.text.match(/Example:/g)!.length).toBe(4);
    await t.app.stop();
  });
});

describe.each(DIALECTS)('attribution (%s)', (_dialect) => {
  it('credits the author with their role and the source work, as the seed names them', async () => {
    const { attributionOf } = await import('../../src/coach/principle-message.ts');
    const { loadContent } = await import('../../src/content/load-content.ts');
    const deck = loadContent({ dir: 'content' }).principles;
    const carlzon = deck.find((p) => p.author === 'Jan Carlzon')!;
    expect(attributionOf(carlzon)).toMatch(/^Jan Carlzon, CEO, Scandinavian Airlines/);
    const tweet = deck.find((p) => p.kind === 'tweet')!;
    expect(attributionOf(tweet)).toBeUndefined();
  });
});

describe.each(DIALECTS)('re-subscribing (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('subscribe, unsubscribe and subscribe again at the same time still posts', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T06:00:00Z' });
    for (const text of ['subscribe 09:00 Europe/London', 'unsubscribe', 'subscribe 09:00 Europe/London']) {
      await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now()));
    }
    t.clock.set('2026-11-23T09:00:00Z');
    await t.app.scheduler.tick();
    expect(t.messenger.take().filter((s) => s.kind === 'post' && s.msg.text.startsWith("Today's service principle"))).toHaveLength(1);
    await t.app.stop();
  });
});
