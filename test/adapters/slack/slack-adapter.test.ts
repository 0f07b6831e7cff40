import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FAKE_BOT_USER_ID } from '../../helpers/fake-slack-api.ts';
import { scheduleJob } from '../../../src/store/jobs-repo.ts';
import { METHOD_SCOPES } from '../../../adapters/slack/slack-app-spec.ts';
import { findChannel } from '../../../src/store/channels-repo.ts';
import { ALICE, BOB, SUPPORT, buttonPress, slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  // Every Web API method the adapter really called has its scope declared (manifest.json is checked
  // against METHOD_SCOPES in slack-manifest.test.ts), so the manifest can never miss a scope.
  for (const call of h?.api.calls ?? []) {
    if (call.method !== 'response_url' && call.method !== 'ack' && call.method !== 'upload') expect(METHOD_SCOPES, `scope of ${call.method}`).toHaveProperty([call.method]);
  }
  await h?.close();
  h = undefined;
});
const start = async (at?: string) => (h = await startSlackHarness(tempDir(), at));
const buttonsIn = (params: Record<string, unknown>) =>
  ((params.blocks as { type: string; elements?: { action_id: string; value?: string }[] }[]) ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

describe('Slack slash commands', () => {
  it('acks /coach at once, before a slow users.info, then answers privately in Block Kit with a text fallback', async () => {
    const h = await start();
    const release = h.api.holdNext('users.info');
    const ack = await h.command('/coach', 'help');
    expect(ack).toEqual({ status: 200, body: '' }); // acked while users.info is still pending
    expect(h.api.answers()).toHaveLength(0);
    release();
    await h.api.waitForAnswers();
    const [answer] = h.api.answers();
    expect(answer!.params.response_type).toBe('ephemeral');
    expect(answer!.params.text).toContain('/coach subscribe');
    expect((answer!.params.blocks as { type: string }[])[0]).toMatchObject({ type: 'header' });
  });

  it('a person users.info cannot see is looked up once, not on every command (users.info is rate limited)', async () => {
    const h = await start();
    await h.command('/coach', 'help', { user: 'U_GHOST', userName: 'ghost', responseId: 'one' });
    await h.command('/coach', 'today', { user: 'U_GHOST', userName: 'ghost', responseId: 'two' });
    await h.command('/coach', 'settings', { user: 'U_GHOST', userName: 'ghost', responseId: 'three' });
    await h.api.waitForAnswers(3);
    expect(h.api.callsTo('users.info')).toHaveLength(1);
    expect(h.api.answers().map((a) => a.responseId).sort()).toEqual(['one', 'three', 'two']);
  });

  it('answers a person it already knows inside the ack itself: no response_url round trip', async () => {
    const h = await start();
    await h.command('/coach', 'help', { responseId: 'first' }); // users.info, then response_url
    await h.api.waitForAnswers();
    expect(h.api.callsTo('response_url')).toHaveLength(1);
    const second = await h.command('/coach', 'today', { responseId: 'second' });
    expect(second.status).toBe(200);
    const body = JSON.parse(second.body) as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    expect(slackText(body)).toContain("Today's service principle");
    expect(h.api.callsTo('response_url')).toHaveLength(1);
    expect(h.api.callsTo('users.info')).toHaveLength(1);
  });

  it('/coach today shows the principle with a Got it button; subscribe and settings answer with the schedule', async () => {
    const h = await start();
    await h.command('/coach', 'today', { responseId: 'today' });
    await h.command('/coach', 'subscribe 09:00 Europe/London weekdays', { responseId: 'subscribe' });
    await h.command('/coach', 'settings', { responseId: 'settings' });
    await h.api.waitForAnswers(3);
    const byId = (id: string) => h.api.answers().find((c) => c.responseId === id)!.params;
    expect(buttonsIn(byId('today'))[0]?.action_id).toBe('principle.ack');
    expect(slackText(byId('today'))).toContain("Today's service principle");
    expect(byId('subscribe').text).toContain('Next one: Mon 23 Nov, 09:00 GMT');
    expect(slackText(byId('settings'))).toContain('Weekdays at 09:00 (Europe/London)');
    // The actor's zone and name came from users.info: looked up once, then cached.
    expect(h.api.callsTo('users.info')).toHaveLength(1);
    expect(h.inbounds[0]).toMatchObject({ kind: 'command', command: 'coach', from: { workspaceId: 'T1', userId: ALICE.id, tz: 'Europe/London', isAdmin: false }, address: { key: SUPPORT.id, label: '#support' } });
  });

  it('routes /promise-callback (declared in the manifest) to the coach, and marks Slack admins as admins', async () => {
    const h = await start();
    await h.command('/promise-callback', 'ACME-1 by 3pm <@U_ALICE|alice> in <#C_SUPPORT|support>', { user: BOB.id, userName: BOB.name });
    await h.api.waitForAnswers();
    expect(h.inbounds[0]).toMatchObject({ kind: 'command', command: 'promise-callback', text: 'ACME-1 by 3pm <@U_ALICE> in <#C_SUPPORT>', from: { isAdmin: true, tz: 'America/New_York' } });
    expect(h.api.answers()[0]!.params.response_type).toBe('ephemeral');
  });

  it('refuses a forged or stale signature with 401 and stores nothing', async () => {
    const h = await start();
    const form = new URLSearchParams({ team_id: 'T1', channel_id: SUPPORT.id, channel_name: 'support', user_id: ALICE.id, command: '/coach', text: 'subscribe 09:00', response_url: h.api.responseUrl('x') }).toString();
    const forged = await h.send(form, 'application/x-www-form-urlencoded', {}, { secret: 'not-the-secret' });
    const stale = await h.send(form, 'application/x-www-form-urlencoded', {}, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    expect(h.inbounds).toHaveLength(0);
    expect(await findChannel(h.t.app.db, { platform: 'slack', workspaceId: 'T1', key: SUPPORT.id })).toBeUndefined();
    expect(h.api.answers()).toHaveLength(0);
  });

  it('keeps workspaces apart: a subscription in one team is invisible in another', async () => {
    const h = await start();
    await h.command('/coach', 'subscribe 09:00 Europe/London', { responseId: 'a' });
    await h.command('/coach', 'settings', { team: 'T2', responseId: 'b' });
    await h.api.waitForAnswers(2);
    expect(h.api.answers().find((c) => c.responseId === 'b')!.params.text).toContain('isn’t subscribed');
  });
});

describe('Slack buttons', () => {
  it('Got it on the daily channel post updates that message and thanks the presser privately', async () => {
    const h = await start('2026-11-23T08:00:00Z');
    await h.command('/coach', 'subscribe 09:00 Europe/London weekdays');
    await h.api.waitForAnswers();
    h.t.clock.set('2026-11-23T09:00:05Z');
    await h.t.app.scheduler.tick();
    const [post] = h.api.callsTo('chat.postMessage');
    expect(post!.params.channel).toBe(SUPPORT.id);
    const ack = buttonsIn(post!.params)[0]!;
    const ts = '1700000000.000001';
    const pressed = await h.press(buttonPress({ api: h.api, actionId: ack.action_id, value: ack.value, messageTs: ts }));
    expect(pressed.status).toBe(200);
    await h.api.waitFor('chat.postEphemeral');
    const [update] = h.api.callsTo('chat.update');
    expect(update!.params).toMatchObject({ channel: SUPPORT.id, ts });
    expect(slackText(update!.params)).toContain('1 person has acknowledged it');
    expect(h.api.callsTo('chat.postEphemeral')[0]!.params).toMatchObject({ channel: SUPPORT.id, user: ALICE.id });
    expect(h.inbounds.at(-1)).toMatchObject({ kind: 'action', actionId: 'principle.ack', messageRef: `${SUPPORT.id}:${ts}` });
  });

  it('a button on an ephemeral message replaces it through response_url', async () => {
    const h = await start();
    await h.command('/coach', 'today', { responseId: 'today' });
    await h.api.waitForAnswers();
    const ack = buttonsIn(h.api.answers()[0]!.params)[0]!;
    await h.press(buttonPress({ api: h.api, actionId: ack.action_id, value: ack.value, ephemeral: true, responseId: 'pressed' }));
    await h.api.waitFor('chat.postEphemeral');
    const replaced = h.api.answers().find((c) => c.responseId === 'pressed')!;
    expect(replaced.params.replace_original).toBe(true);
    expect(slackText(replaced.params)).toContain('1 person has acknowledged it');
    expect(h.api.callsTo('chat.update')).toHaveLength(0);
  });

  it('a button in a DM updates the DM message and answers in the DM', async () => {
    const h = await start();
    await h.command('/coach', 'today', { channel: 'D_ALICE', channelName: 'directmessage' });
    await h.api.waitForAnswers();
    const ack = buttonsIn(h.api.answers()[0]!.params)[0]!;
    await h.press(buttonPress({ api: h.api, actionId: ack.action_id, value: ack.value, channel: 'D_ALICE', messageTs: '1700000000.000009' }));
    await h.api.waitFor('chat.postMessage');
    expect(h.api.callsTo('chat.update')[0]!.params).toMatchObject({ channel: 'D_ALICE', ts: '1700000000.000009' });
    expect(h.api.callsTo('chat.postMessage')[0]!.params.channel).toBe('D_ALICE');
    expect(h.api.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('routes any action id to the coach (a stale button gets a friendly private line)', async () => {
    const h = await start();
    await h.press(buttonPress({ api: h.api, actionId: 'legacy.retired-button', value: '42' }));
    await h.api.waitFor('chat.postEphemeral');
    expect(h.inbounds[0]).toMatchObject({ kind: 'action', actionId: 'legacy.retired-button', value: '42' });
    expect(h.api.callsTo('chat.postEphemeral')[0]!.params.text).toMatch(/no longer does anything/);
  });

  it('waits out a 429 on chat.update and retries: the message is updated once', async () => {
    const h = await start();
    await h.command('/coach', 'today');
    await h.api.waitForAnswers();
    const ack = buttonsIn(h.api.answers()[0]!.params)[0]!;
    h.api.failNext(1, { status: 429, retryAfterSeconds: 0 }, 'chat.update');
    await h.press(buttonPress({ api: h.api, actionId: ack.action_id, value: ack.value }));
    await h.api.waitFor('chat.postEphemeral');
    expect(h.api.methods().filter((m) => m.startsWith('chat.update'))).toEqual(['chat.update!429', 'chat.update']);
  });
});

describe('Slack events', () => {
  it('says hello once when invited, with how to subscribe, and does not subscribe by itself', async () => {
    const h = await start();
    await h.event({ type: 'member_joined_channel', user: FAKE_BOT_USER_ID, channel: SUPPORT.id, channel_type: 'C', team: 'T1', inviter: ALICE.id });
    await h.api.waitFor('chat.postMessage');
    await h.event({ type: 'member_joined_channel', user: BOB.id, channel: SUPPORT.id, channel_type: 'C', team: 'T1' });
    await h.event({ type: 'member_joined_channel', user: FAKE_BOT_USER_ID, channel: SUPPORT.id, channel_type: 'C', team: 'T1' });
    await h.command('/coach', 'settings'); // a later request: the events above are done by now
    await h.api.waitForAnswers();
    const hellos = h.api.callsTo('chat.postMessage');
    expect(hellos).toHaveLength(1);
    expect(hellos[0]!.params.channel).toBe(SUPPORT.id);
    expect(slackText(hellos[0]!.params)).toContain('/coach subscribe');
    expect(h.api.answers()[0]!.params.text).toContain('isn’t subscribed');
  });

  it('turns reactions and thread replies on the coach’s posts into participation, counting a retried event once', async () => {
    const h = await start();
    const reaction = { type: 'reaction_added', user: BOB.id, reaction: 'thumbsup', item: { type: 'message', channel: SUPPORT.id, ts: '1700000000.000001' }, item_user: FAKE_BOT_USER_ID };
    expect((await h.event(reaction, { eventId: 'EvSAME' })).status).toBe(200);
    expect((await h.event(reaction, { eventId: 'EvSAME', retryNum: 1 })).status).toBe(200);
    await h.event({ ...reaction, type: 'reaction_removed' }, { eventId: 'EvREMOVED' });
    await h.event({ type: 'message', user: ALICE.id, text: 'we tried it', channel: SUPPORT.id, ts: '1700000000.000200', thread_ts: '1700000000.000001', channel_type: 'channel' }, { eventId: 'EvREPLY' });
    await h.event({ type: 'message', subtype: 'message_changed', channel: SUPPORT.id, ts: '1700000000.000201', channel_type: 'channel' }, { eventId: 'EvEDIT' });
    await h.command('/coach', 'help');
    await h.api.waitForAnswers();
    const events = h.inbounds.filter((i) => i.kind !== 'command');
    expect(events).toEqual([
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.objectContaining…) as any
      expect.objectContaining({ kind: 'reaction', targetRef: `${SUPPORT.id}:1700000000.000001`, eventId: 'EvSAME', from: expect.objectContaining({ userId: BOB.id, workspaceId: 'T1' }) }),
      expect.objectContaining({ kind: 'reaction_removed', eventId: 'EvREMOVED' }),
      expect.objectContaining({ kind: 'reply', targetRef: `${SUPPORT.id}:1700000000.000001`, eventId: 'EvREPLY' }),
    ]);
  });

  it('publishes the App Home tab with the person’s name and today’s principle', async () => {
    const h = await start();
    await h.event({ type: 'app_home_opened', user: ALICE.id, channel: 'D_ALICE', tab: 'home' });
    await h.api.waitFor('views.publish');
    const [publish] = h.api.callsTo('views.publish');
    expect(publish!.params.user_id).toBe(ALICE.id);
    const view = publish!.params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('Hi Alice');
    expect(JSON.stringify(view.blocks)).toContain("Today's service principle");
  });
});

describe('Slack messenger (the coach’s own sends)', () => {
  const scheduleDm = async (h: SlackHarness, dueAt: Date, key: string) => {
    await scheduleJob(h.t.app.db, { kind: 'test.reminder', platform: 'slack', workspaceId: 'T1', subject: 'user:slack:T1:U_ALICE', dueAt, idempotencyKey: key }, h.t.clock.now());
  };
  const registerReminder = (h: SlackHarness) =>
    h.t.app.scheduler.register('test.reminder', async () => {
      await h.t.app.messenger.dm({ platform: 'slack', workspaceId: 'T1', userId: ALICE.id }, { text: 'Reminder: call ACME back', blocks: [{ type: 'text', text: '*Reminder:* call ACME back' }], visibility: 'private' });
    });

  it('a reminder arrives by DM when its job falls due, reusing the DM channel', async () => {
    const h = await start('2026-11-23T08:00:00Z');
    registerReminder(h);
    await scheduleDm(h, new Date('2026-11-23T14:45:00Z'), 'r1');
    await scheduleDm(h, new Date('2026-11-23T15:00:00Z'), 'r2');
    await h.t.app.scheduler.tick();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    h.t.clock.set('2026-11-23T14:45:00Z');
    await h.t.app.scheduler.tick();
    h.t.clock.set('2026-11-23T15:00:00Z');
    await h.t.app.scheduler.tick();
    expect(h.api.callsTo('conversations.open')).toHaveLength(1);
    const dms = h.api.callsTo('chat.postMessage');
    expect(dms.map((d) => d.params.channel)).toEqual(['D_U_ALICE', 'D_U_ALICE']);
    expect(dms[0]!.params.text).toBe('Reminder: call ACME back');
  });

  it('a 429 on a scheduled post is retried after Retry-After: posted once, nothing lost', async () => {
    const h = await start('2026-11-23T08:00:00Z');
    await h.command('/coach', 'subscribe 09:00 Europe/London weekdays');
    await h.api.waitForAnswers();
    h.api.failNext(1, { status: 429, retryAfterSeconds: 30 }, 'chat.postMessage');
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    h.t.clock.advance(29_000);
    await h.t.app.scheduler.tick();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    h.t.clock.advance(1_000);
    await h.t.app.scheduler.tick();
    h.t.clock.advanceMinutes(60);
    await h.t.app.scheduler.tick();
    expect(h.api.methods().filter((m) => m.startsWith('chat.postMessage'))).toEqual(['chat.postMessage!429', 'chat.postMessage']);
  });

  it('a Slack outage (500) keeps the post for a later retry with backoff', async () => {
    const h = await start('2026-11-23T08:00:00Z');
    await h.command('/coach', 'subscribe 09:00 Europe/London weekdays');
    await h.api.waitForAnswers();
    h.api.failNext(2, { status: 500 }, 'chat.postMessage');
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    h.t.clock.advanceMinutes(5);
    await h.t.app.scheduler.tick();
    expect(h.api.methods().filter((m) => m.startsWith('chat.postMessage'))).toEqual(['chat.postMessage!500', 'chat.postMessage!500', 'chat.postMessage']);
  });

  it('a channel Slack says is gone is not retried', async () => {
    const h = await start('2026-11-23T08:00:00Z');
    await h.command('/coach', 'subscribe 09:00 Europe/London weekdays');
    await h.api.waitForAnswers();
    h.api.refuse(SUPPORT.id, 'channel_not_found');
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    h.t.clock.advanceMinutes(30);
    await h.t.app.scheduler.tick();
    const toSupport = h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === SUPPORT.id);
    expect(toSupport.map((c) => c.failed)).toEqual(['channel_not_found']);
  });

  it('uploads a file to a channel with Slack’s three-step upload', async () => {
    const h = await start();
    const bytes = new TextEncoder().encode('week,kept\n47,12\n');
    const { ref } = await h.adapter.messenger.upload({ platform: 'slack', workspaceId: 'T1', key: SUPPORT.id }, { filename: 'stats.csv', mimeType: 'text/csv', bytes, title: 'Week 47' }, 'Your weekly stats');
    expect(h.api.callsTo('files.getUploadURLExternal')[0]!.params).toMatchObject({ filename: 'stats.csv' });
    expect(h.api.callsTo('upload')[0]!.bytes!.toString()).toBe('week,kept\n47,12\n');
    expect(h.api.callsTo('files.completeUploadExternal')[0]!.params).toMatchObject({ channel_id: SUPPORT.id, initial_comment: 'Your weekly stats' });
    expect(ref).toBe(`${SUPPORT.id}:F1`);
  });
});
