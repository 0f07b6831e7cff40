// The core reports undeliverable addresses, whatever the platform: once per address (remembered
// in the store, so once across replicas and restarts), to whoever subscribed the channel or to a
// manager, and a channel it can no longer post in has its schedule paused. On both dialects.

import { describe, expect, it } from 'vitest';
import { watchDeliveries } from '../../src/coach/delivery-watch.ts';
import { UndeliverableError } from '../../src/errors.ts';
import type { Actor, Address } from '../../src/ports.ts';
import { findChannel } from '../../src/store/channels-repo.ts';
import { DIALECTS } from '../helpers/test-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { alice, command, startTestApp, supportChannel, textOf } from '../helpers/test-app.ts';

const tenant = 'tenant-1';
const lee: Actor = { platform: 'teams', workspaceId: tenant, userId: 'aad-lee', name: 'Lee Park' };
const teamsChannel: Address = { platform: 'teams', workspaceId: tenant, key: '19:support@thread.tacv2', label: 'Support Desk' };
const reminder = { text: 'Reminder: call ACME-4411 back.', blocks: [], visibility: 'channel' as const };
const notInstalled = () => new UndeliverableError('The coach is not installed for this Teams user or team.', { reason: 'not_installed' });
const LEE_WORDS =
  "I can't reach Lee Park in Teams: the app isn't installed for them, so their reminders aren't getting through. Ask them to add Service Coach (Apps → Built for your org), or add it for them; I'll pick up again as soon as they do.";

describe.each(DIALECTS)('the core reports undeliverable addresses (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('DMs every manager except the unreachable person, once across two replicas and a restart; again after the address worked', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'aad-dana,aad-lee' } });
    t.messenger.refusing.set('aad-lee', notInstalled());
    // Two replicas: each its own watch (and cache), one store.
    const replicas = [watchDeliveries(t.app.messenger, t.app), watchDeliveries(t.app.messenger, t.app)];
    const results = await Promise.allSettled(replicas.flatMap((m) => [m.dm(lee, reminder), m.dm(lee, reminder)]));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof UndeliverableError)).toBe(true);
    const told = t.messenger.take();
    expect(told.map((s) => [s.kind, (s.to as Actor).userId, textOf(s.msg).split('\n').at(-1)])).toEqual([['dm', 'aad-dana', LEE_WORDS]]);

    t = await t.restart();
    t.messenger.refusing.set('aad-lee', notInstalled());
    await expect(watchDeliveries(t.app.messenger, t.app).dm(lee, reminder)).rejects.toBeInstanceOf(UndeliverableError);
    expect(t.messenger.take()).toEqual([]);

    // Lee installs the app: a reminder goes through, and a later refusal is news again.
    t.messenger.refusing.delete('aad-lee');
    const watch = watchDeliveries(t.app.messenger, t.app);
    await watch.dm(lee, reminder);
    t.messenger.take();
    t.messenger.refusing.set('aad-lee', notInstalled());
    await expect(watch.dm(lee, reminder)).rejects.toBeInstanceOf(UndeliverableError);
    expect(t.messenger.take().map((s) => (s.to as Actor).userId)).toEqual(['aad-dana']);
    await t.app.stop();
  });

  it('falls back to the lead channel when nobody else can be told, and never fails because a report failed', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_LEAD_CHANNEL: '19:leads@thread.tacv2' } });
    t.messenger.refusing.set(teamsChannel.key, notInstalled());
    const watch = watchDeliveries(t.app.messenger, t.app);
    await expect(watch.post(teamsChannel, reminder)).rejects.toBeInstanceOf(UndeliverableError);
    const [sent] = t.messenger.take();
    expect(sent?.kind).toBe('post');
    expect(sent?.to).toMatchObject({ platform: 'teams', workspaceId: tenant, key: '19:leads@thread.tacv2' });
    // The coach never had this channel subscribed: nothing to pause, so the words say nothing of it.
    expect(sent!.msg.text).toBe("I can't post in Support Desk in Teams any more: the app was removed from that team.");
    t.messenger.refusing.set('19:leads@thread.tacv2', new Error('connector down'));
    t.messenger.refusing.set('aad-lee', notInstalled());
    await expect(watch.dm(lee, reminder)).rejects.toBeInstanceOf(UndeliverableError);
    await t.app.stop();
  });

  it('pauses an archived channel: its subscriber hears once, nothing is planned or sent, across a restart; subscribing again restarts it', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T08:00:00Z' });
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    t.messenger.take();
    t.messenger.refusing.set(supportChannel.key, new UndeliverableError('Slack chat.postMessage: is_archived', { reason: 'archived' }));
    t.clock.set('2026-11-23T09:00:00Z');
    await t.app.scheduler.tick();
    const told = t.messenger.take();
    expect(told.map((s) => [s.kind, (s.to as Actor).userId])).toEqual([['dm', alice.userId]]);
    expect(told[0]!.msg.text).toBe("I can't post in #support in Slack any more: it was archived. I've paused its daily posts; `/coach subscribe` in a channel restarts them.");
    expect(await findChannel(t.app.db, supportChannel)).toMatchObject({ subscribed: false, pausedReason: 'archived' });

    t = await t.restart();
    t.messenger.refusing.set(supportChannel.key, new UndeliverableError('Slack chat.postMessage: is_archived', { reason: 'archived' }));
    for (const at of ['2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z', '2026-11-30T09:00:00Z', '2026-12-01T10:00:00Z']) {
      t.clock.set(at);
      await t.app.scheduler.tick();
    }
    expect(t.messenger.take()).toEqual([]);
    const live = await t.app.db.selectFrom('jobs').select('kind').where('status', '=', 'pending').where('subject', 'like', '%C_SUPPORT%').execute();
    expect(live).toEqual([]);

    // Unarchived and subscribed again: the posts come back.
    t.messenger.refusing.delete(supportChannel.key);
    await t.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', t.clock.now()));
    expect(await findChannel(t.app.db, supportChannel)).toMatchObject({ subscribed: true, pausedReason: null });
    t.clock.set('2026-12-02T09:00:00Z');
    await t.app.scheduler.tick();
    expect(t.messenger.take().filter((s) => s.kind === 'post').map((s) => (s.to as Address).key)).toEqual([supportChannel.key]);
    await t.app.stop();
  });
});
