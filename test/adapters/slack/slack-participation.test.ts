// Participation and stats through Slack: reactions and thread replies recorded once despite
// Slack's retries, the stats file via files.uploadV2, and the Monday digest by DM.
import { afterEach, describe, expect, it } from 'vitest';
import { dbGet } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FAKE_BOT_USER_ID } from '../../helpers/fake-slack-api.ts';
import { ALICE, BOB, SUPPORT, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tsOfPost = async (h: SlackHarness, kind: string) => {
  const row = (await dbGet(h.t.app.db, `SELECT ref FROM posts WHERE kind = ? ORDER BY posted_at DESC LIMIT 1`, kind)) as { ref: string };
  return row.ref.split(':')[1]!;
};
const count = async (h: SlackHarness, kind: string) => ((await dbGet(h.t.app.db, `SELECT COUNT(*) AS n FROM participation WHERE kind = ?`, kind)) as { n: number }).n;

describe('Slack participation, stats files and the digest', () => {
  it('records a reaction and a discussion reply once each, even when Slack retries the events', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z'); // Monday
    await h.command('/coach', 'subscribe 09:00 Europe/London weekdays');
    await h.api.waitForAnswers();

    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    const principleTs = await tsOfPost(h, 'principle');
    const reaction = { type: 'reaction_added', user: BOB.id, reaction: 'thumbsup', item: { type: 'message', channel: SUPPORT.id, ts: principleTs }, item_user: FAKE_BOT_USER_ID };
    await h.event(reaction, { eventId: 'EvREACT1' });
    await h.event(reaction, { eventId: 'EvREACT1', retryNum: 1 });
    await h.event({ ...reaction, reaction: 'heart' }, { eventId: 'EvREACT2' }); // a second emoji: still one person
    expect(await count(h, 'reaction')).toBe(1);

    h.t.clock.set('2026-11-24T10:00:00Z'); // Tuesday: the weekly discussion opens
    await h.t.app.scheduler.tick();
    const discussionTs = await tsOfPost(h, 'discussion');
    const reply = { type: 'message', user: ALICE.id, text: 'We promised a callback and forgot.', channel: SUPPORT.id, ts: '1700000999.000001', thread_ts: discussionTs, channel_type: 'channel' };
    await h.event(reply, { eventId: 'EvREPLY1' });
    await h.event(reply, { eventId: 'EvREPLY1', retryNum: 2 });
    expect(await count(h, 'reply')).toBe(1);
  });

  it('uploads the stats CSV with files.uploadV2’s three calls, to the manager only', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z');
    await h.command('/coach', 'stats this week csv', { user: BOB.id, userName: BOB.name }); // Bob is a workspace admin
    await h.api.waitForAnswers();
    await h.t.app.scheduler.tick();
    await h.api.waitFor('files.completeUploadExternal');
    const steps = h.api.methods().filter((m) => /^files\.|^upload$/.test(m));
    expect(steps).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const upload = h.api.callsTo('upload')[0]!;
    expect(upload.bytes!.toString('utf8')).toMatch(/^week,/);
    expect(JSON.stringify(h.api.callsTo('files.completeUploadExternal')[0]!.params)).toMatch(/D_U_BOB/);
  });

  it('delivers the Monday digest to a manager by DM at 09:00 in their own zone, with the chart', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z');
    await h.command('/coach', 'me', { user: BOB.id, userName: BOB.name }); // the coach meets Bob (America/New_York)
    await h.api.waitForAnswers();
    await h.command('/promise-callback', 'ACME-4411 in 2h refund status'); // something to report on
    await h.api.waitForAnswers(2);
    const digestDm = () => h!.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'D_U_BOB' && String(c.params.text).includes('digest'));
    const uploads = () => h!.api.callsTo('files.completeUploadExternal').length;
    h.t.clock.set('2026-11-23T14:00:00Z'); // today 09:00 in New York: last week had nothing, so no digest
    await h.t.app.scheduler.tick();
    expect(digestDm()).toHaveLength(0);

    h.t.clock.set('2026-11-30T13:59:00Z'); // next Monday, 08:59 in New York
    await h.t.app.scheduler.tick();
    expect(digestDm()).toHaveLength(0);
    const uploadsBefore = uploads();
    h.t.clock.set('2026-11-30T14:00:00Z'); // 09:00 in New York: last week had a promise
    await h.t.app.scheduler.tick();
    await h.api.waitFor('files.completeUploadExternal', uploadsBefore + 1);
    expect(digestDm()).toHaveLength(1);
    expect(String(digestDm()[0]!.params.text)).toContain('2026-W48');
    expect(h.api.callsTo('upload').at(-1)!.bytes!.subarray(1, 4).toString()).toBe('PNG');
  });
});
