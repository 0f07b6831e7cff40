// Slack addresses that refuse the coach for good, through the real Bolt adapter and the fake Web
// API: each error code is reported once, in plain words, to whoever subscribed the channel or to
// a manager, and a channel that can no longer take posts has its schedule paused, not failed daily.

import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER_ID } from '../../helpers/fake-slack-api.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { BOB, SUPPORT, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The texts of the messages that reached a conversation (failed attempts left out). */
const postedTo = (h: SlackHarness, channel: string) => h.api.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).map((c) => String(c.params.text));
const attemptsTo = (h: SlackHarness, channel: string) => h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel).length;

async function subscribeSupport(h: SlackHarness): Promise<void> {
  await h.command('/coach', 'subscribe 09:00 Europe/London weekdays', { responseId: 'subscribe' });
  await h.api.waitForAnswers();
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const start = async (env: Record<string, string> = {}) => (h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z', env, dialect));

  describe('Slack: a channel the coach can no longer post in', () => {
    it.each([
      ['is_archived', "I can't post in #support in Slack any more: it was archived. I've paused its daily posts; `/coach subscribe` in a channel restarts them."],
      ['not_in_channel', "I can't post in #support in Slack any more: I was removed from it. I've paused its daily posts; invite me back and they start again."],
      ['channel_not_found', "I can't find #support in Slack any more: it was deleted, or it's private and I'm not in it. I've paused its daily posts; `/coach subscribe` in a channel restarts them."],
    ])('%s: tells the person who subscribed it, once, and pauses its daily posts', async (code, words) => {
      const h = await start();
      await subscribeSupport(h);
      h.api.refuse(SUPPORT.id, code);
      h.t.clock.set('2026-11-23T09:00:00Z');
      await h.t.app.scheduler.tick();
      expect(attemptsTo(h, SUPPORT.id)).toBe(1);
      expect(postedTo(h, 'D_U_ALICE')).toEqual([words]);

      // The next days: nothing attempted, nobody told again, the discussion is not opened either.
      for (const day of ['2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z', '2026-11-25T09:00:00Z']) {
        h.t.clock.set(day);
        await h.t.app.scheduler.tick();
      }
      expect(attemptsTo(h, SUPPORT.id)).toBe(1);
      expect(postedTo(h, 'D_U_ALICE')).toHaveLength(1);

      // `/coach settings` says it is off; subscribing again restarts the posts.
      await h.command('/coach', 'settings', { responseId: 'settings' });
      await h.api.waitForAnswers(2);
      expect(String(h.api.answers()[1]!.params.text)).toContain('This channel isn’t subscribed to daily principles yet.');
    });

    it('not_in_channel: invited back, the coach resumes the schedule and says so; a later removal is reported again', async () => {
      const h = await start();
      await subscribeSupport(h);
      h.api.refuse(SUPPORT.id, 'not_in_channel');
      h.t.clock.set('2026-11-23T09:00:00Z');
      await h.t.app.scheduler.tick();
      expect(postedTo(h, 'D_U_ALICE')).toHaveLength(1);

      h.api.allow(SUPPORT.id);
      h.t.clock.set('2026-11-23T12:00:00Z');
      await h.event({ type: 'member_joined_channel', user: FAKE_BOT_USER_ID, channel: SUPPORT.id, inviter: BOB.id });
      await h.api.waitFor('chat.postMessage', 3);
      expect(postedTo(h, SUPPORT.id)).toContain('Thanks for having me back! Daily principles are on again here, weekdays at 09:00 (Europe/London). Next one: Tue 24 Nov, 09:00 GMT — in 21 h.');

      h.t.clock.set('2026-11-24T09:00:00Z');
      await h.t.app.scheduler.tick();
      // The daily post's own opening words (which principle comes is the deck's business).
      expect(postedTo(h, SUPPORT.id).at(-1)).toMatch(/^Today's service principle: “/);

      // Removed again a week on: the address worked in between, so this is news and is reported.
      h.api.refuse(SUPPORT.id, 'not_in_channel');
      h.t.clock.set('2026-11-25T09:00:00Z');
      await h.t.app.scheduler.tick();
      expect(postedTo(h, 'D_U_BOB')).toEqual(["I can't post in #support in Slack any more: I was removed from it. I've paused its daily posts; invite me back and they start again."]);
    });

    it('a channel nobody subscribed by name is reported to the managers', async () => {
      const h = await start({ COACH_MANAGERS: BOB.id });
      await subscribeSupport(h);
      // Alice has left since she subscribed it: her DM is refused too, so Bob (a manager) hears.
      h.api.refuse('D_U_ALICE', 'account_inactive');
      h.api.refuse(SUPPORT.id, 'is_archived');
      h.t.clock.set('2026-11-23T09:00:00Z');
      await h.t.app.scheduler.tick();
      expect(postedTo(h, 'D_U_BOB')).toEqual(["I can't post in #support in Slack any more: it was archived. I've paused its daily posts; `/coach subscribe` in a channel restarts them."]);
    });
  });

  describe('Slack: a person the coach can no longer reach', () => {
    it.each([
      ['account_inactive', "I can't reach Alice in Slack: their account was deactivated, so their reminders aren't getting through. If they've left the team, someone else should take over their open callbacks."],
      ['user_not_found', "I can't reach Alice in Slack: their account no longer exists, so their reminders aren't getting through. If they've left the team, someone else should take over their open callbacks."],
    ])('%s: the managers hear once, however many reminders fail', async (code, words) => {
      const h = await start({ COACH_MANAGERS: BOB.id });
      await h.command('/promise-callback', 'ACME-4411 in 2h refund status', { responseId: 'make' });
      await h.api.waitForAnswers();
      h.api.refuse('D_U_ALICE', code);
      for (const minutes of [105, 120, 150, 240]) {
        h.t.clock.set(new Date(Date.parse('2026-11-23T08:00:00Z') + minutes * 60_000).toISOString());
        await h.t.app.scheduler.tick();
      }
      expect(attemptsTo(h, 'D_U_ALICE')).toBeGreaterThan(1);
      // Bob hears about Alice once (the ladder's escalation to him is a message of its own).
      expect(postedTo(h, 'D_U_BOB').filter((text) => text.startsWith("I can't reach"))).toEqual([words]);
      expect(postedTo(h, 'D_U_ALICE')).toEqual([]);
    });
  });
});
