import { afterEach, describe, expect, it } from 'vitest';
import type { Inbound } from '../../../src/ports.ts';
import { dbGet } from '../../helpers/sql.ts';
import { findPost } from '../../../src/store/posts-repo.ts';
import { scheduleJob } from '../../../src/store/jobs-repo.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import {
  BOT,
  CHANNEL_ID,
  OTHER_TENANT,
  TENANT,
  botAddedToChannel,
  cardOf,
  cardSubmit,
  channelMessage,
  dana,
  lee,
  personalMessage,
  reaction,
  startTeamsHarness,
  visibleText,
  type TeamsHarness,
} from './teams-harness.ts';

const MONDAY_8AM_LONDON = '2026-11-23T08:00:00Z';

describe('Teams adapter (real CloudAdapter, fake connector on loopback)', () => {
  const tempDir = useTempDir();
  const open: TeamsHarness[] = [];
  const harness = async (env?: Record<string, string>) => {
    const h = await startTeamsHarness({ dir: tempDir(), start: MONDAY_8AM_LONDON, env });
    open.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  /** A test job that DMs a person, as a promise reminder does. */
  const scheduleReminder = async (h: TeamsHarness, userId: string, name: string, inMinutes: number) => {
    const dueAt = new Date(h.t.clock.now().getTime() + inMinutes * 60_000);
    return await scheduleJob(
      h.t.app.db,
      { kind: 'test.remind', platform: 'teams', workspaceId: TENANT, subject: `user:${userId}`, dueAt, payload: { userId, name } },
      h.t.clock.now(),
    ) as number;
  };
  const registerReminderJob = (h: TeamsHarness) =>
    h.t.app.scheduler.register('test.remind', async (job) => {
      const { userId, name } = job.payload as { userId: string; name: string };
      await h.t.app.sender.dm(
        { platform: 'teams', workspaceId: job.workspaceId, userId, name },
        { text: 'Reminder: call back ACME-4411 at 15:00.', blocks: [{ type: 'text', text: '*Reminder:* call back ACME-4411 at 15:00.' }], visibility: 'private' },
      );
      return { status: 'done' };
    });
  const jobStatus = async (h: TeamsHarness, id: number) =>
    (await dbGet(h.t.app.db, 'SELECT status, due_at FROM jobs WHERE id = ?', id)) as { status: string; due_at: number };

  it('answers `coach help` in a personal chat with an Adaptive Card reply and a text fallback', async () => {
    const h = await harness();
    const incoming = personalMessage(h.connector, dana, 'coach help');
    expect(await h.send(incoming)).toBe(200);
    const [reply] = h.connector.deliveries();
    expect(reply?.op).toBe('reply');
    expect(reply?.conversationId).toBe(`a:personal-${dana.aadObjectId}`);
    expect(reply?.activityId).toBe(incoming.id);
    const card = cardOf(reply?.body);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(JSON.stringify(card.body)).toContain('Service Coach — help');
    expect(JSON.stringify(card.body)).toContain('**Daily principles**'); // *bold* became Teams Markdown
    expect(reply?.body.summary).toContain('I help customer-service teams keep their promises');
    expect(card.fallbackText).toContain('I help customer-service teams keep their promises');
  });

  it('accepts a leading slash and answers an unknown subcommand with a suggestion', async () => {
    const h = await harness();
    await h.send(personalMessage(h.connector, dana, '/coach todya'));
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('Did you mean');
  });

  it('strips the @mention in a channel and answers `coach today` with the principle card and its button', async () => {
    const h = await harness();
    const incoming = channelMessage(h.connector, dana, 'coach today');
    expect(incoming.text).toBe(`<at>${BOT.name}</at> coach today`);
    await h.send(incoming);
    const [reply] = h.connector.deliveries();
    expect(reply?.op).toBe('reply');
    expect(reply?.conversationId).toBe(CHANNEL_ID);
    const card = cardOf(reply?.body);
    expect(JSON.stringify(card.body)).toContain("Today's service principle");
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Submit', title: 'Got it 👍', data: { actionId: 'principle.ack', value: expect.stringMatching(/^2026-11-23\|/) } }),
    ]);
  });

  it('stays quiet about channel chatter that does not mention it', async () => {
    const h = await harness();
    await h.send(channelMessage(h.connector, dana, 'thanks everyone, great week', { mentionBot: false }));
    // The coach hears every channel message (resource-specific consent), but only answers @mentions.
    await h.send(channelMessage(h.connector, dana, 'coach today was hard, the queue was long', { mentionBot: false }));
    expect(h.connector.deliveries()).toHaveLength(0);
  });

  it('answers invokes it has no handler for with 501 and ignores typing and other events, still remembering the chat', async () => {
    const h = await harness();
    const { text: _text, ...message } = personalMessage(h.connector, dana, '');
    expect(await h.send({ ...message, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x' } } })).toBe(501);
    expect(await h.send({ ...message, type: 'invoke', name: 'task/fetch', value: {} })).toBe(501);
    expect(await h.send({ ...message, type: 'typing' })).toBe(200);
    expect(await h.send({ ...message, type: 'event', name: 'application/vnd.microsoft.meetingStart' })).toBe(200);
    expect(h.connector.calls).toHaveLength(0);
    expect(await h.t.app.addressBook.load('teams', TENANT, 'user', dana.aadObjectId)).toMatchObject({ teamsId: dana.id, name: dana.name });
  });

  it('subscribes a channel, shows settings, posts proactively at 09:00, and updates the card in place on "Got it"', async () => {
    const h = await harness();
    await h.send(channelMessage(h.connector, dana, 'coach subscribe 09:00 Europe/London weekdays'));
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain("You're subscribed");
    await h.send(channelMessage(h.connector, dana, 'coach settings'));
    const settings = cardOf(h.connector.deliveries()[1]?.body);
    expect(settings.body).toContainEqual(expect.objectContaining({ type: 'FactSet', facts: expect.arrayContaining([{ title: 'Daily principle', value: 'Weekdays at 09:00 (Europe/London)' }]) }));
    h.connector.clear();

    h.t.clock.set('2026-11-23T08:59:00Z');
    await h.t.app.scheduler.tick();
    expect(h.connector.deliveries()).toHaveLength(0);
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    const [post] = h.connector.deliveries();
    // A new post in the channel itself (no ;messageid=), not in the thread of the subscribe command.
    // (The SDK sends proactive messages as replies to its synthetic continuation id; Teams threads by conversation id.)
    expect(post?.conversationId).toBe(CHANNEL_ID);
    expect(JSON.stringify(cardOf(post?.body))).toContain('Be the first to acknowledge it.');
    expect((await findPost(h.t.app.db, 'teams', TENANT, `${CHANNEL_ID}:${post?.createdId}`))?.kind).toBe('principle');

    h.connector.clear();
    const ackData = cardOf(post?.body).actions[0].data;
    await h.send(cardSubmit(h.connector, lee, post!.createdId!, ackData, { conversationId: `${CHANNEL_ID};messageid=${post!.createdId}` }));
    const [update, thanks] = h.connector.deliveries();
    expect(update?.op).toBe('update');
    expect(update?.activityId).toBe(post?.createdId);
    expect(update?.conversationId).toBe(`${CHANNEL_ID};messageid=${post?.createdId}`);
    expect(JSON.stringify(cardOf(update?.body))).toContain('1 person has acknowledged it.');
    // The private "thanks" goes to Lee's personal chat, not into the channel thread.
    const personalChat = h.connector.calls.find((c) => c.op === 'createConversation');
    expect(personalChat?.body.members).toEqual([{ id: lee.id, name: '' }]);
    expect(thanks?.conversationId).toBe(personalChat?.createdId);
    expect(visibleText(thanks?.body)).toContain('Noted, thanks!');

    h.connector.clear();
    await h.send(cardSubmit(h.connector, lee, post!.createdId!, ackData, { conversationId: `${CHANNEL_ID};messageid=${post!.createdId}` }));
    expect(h.connector.deliveries().map((c) => c.conversationId)).toEqual([personalChat?.createdId]);
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('already acknowledged');
  });

  it('an unknown card action gets a friendly answer', async () => {
    const h = await harness();
    await h.send(cardSubmit(h.connector, dana, '1000000000099', { actionId: 'nothing.here' }, { conversationId: `a:personal-${dana.aadObjectId}`, personal: true }));
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('That button no longer does anything');
  });

  it('says hello once when added to a team', async () => {
    const h = await harness();
    await h.send(botAddedToChannel(h.connector, dana));
    await h.send(botAddedToChannel(h.connector, dana));
    const sent = h.connector.deliveries();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.conversationId).toBe(CHANNEL_ID);
    expect(visibleText(sent[0]?.body)).toContain("Hi, I'm Service Coach");
  });

  it('uses the timezone Teams sends with the activity', async () => {
    const h = await harness();
    await h.send(personalMessage(h.connector, dana, 'coach subscribe 08:30'));
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('(America/New_York)');
  });

  it('keeps tenants apart: the same channel id in another tenant is a different channel', async () => {
    const h = await harness();
    await h.send(channelMessage(h.connector, dana, 'coach subscribe 09:00 Europe/London weekdays'));
    h.connector.clear();
    await h.send(channelMessage(h.connector, { ...lee, tenant: OTHER_TENANT }, 'coach settings'));
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('isn’t subscribed');
  });

  it('delivers a reminder when its job falls due, creating the 1:1 chat the first time', async () => {
    const h = await harness();
    registerReminderJob(h);
    // Lee has only been seen in a channel: there is no personal chat yet.
    await h.send(channelMessage(h.connector, lee, 'coach today'));
    h.connector.clear();
    const job = await scheduleReminder(h, lee.aadObjectId, lee.name, 30);
    await h.t.app.scheduler.tick();
    expect(h.connector.calls).toHaveLength(0);

    h.t.clock.advanceMinutes(30);
    await h.t.app.scheduler.tick();
    const [create, send] = h.connector.calls;
    expect(create?.op).toBe('createConversation');
    expect(create?.body).toMatchObject({ isGroup: false, members: [{ id: lee.id }], tenantId: TENANT, channelData: { tenant: { id: TENANT } } });
    expect(send?.conversationId).toBe(create?.createdId);
    expect(visibleText(send?.body)).toContain('**Reminder:** call back ACME-4411');
    expect((await jobStatus(h, job)).status).toBe('done');

    // The next reminder goes straight to the saved personal chat.
    h.connector.clear();
    await scheduleReminder(h, lee.aadObjectId, lee.name, 10);
    h.t.clock.advanceMinutes(10);
    await h.t.app.scheduler.tick();
    expect(h.connector.calls.map((c) => c.conversationId)).toEqual([create?.createdId]);
  });

  it('sends a reminder into an existing personal chat without creating a new one', async () => {
    const h = await harness();
    registerReminderJob(h);
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    h.connector.clear();
    await scheduleReminder(h, dana.aadObjectId, dana.name, 5);
    h.t.clock.advanceMinutes(5);
    await h.t.app.scheduler.tick();
    expect(h.connector.calls.map((c) => c.conversationId)).toEqual([`a:personal-${dana.aadObjectId}`]);
  });

  it('a 403 roster error marks the person unreachable, stops retrying, and tells the lead once', async () => {
    const h = await harness({ COACH_MANAGERS: dana.aadObjectId });
    registerReminderJob(h);
    await h.send(personalMessage(h.connector, dana, 'coach help')); // the lead has a personal chat
    await h.send(channelMessage(h.connector, lee, 'coach today'));
    h.connector.forbidUser(lee.id);
    h.connector.clear();

    const first = await scheduleReminder(h, lee.aadObjectId, lee.name, 1);
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    expect((await jobStatus(h, first)).status).toBe('failed');
    const toLead = h.connector.deliveries();
    expect(toLead).toHaveLength(1);
    expect(toLead[0]?.conversationId).toBe(`a:personal-${dana.aadObjectId}`);
    expect(visibleText(toLead[0]?.body)).toContain("I can't reach Lee Park in Teams: the app isn't installed for them");

    // Later reminders fail at once, without calling Teams or telling the lead again.
    h.connector.clear();
    const second = await scheduleReminder(h, lee.aadObjectId, lee.name, 1);
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    expect((await jobStatus(h, second)).status).toBe('failed');
    expect(h.connector.calls).toHaveLength(0);

    // Lee installs the app and writes to the coach: reachable again.
    await h.send(personalMessage(h.connector, lee, 'coach help'));
    h.connector.clear();
    await scheduleReminder(h, lee.aadObjectId, lee.name, 1);
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    expect(h.connector.deliveries().map((c) => c.conversationId)).toEqual([`a:personal-${lee.aadObjectId}`]);
  });

  it('a person who removed the app and writes again from the same personal chat gets reminders again', async () => {
    const h = await harness();
    registerReminderJob(h);
    const personal = `a:personal-${dana.aadObjectId}`;
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    h.connector.forbidConversation(personal);
    const refused = await scheduleReminder(h, dana.aadObjectId, dana.name, 1);
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    expect((await jobStatus(h, refused)).status).toBe('failed');

    // Reinstalled: the same chat, the same person, nothing in the turn differs from before.
    h.connector.allowConversation(personal);
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    h.connector.clear();
    const delivered = await scheduleReminder(h, dana.aadObjectId, dana.name, 1);
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    expect((await jobStatus(h, delivered)).status).toBe('done');
    expect(h.connector.deliveries().map((c) => c.conversationId)).toEqual([personal]);
  });

  it('a 403 on a channel post marks the channel and tells the lead', async () => {
    const h = await harness({ COACH_MANAGERS: dana.aadObjectId });
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    await h.send(channelMessage(h.connector, dana, 'coach subscribe 09:00 Europe/London weekdays'));
    h.connector.forbidConversation(CHANNEL_ID);
    h.connector.clear();
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain(
      "I can't post in Support Desk in Teams any more: the app was removed from that team. I've paused its daily posts; add Service Coach back to the team to restart them.",
    );
    // Paused: the next day's post is not even attempted, and nobody is told twice.
    h.connector.clear();
    h.t.clock.set('2026-11-24T09:00:00Z');
    await h.t.app.scheduler.tick();
    expect(h.connector.calls).toHaveLength(0);

    // The app is added back to the team: the schedule resumes and the channel hears so.
    h.connector.allowConversation(CHANNEL_ID);
    h.t.clock.set('2026-11-24T12:00:00Z');
    await h.send(botAddedToChannel(h.connector, dana));
    expect(h.connector.deliveries().map((c) => visibleText(c.body)).join('\n')).toContain(
      'Thanks for having me back! Daily principles are on again here, weekdays at 09:00 (Europe/London). Next one: Wed 25 Nov, 09:00 GMT — in 21 h.',
    );
    h.connector.clear();
    h.t.clock.set('2026-11-25T09:00:00Z');
    await h.t.app.scheduler.tick();
    expect(h.connector.deliveries().map((c) => c.conversationId)).toEqual([CHANNEL_ID]);
  });

  it('waits out a 429 on a reply and delivers it', async () => {
    const h = await harness();
    h.connector.rateLimitNext(1, 0);
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    expect(h.connector.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('Service Coach — help');
  });

  it('a proactive send still throttled after the SDK retries is handed back to the scheduler with Retry-After', async () => {
    const h = await harness();
    registerReminderJob(h);
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    h.connector.clear();
    // The SDK's pipeline retries three times after Retry-After; the fourth answer says "30 s".
    h.connector.rateLimitNext(3, 0);
    h.connector.rateLimitNext(1, 30);
    const job = await scheduleReminder(h, dana.aadObjectId, dana.name, 1);
    h.t.clock.advanceMinutes(1);
    await h.t.app.scheduler.tick();
    expect(h.connector.calls.map((c) => c.status)).toEqual([429, 429, 429, 429]);
    const waiting = await jobStatus(h, job);
    expect(waiting.status).toBe('pending');
    expect(waiting.due_at).toBe(h.t.clock.now().getTime() + 30_000);

    h.t.clock.advance(30_000);
    await h.t.app.scheduler.tick();
    expect((await jobStatus(h, job)).status).toBe('done');
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain('Reminder:');
  });

  it('passes reactions on its posts and replies in its threads to the coach with the post ref', async () => {
    const h = await harness();
    const seen: Inbound[] = [];
    const handle = h.t.app.coach.handle.bind(h.t.app.coach);
    h.t.app.coach.handle = async (inbound) => {
      seen.push(inbound);
      return handle(inbound);
    };
    await h.send(channelMessage(h.connector, dana, 'coach subscribe 09:00 Europe/London weekdays'));
    h.connector.clear();
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    const post = h.connector.deliveries()[0]!;
    const ref = `${CHANNEL_ID}:${post.createdId}`;
    expect(await findPost(h.t.app.db, 'teams', TENANT, ref)).toBeDefined();

    seen.splice(0);
    await h.send(reaction(h.connector, lee, post.createdId!));
    await h.send(channelMessage(h.connector, lee, 'We tried this on the ACME call, worked well', { mentionBot: false, threadRoot: post.createdId! }));
    expect(seen.map((i) => [i.kind, 'targetRef' in i ? i.targetRef : undefined, i.from.userId, i.from.workspaceId])).toEqual([
      ['reaction', ref, lee.aadObjectId, TENANT],
      ['reply', ref, lee.aadObjectId, TENANT],
    ]);
  });

  it('sends a chart as an inline image and a CSV as copyable text', async () => {
    const h = await harness();
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    h.connector.clear();
    const actor = { platform: 'teams' as const, workspaceId: TENANT, userId: dana.aadObjectId };
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await h.t.app.messenger.upload(actor, { filename: 'week.png', mimeType: 'image/png', bytes: png, title: 'This week' }, 'Your team this week');
    await h.t.app.messenger.upload(actor, { filename: 'week.csv', mimeType: 'text/csv', bytes: new TextEncoder().encode('name,acks\nDana,3\n'), title: 'This week (CSV)' });
    const [image, csv] = h.connector.deliveries();
    expect(image?.body.attachments[0]).toMatchObject({ contentType: 'image/png', contentUrl: `data:image/png;base64,${Buffer.from(png).toString('base64')}` });
    expect(image?.body.text).toBe('Your team this week');
    expect(JSON.stringify(cardOf(csv?.body))).toContain('name,acks\\nDana,3');
  });
});

describe('Teams adapter with an app id', () => {
  const tempDir = useTempDir();

  it('refuses a request without a Bot Framework token (401) and sends nothing', async () => {
    const h = await startTeamsHarness({
      dir: tempDir(),
      start: MONDAY_8AM_LONDON,
      env: { MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' },
    });
    try {
      expect(await h.send(personalMessage(h.connector, dana, 'coach help'))).toBe(401);
      expect(h.connector.calls).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
