// Out of office and handover through the real Bolt receiver: `/coach away` offers the promise with
// a users_select ("Hand #1 to…"), the pick asks the colleague by DM with Accept / Decline, and an
// out-of-office Slack status is a hint the person is asked about once, privately.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { ALICE, BOB, buttonPress, slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
type Element = { type: string; action_id: string; value?: string; text?: { text: string }; placeholder?: { text: string } };
type SlackBlock = { type: string; block_id?: string; elements?: Element[] };
const elementsIn = (params: Record<string, unknown>) => ((params.blocks as SlackBlock[]) ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id })) : []));
const dms = (h: SlackHarness) => h.api.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D'));

describe('out of office in Slack', () => {
  it('away offers a users_select per promise; picking Bob asks him by DM; his Accept moves it and tells Alice', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T09:00:00Z');
    await h.command('/coach', 'me', { user: BOB.id, userName: BOB.name, responseId: 'bob-me' });
    await h.command('/promise-callback', 'ACME-1 Wednesday 11am', { responseId: 'make' });
    // The answer can come after the ack (via response_url): wait for "saved", as a person would,
    // before going away, or the away offer may read the promises before this one is stored.
    await h.api.waitForAnswers(2);
    await h.command('/coach', 'away until Thursday', { responseId: 'away' });
    await h.api.waitForAnswers(3);
    const offer = h.api.answers().find((c) => c.responseId === 'away')!.params;
    expect(offer.response_type).toBe('ephemeral');
    expect(slackText(offer)).toContain("🌴 Got it: you're away until the end of Thu 26 Nov.");
    const picker = elementsIn(offer).find((e) => e.type === 'users_select')!;
    expect(picker).toMatchObject({ action_id: 'promise.handover.pick', block_id: 'pick:1', placeholder: { text: 'Hand #1 to…' } });
    expect(elementsIn(offer).filter((e) => e.type === 'button').map((e) => e.text?.text)).toEqual(['Reschedule to Fri 27 Nov, 09:00 GMT', 'Keep it']);

    const pick = buttonPress({ api: h.api, actionId: 'promise.handover.pick', ephemeral: true, responseId: 'pick' });
    pick.actions = [{ action_id: 'promise.handover.pick', block_id: 'pick:1', type: 'users_select', selected_user: BOB.id, action_ts: '1700000001.000001' }];
    await h.press(pick);
    await h.api.waitForAnswers(4);
    expect(slackText(h.api.answers().find((c) => c.responseId === 'pick')!.params)).toContain("I've asked <@U_BOB> to take promise #1 to *ACME-1*. It stays yours until they accept; I'll tell you their answer.");
    await h.api.waitFor('chat.postMessage', 1);
    const question = dms(h)[0]!.params;
    expect(slackText(question)).toContain('🤝 <@U_ALICE> would like to hand you callback promise #1 to *ACME-1*, due Wed 25 Nov, 11:00 GMT — in 2 d 2 h.');
    const accept = elementsIn(question).find((e) => e.text?.text === 'Accept')!;

    await h.press(buttonPress({ api: h.api, actionId: accept.action_id, value: accept.value, user: { id: BOB.id, name: BOB.name }, channel: String(question.channel), responseId: 'accept' }));
    await h.api.waitFor('chat.postMessage', 2);
    expect(slackText(dms(h)[1]!.params)).toContain("👍 <@U_BOB> accepted promise #1 to *ACME-1*. It's theirs now, still due Wed 25 Nov, 11:00 GMT; no more reminders come to you for it.");
    // Bob's heads-up, on Alice's due time.
    h.t.clock.set('2026-11-25T10:45:00Z');
    await h.t.app.scheduler.tick();
    await h.api.waitFor('chat.postMessage', 3);
    expect(slackText(dms(h)[2]!.params)).toContain('⏰ Heads-up: your callback to *ACME-1* is due in 15 min (Wed 25 Nov, 11:00 GMT).');
  });

  // Asked once per status: see test/coach/availability (the adapter acks events before the coach is done).
  it('a "Vacationing" status is asked about by DM, with a Yes button until the status ends', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T09:00:00Z');
    const status = { type: 'user_status_changed', user: { id: ALICE.id, team_id: 'T1', real_name: 'Alice', tz: 'Europe/London', profile: { status_text: 'Vacationing', status_emoji: ':palm_tree:', status_expiration: Date.parse('2026-11-27T23:59:59Z') / 1000 } } };
    expect((await h.event(status)).status).toBe(200);
    await h.api.waitFor('chat.postMessage', 1);
    const asked = dms(h);
    expect(asked).toHaveLength(1);
    expect(slackText(asked[0]!.params)).toContain("I see your status says “Vacationing”. Shall I treat you as away until Fri 27 Nov? No reminders would come to you, and I'd offer your promises due meanwhile for handover.");
    expect(elementsIn(asked[0]!.params).map((e) => e.text?.text)).toEqual(['Yes, away until Fri 27 Nov', "No, I'm working"]);
  });
});
