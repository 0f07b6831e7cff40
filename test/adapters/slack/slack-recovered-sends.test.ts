// No duplicate after a crash on Slack: every job's message carries its idempotency key in Slack
// message metadata, and a send whose job was recovered (its earlier claim ended in a crash or an
// expired lease) looks for that key in the conversation first. Real Bolt/WebClient and the lean
// JSON caller against the fake Slack Web API on loopback.

import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_SCOPES } from '../../../adapters/slack/slack-app-spec.ts';
import { CodedError, RateLimitedError } from '../../../src/errors.ts';
import { runInJob } from '../../../src/job-context.ts';
import type { Actor, Address, Outbound } from '../../../src/ports.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { ALICE, SUPPORT, TEAM, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  for (const call of h?.api.calls ?? []) {
    if (call.method !== 'response_url' && call.method !== 'ack' && call.method !== 'upload') expect(METHOD_SCOPES, `scope of ${call.method}`).toHaveProperty([call.method]);
  }
  await h?.close();
  h = undefined;
});
const start = async () => (h = await startSlackHarness(tempDir()));

const support: Address = { platform: 'slack', workspaceId: TEAM, key: SUPPORT.id, label: '#support' };
const alice: Actor = { platform: 'slack', workspaceId: TEAM, userId: ALICE.id, name: 'Alice' };
const reminder: Outbound = { text: 'Reminder: call ACME-4411 back by 15:00 (refund status).', blocks: [], visibility: 'channel' };
const principle: Outbound = { text: 'Today’s principle: answer the question they asked.', blocks: [], visibility: 'channel' };
const recovered = <T>(run: () => Promise<T>) => runInJob({ id: 7, kind: 'promise.due', recovered: true }, run);
const fresh = <T>(run: () => Promise<T>) => runInJob({ id: 7, kind: 'promise.due', recovered: false }, run);
/** What people in a conversation see: the texts of the messages in it, oldest first. */
const seenIn = (api: SlackHarness['api'], channel: string) => api.messages.filter((m) => m.channel === channel).map((m) => m.text);

describe('Slack: no duplicate after a crash', () => {
  it('puts the job key in the metadata of every post and DM, and a first attempt posts without looking', async () => {
    const h = await start();
    await fresh(() => h.t.app.messenger.post(support, principle, { idempotencyKey: 'principle:slack:T1:C_SUPPORT:2026-11-23' }));
    await fresh(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' }));
    const posts = h.api.callsTo('chat.postMessage');
    expect(posts.map((p) => p.params.metadata)).toEqual([
      { event_type: 'service_coach_job', event_payload: { key: 'principle:slack:T1:C_SUPPORT:2026-11-23' } },
      { event_type: 'service_coach_job', event_payload: { key: 'promise.due:41:r0' } },
    ]);
    expect(h.api.callsTo('conversations.history')).toHaveLength(0);
    expect(h.api.deliveriesByKey()).toEqual(new Map([['principle:slack:T1:C_SUPPORT:2026-11-23', 1], ['promise.due:41:r0', 1]]));
  });

  it('a recovered reminder whose DM already went is not sent again: Alice sees it once', async () => {
    const h = await start();
    const first = await fresh(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' }));
    // The process died before the job's outcome was stored; another claim runs it again.
    const again = await recovered(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' }));
    expect(again.ref).toBe(first.ref);
    expect(seenIn(h.api, 'D_U_ALICE')).toEqual(['Reminder: call ACME-4411 back by 15:00 (refund status).']);
    expect(h.api.callsTo('conversations.history').map((c) => c.params)).toEqual([{ channel: 'D_U_ALICE', limit: 100, include_all_metadata: true }]);
    expect(h.api.duplicateKeys()).toEqual([]);
  });

  it('a recovered post that never went out is posted once, among other messages in the channel', async () => {
    const h = await start();
    h.api.seedMessage({ channel: SUPPORT.id, text: 'Morning all!' });
    h.api.seedMessage({ channel: SUPPORT.id, text: 'Yesterday’s principle', metadata: { event_type: 'service_coach_job', event_payload: { key: 'principle:slack:T1:C_SUPPORT:2026-11-22' } } });
    const { ref } = await recovered(() => h.t.app.messenger.post(support, principle, { idempotencyKey: 'principle:slack:T1:C_SUPPORT:2026-11-23' }));
    expect(seenIn(h.api, SUPPORT.id)).toEqual(['Morning all!', 'Yesterday’s principle', 'Today’s principle: answer the question they asked.']);
    expect(ref).toBe(`${SUPPORT.id}:${h.api.messages.at(-1)!.ts}`);
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a recovered wrap-up already in the discussion thread is found with conversations.replies', async () => {
    const h = await start();
    const opened = await fresh(() => h.t.app.messenger.post(support, { ...principle, text: 'Discussion: “I am your customer…”' }, { idempotencyKey: 'discussion:k' }));
    const wrap: Outbound = { text: 'Thanks, 4 of you took part this week.', blocks: [], visibility: 'channel' };
    await fresh(() => h.t.app.messenger.post(support, wrap, { threadRef: opened.ref, idempotencyKey: 'discussion.wrapup:k' }));
    await recovered(() => h.t.app.messenger.post(support, wrap, { threadRef: opened.ref, idempotencyKey: 'discussion.wrapup:k' }));
    expect(seenIn(h.api, SUPPORT.id)).toEqual(['Discussion: “I am your customer…”', 'Thanks, 4 of you took part this week.']);
    expect(h.api.callsTo('conversations.replies')).toHaveLength(1);
    expect(h.api.callsTo('conversations.history')).toHaveLength(0);
  });

  it('when the history cannot be read (429, 500), nothing is posted blind: the job is retried later', async () => {
    const h = await start();
    await fresh(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' }));
    h.api.failNext(1, { status: 429, retryAfterSeconds: 3 }, 'conversations.history');
    const limited = await recovered(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' })).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(3000);
    h.api.failNext(1, { status: 500 }, 'conversations.history');
    const failed = await recovered(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' })).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CodedError);
    expect((failed as CodedError).code).toBe('DELIVERY_FAILED');
    // The retry that can read the history finds the reminder: still one in Alice's DMs.
    await recovered(() => h.t.app.messenger.dm(alice, reminder, { idempotencyKey: 'promise.due:41:r0' }));
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(seenIn(h.api, 'D_U_ALICE')).toEqual(['Reminder: call ACME-4411 back by 15:00 (refund status).']);
  });

  it('a send without a key never looks, recovered or not', async () => {
    const h = await start();
    await recovered(() => h.t.app.messenger.post(support, principle));
    await recovered(() => h.t.app.messenger.post(support, principle));
    expect(h.api.callsTo('conversations.history')).toHaveLength(0);
    expect(h.api.callsTo('chat.postMessage').map((c) => c.params.metadata)).toEqual([undefined, undefined]);
  });
});
