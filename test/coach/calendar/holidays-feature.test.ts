// `/coach holidays` and `/coach closed` through the coach, with the scheduler driven by a hand-moved
// clock: posts and discussions skip the days off, the skipped principle comes on the next working
// day, the settings say what is skipped, and each change is in the audit log.
import { describe, expect, it } from 'vitest';
import type { Outbound } from '../../../src/ports.ts';
import { alice, command, startTestApp, supportChannel } from '../../helpers/test-app.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { dbAll } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const buttons = (msg: Outbound) => msg.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
const quoteOf = (msg: Outbound) => (msg.blocks.find((b) => b.type === 'quote') as { text: string } | undefined)?.text;

describe.each(DIALECTS)('holidays and closed days (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('skips Scottish holidays and the team’s closed day, and the next working day gets the skipped principle', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-12-21T08:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } }); // Mon 21 Dec
    const say = async (text: string) => t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now()));
    await say('subscribe 09:00 Europe/London weekdays');

    const [set] = await say('holidays gb-sct');
    expect(set!.text).toBe(
      "Done ✅ This channel now skips the public holidays of United Kingdom (Scotland). Next days skipped: Fri 25 Dec (Christmas Day), Mon 28 Dec (Boxing Day (substitute day)), Fri 1 Jan (New Year's Day). Next post: Mon 21 Dec, 09:00 GMT — in 1 h.",
    );
    const [closed] = await say('closed 2026-12-24');
    expect(closed!.text).toBe(
      'Done ✅ 24 Dec 2026 is a closed day here: no daily post or discussion then. Next days skipped: Thu 24 Dec (closed), Fri 25 Dec (Christmas Day), Mon 28 Dec (Boxing Day (substitute day)). Next post: Mon 21 Dec, 09:00 GMT — in 1 h.',
    );
    const [settings] = await say('settings');
    expect(settings!.text).toBe(
      [
        'Daily principle: Weekdays at 09:00 (Europe/London)',
        'Next post: Mon 21 Dec, 09:00 GMT — in 1 h',
        'Holidays: United Kingdom (Scotland) public holidays are skipped',
        'Next days skipped: Thu 24 Dec (closed), Fri 25 Dec (Christmas Day), Mon 28 Dec (Boxing Day (substitute day))',
      ].join('\n'),
    );

    const posts: { day: string; quote: string | undefined }[] = [];
    const discussions: string[] = [];
    let shownOnChristmas: Outbound[] = [];
    for (let hour = 0; hour < 24 * 16; hour++) {
      t.clock.advanceMinutes(60);
      await t.app.scheduler.tick();
      if (t.clock.now().toISOString() === '2026-12-25T12:00:00.000Z') shownOnChristmas = await say('today');
      for (const sent of t.messenger.take()) {
        const day = t.clock.now().toISOString().slice(0, 10);
        if (buttons(sent.msg).some((b) => b.actionId === 'principle.ack')) posts.push({ day, quote: quoteOf(sent.msg) });
        else if (sent.msg.text.includes('I am your customer') && !sent.options?.threadRef) discussions.push(day);
      }
    }
    // Not on the closed day, Christmas, the moved Boxing Day, 1 January or 2 January's Monday stand-in.
    expect(posts.map((p) => p.day)).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-05']);
    expect(new Set(posts.map((p) => p.quote)).size).toBe(7);
    // On Christmas Day, /coach today says why there is no post and shows the one the next post brings.
    expect(shownOnChristmas[0]!.text).toBe('No daily post here today: today is Christmas Day. This is the principle the next one brings, Tue 29 Dec, 09:00 GMT — in 3 d 21 h.');
    expect(quoteOf(shownOnChristmas[1]!)).toBe(posts[3]!.quote);
    // Nothing was taken from the rotation on the days off: the posts are its first seven, in order.
    const [rotation] = await dbAll(t.app.db, "SELECT deck_order, position FROM rotations WHERE address_key = 'C_SUPPORT'");
    expect(Number(rotation!.position)).toBe(7);
    const order = JSON.parse(String(rotation!.deck_order)) as string[];
    const postedIds = (await dbAll(t.app.db, "SELECT item_id FROM posts WHERE kind = 'principle' ORDER BY local_date")).map((r) => r.item_id);
    expect(postedIds).toEqual(order.slice(0, 7));
    // The weekly discussion (Tuesdays 10:00) ran on the 22nd and 29th and 5th: no Tuesday was off.
    expect(discussions).toEqual(['2026-12-22', '2026-12-29', '2027-01-05']);

    const [audit] = await say('audit 30');
    expect(audit!.text).toContain('<@U_ALICE> added closed days in <#C_SUPPORT>: — → closed 24 Dec 2026');
    expect(audit!.text).toContain('<@U_ALICE> changed the public holidays skipped in <#C_SUPPORT>: off → United Kingdom (Scotland)');
    await t.app.stop();
  });

  it('a closed Tuesday moves the weekly discussion to the next week; removing the day and `/coach holidays off` bring the days back', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-12-21T08:00:00Z' });
    const say = async (text: string) => (await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now())))[0]!.text;
    await say('subscribe 09:00 Europe/London weekdays');
    expect(await say('closed 2026-12-22 2026-12-23')).toBe(
      'Done ✅ 22 Dec 2026 – 23 Dec 2026 are closed days here: no daily post or discussion then. Next days skipped: Tue 22 Dec (closed), Wed 23 Dec (closed). Next post: Mon 21 Dec, 09:00 GMT — in 1 h.',
    );
    expect(await say('discussion')).toBe('Weekly discussion: Tuesdays at 10:00 (Europe/London). Next one: Tue 29 Dec, 10:00 GMT — in 8 d 2 h.');
    expect(await say('closed')).toBe('Closed days here: Tue 22 Dec, Wed 23 Dec. Remove one with `/coach closed remove 2026-12-24`.');
    expect(await say('closed remove 2026-12-22')).toBe('Done ✅ 22 Dec 2026 is a working day again. Next days skipped: Wed 23 Dec (closed). Next post: Mon 21 Dec, 09:00 GMT — in 1 h.');
    expect(await say('discussion')).toBe('Weekly discussion: Tuesdays at 10:00 (Europe/London). Next one: Tue 22 Dec, 10:00 GMT — in 1 d 2 h.');
    expect(await say('holidays XX')).toBe("I don't know the holiday region “XX”. Use a country code like US, IN or DE, with a state or region if it matters, like GB-SCT or DE-BY. For example: /coach holidays GB-SCT");
    expect(await say('closed 2026-12-32')).toBe('“2026-12-32” is not a date I understand: use YYYY-MM-DD. For example: /coach closed 2026-12-24 2026-12-31');
    expect(await say('holidays US')).toContain('Done ✅ This channel now skips the public holidays of United States of America.');
    expect(await say('holidays off')).toBe('Done ✅ This channel no longer skips public holidays. Next days skipped: Wed 23 Dec (closed). Next post: Mon 21 Dec, 09:00 GMT — in 1 h.');
    await t.app.stop();
  });
});
