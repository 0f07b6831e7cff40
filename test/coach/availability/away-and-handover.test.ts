// Out of office and handover, with a hand-moved clock: a promise due during leave with each
// answer (hand it over, reschedule, keep it, and still-theirs-at-due → the lead), escalation when
// the lead is off, and a week's stats with two away days.
import { describe, expect, it } from 'vitest';
import type { Actor, Block, Inbound, Outbound, PersonPicker } from '../../../src/ports.ts';
import { promiseEvents } from '../../../src/store/promise-events-repo.ts';
import { dbAll } from '../../helpers/sql.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { alice, bob, command, startTestApp, supportChannel, textOf, type TestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { Sent } from '../../helpers/recording-messenger.ts';

// Monday 23 Nov 2026, 09:00 in London (GMT = UTC).
const START = '2026-11-23T09:00:00Z';
const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', name: 'Lee', tz: 'Europe/London' };
const lead2: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD2', name: 'Kim', tz: 'Europe/London' };

async function say(t: TestApp, from: Actor, name: string, text: string): Promise<Outbound[]> {
  return t.app.coach.handle(command(from, supportChannel, name, text, t.clock.now()));
}
async function press(t: TestApp, from: Actor, actionId: string, value: string): Promise<Outbound[]> {
  const action: Inbound = { kind: 'action', from, address: supportChannel, actionId, value, at: t.clock.now() };
  return t.app.coach.handle(action);
}
const first = (answers: Outbound[]): Outbound => answers[0] as Outbound;
const pickers = (msg: Outbound): PersonPicker[] => msg.blocks.filter((b: Block): b is PersonPicker => b.type === 'person_picker');
const buttons = (msg: Outbound) => msg.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
const to = (s: Sent) => ('userId' in s.to ? s.to.userId : `#${s.to.key}`);

/** Set the clock to each time and run what is due; what was sent, as "HH:MM to: first line". */
async function at(t: TestApp, ...times: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const time of times) {
    t.clock.set(time);
    await t.app.scheduler.tick();
    for (const s of t.messenger.take()) out.push(`${time.slice(5, 16)} ${to(s)}: ${s.msg.text.split('\n')[0]}`);
  }
  return out;
}

/** Alice's promise due Wed 25 Nov 11:00, Bob seen by the coach, Alice away until the end of Thursday. */
async function aliceGoesAway(t: TestApp): Promise<{ id: number; offer: Outbound }> {
  await say(t, bob, 'coach', 'me');
  const confirmation = first(await say(t, alice, 'promise-callback', 'ACME-1 Wednesday 11am refund status'));
  const id = Number(/promise #(\d+) saved/.exec(confirmation.text)?.[1]);
  const offer = first(await say(t, alice, 'coach', 'away until Thursday'));
  return { id, offer };
}

// The ladder around Wed 25 Nov 11:00: heads-up, due, nudge, escalation, and the next day's close.
const LADDER = ['2026-11-25T10:45:00Z', '2026-11-25T11:00:00Z', '2026-11-25T11:15:00Z', '2026-11-25T12:00:00Z', '2026-11-26T11:00:00Z'];

describe.each(DIALECTS)('out of office and handover (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('setting away offers each promise due meanwhile: hand it to a colleague, who accepts and gets its reminders', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const { id, offer } = await aliceGoesAway(t);
    expect(offer.text).toContain("🌴 Got it: you're away until the end of Thu 26 Nov. No reminders will come to you while you're away; /coach back ends it early.");
    expect(textOf(offer)).toContain("*This promise falls due while you're away.* Hand each to a colleague, move it to when you're back, or keep it.");
    expect(textOf(offer)).toContain(`*#${id}* ACME-1 — due Wed 25 Nov, 11:00 GMT — in 2 d 2 h · refund status`);
    const [picker] = pickers(offer);
    expect(picker?.label).toBe(`Hand #${id} to…`);
    expect(picker?.people).toEqual([{ userId: 'U_BOB', name: 'Bob' }]);
    expect(buttons(offer).map((b) => b.label)).toEqual(['Reschedule to Fri 27 Nov, 09:00 GMT', 'Keep it']);

    const asked = first(await press(t, alice, picker!.actionId, `${id}|U_BOB`));
    expect(asked.text).toBe(`I've asked <@U_BOB|Bob> to take promise #${id} to ACME-1. It stays yours until they accept; I'll tell you their answer.`);
    const [question] = t.messenger.take();
    expect(to(question!)).toBe('U_BOB');
    expect(question!.msg.text).toBe(`🤝 <@U_ALICE|Alice> would like to hand you callback promise #${id} to ACME-1, due Wed 25 Nov, 11:00 GMT — in 2 d 2 h.`);
    expect(buttons(question!.msg).map((b) => b.label)).toEqual(['Accept', 'Decline']);

    // Only Bob can answer it.
    expect(first(await press(t, alice, 'promise.handover.accept', buttons(question!.msg)[0]!.value!)).text).toBe('This offer is for <@U_BOB|Bob>; only they can answer it.');
    const accepted = first(await press(t, bob, 'promise.handover.accept', buttons(question!.msg)[0]!.value!));
    expect(accepted.text).toBe(`✅ Promise #${id} to ACME-1 is yours now, due Wed 25 Nov, 11:00 GMT — in 2 d 2 h. I'll remind you as usual.`);
    expect(t.messenger.take().map((s) => `${to(s)}: ${s.msg.text}`)).toEqual([
      `U_ALICE: 👍 <@U_BOB|Bob> accepted promise #${id} to ACME-1. It's theirs now, still due Wed 25 Nov, 11:00 GMT; no more reminders come to you for it.`,
    ]);

    // Same due time, Bob's ladder; Alice hears nothing.
    const sent = await at(t, ...LADDER.slice(0, 2));
    expect(sent).toEqual([
      '11-25T10:45 U_BOB: ⏰ Heads-up: your callback to ACME-1 is due in 15 min (Wed 25 Nov, 11:00 GMT).',
      '11-25T11:00 U_BOB: 📞 Time to call back ACME-1 — you promised Wed 25 Nov, 11:00 GMT.',
    ]);
    const handed = (await promiseEvents(t.app.db, id)).find((e) => e.kind === 'handed_over');
    expect(handed?.detail).toEqual({ from: 'U_ALICE', to: 'U_BOB' });
    await t.app.stop();
  });

  it('a declined handover tells the giver, and the promise stays theirs', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const { id } = await aliceGoesAway(t);
    await say(t, alice, 'promise-callback', `handover ${id} <@U_BOB> call before noon please`);
    const [question] = t.messenger.take();
    expect(textOf(question!.msg)).toContain('Note from <@U_ALICE|Alice>: call before noon please');
    const declined = first(await press(t, bob, 'promise.handover.decline', buttons(question!.msg)[1]!.value!));
    expect(declined.text).toBe(`OK — I've told <@U_ALICE|Alice> you can't take promise #${id}. It stays with them.`);
    const [told] = t.messenger.take();
    expect(to(told!)).toBe('U_ALICE');
    expect(told!.msg.text).toBe(`<@U_BOB|Bob> can't take promise #${id} to ACME-1. It is still yours, due Wed 25 Nov, 11:00 GMT.`);
    expect(pickers(told!.msg)[0]?.label).toBe(`Hand #${id} to…`);
    await t.app.stop();
  });

  it('"Reschedule" moves it to the first work day back; nothing comes while away', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const { id, offer } = await aliceGoesAway(t);
    const reschedule = buttons(offer).find((b) => b.label.startsWith('Reschedule'))!;
    const moved = first(await press(t, alice, reschedule.actionId, reschedule.value!));
    expect(moved.text.split('\n')[0]).toBe(`📅 Rescheduled: promise #${id} to ACME-1 is now due Fri 27 Nov, 09:00 GMT — in 4 d.`);
    expect(await at(t, ...LADDER)).toEqual([]);
    expect(await at(t, '2026-11-27T08:45:00Z')).toEqual(['11-27T08:45 U_ALICE: ⏰ Heads-up: your callback to ACME-1 is due in 15 min (Fri 27 Nov, 09:00 GMT).']);
    await t.app.stop();
  });

  it('"Keep it", still theirs when due: the lead gets a handover request, never an "ignored" escalation, and Alice hears nothing', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    await say(t, lead, 'coach', 'me');
    const { id, offer } = await aliceGoesAway(t);
    const keep = buttons(offer).find((b) => b.label === 'Keep it')!;
    expect(first(await press(t, alice, keep.actionId, keep.value!)).text).toBe(
      `OK, promise #${id} to ACME-1 stays yours. If it is still yours when it falls due while you're away, your team lead gets it as a handover request.`,
    );
    // Heads-up, due, nudge, escalation and the close as missed the next day: only the lead hears.
    const sent = await at(t, ...LADDER);
    expect(sent).toEqual([`11-25T11:00 U_LEAD: 🧳 <@U_ALICE|Alice> is away until Thu 26 Nov, and their callback promise #${id} to ACME-1 is due now (Wed 25 Nov, 11:00 GMT). Could someone take it?`]);
    await t.app.stop();
  });

  it('going away with a promise already overdue: at its escalation time the lead gets the handover request instead', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    await say(t, lead, 'coach', 'me');
    await say(t, alice, 'promise-callback', 'ACME-5 at 10:00');
    expect(await at(t, '2026-11-23T09:45:00Z', '2026-11-23T10:00:00Z', '2026-11-23T10:15:00Z')).toHaveLength(3);
    t.clock.set('2026-11-23T10:30:00Z');
    await say(t, alice, 'coach', 'away until Wednesday');
    expect(await at(t, '2026-11-23T11:00:00Z')).toEqual([
      '11-23T11:00 U_LEAD: 🧳 <@U_ALICE|Alice> is away until Wed 25 Nov, and their callback promise #1 to ACME-5 was due Mon 23 Nov, 10:00 GMT (1 h ago). Could someone take it?',
    ]);
    await t.app.stop();
  });

  it('the lead can take it themselves from the request: the promise is theirs, with an audit row', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    await say(t, lead, 'coach', 'me');
    const { id } = await aliceGoesAway(t);
    t.clock.set(LADDER[1]!);
    await t.app.scheduler.tick();
    const [request] = t.messenger.take();
    expect(textOf(request!.msg)).toContain("You get this as <@U_ALICE|Alice>'s team lead. It is a handover request, not an ignored promise: <@U_ALICE|Alice> is away.");
    const taken = first(await press(t, lead, pickers(request!.msg)[0]!.actionId, `${id}|U_LEAD`));
    expect(taken.text).toBe(`✅ Promise #${id} to ACME-1 is yours now, due Wed 25 Nov, 11:00 GMT — now. I'll remind you as usual.`);
    const audit = await dbAll<{ action: string; subject: string; after: string }>(t.app.db, "SELECT action, subject, after FROM audit_log WHERE action LIKE 'promise.%'");
    expect(audit).toEqual([{ action: 'promise.reassign', subject: `#${id} of U_ALICE`, after: 'held by U_LEAD' }]);
    expect(first(await say(t, lead, 'coach', 'audit')).text).toContain(`handed promise #${id} of <@U_ALICE> to <@U_LEAD>`);
    await t.app.stop();
  });

  it('escalation goes to the lead who is working; with every lead off, to the lead channel — and both say why', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD,U_LEAD2', COACH_LEAD_CHANNEL: 'C_LEADS' } });
    await say(t, lead2, 'coach', 'me');
    await say(t, lead, 'coach', 'away until Friday');
    await say(t, alice, 'promise-callback', 'ACME-2 at 10:00');
    t.messenger.take();
    const sent = await at(t, '2026-11-23T11:00:00Z');
    expect(sent).toEqual([
      `11-23T11:00 U_LEAD2: 🚨 <@U_ALICE|Alice>'s callback promise #1 to ACME-2 was due Mon 23 Nov, 10:00 GMT and is 1 h overdue.`,
      `11-23T11:00 U_ALICE: 🚨 Your callback to ACME-2 is still open, due 1 h ago. I've let your team lead know (<@U_LEAD2|Kim>; <@U_LEAD|Lee> is away until Fri 27 Nov), so they can help if you're stuck.`,
    ]);

    await say(t, lead2, 'coach', 'away until Friday');
    await say(t, alice, 'promise-callback', 'ACME-3 at 13:00');
    t.messenger.take();
    const posted: Sent[] = [];
    t.clock.set('2026-11-23T14:00:00Z');
    await t.app.scheduler.tick();
    posted.push(...t.messenger.take());
    expect(posted.map(to)).toEqual(['#C_LEADS', 'U_ALICE']);
    expect(textOf(posted[0]!.msg)).toContain('Posted here because no team lead is working right now (<@U_LEAD|Lee> is away until Fri 27 Nov; <@U_LEAD2|Kim> is away until Fri 27 Nov).');
    expect(posted[1]!.msg.text).toContain("I've let the team leads' channel know, because no team lead is working right now");
    await t.app.stop();
  });

  it('a lead outside their working hours is off too: the escalation goes to the lead channel, or without one to the lead, to read when their shift starts', async () => {
    const withChannel = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD', COACH_LEAD_CHANNEL: 'C_LEADS' } });
    await say(withChannel, lead, 'coach', 'hours 13:00-21:00');
    await say(withChannel, alice, 'promise-callback', 'ACME-2 at 10:00');
    withChannel.messenger.take();
    withChannel.clock.set('2026-11-23T11:00:00Z');
    await withChannel.app.scheduler.tick();
    const posted = withChannel.messenger.take();
    expect(posted.map(to)).toEqual(['#C_LEADS', 'U_ALICE']);
    expect(textOf(posted[0]!.msg)).toContain('Posted here because no team lead is working right now (<@U_LEAD|Lee> is not working now).');
    await withChannel.app.stop();

    const noChannel = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    await say(noChannel, lead, 'coach', 'hours 13:00-21:00');
    await say(noChannel, alice, 'promise-callback', 'ACME-2 at 10:00');
    noChannel.messenger.take();
    noChannel.clock.set('2026-11-23T11:00:00Z');
    await noChannel.app.scheduler.tick();
    const sent = noChannel.messenger.take();
    expect(sent.map(to)).toEqual(['U_LEAD', 'U_ALICE']);
    expect(textOf(sent[0]!.msg)).toContain("You get this as <@U_ALICE|Alice>'s team lead, to pick up when your shift starts: no lead is working now, and there is no lead channel.");
    expect(sent[1]!.msg.text).toContain("I've let your team lead know (<@U_LEAD|Lee>); they're off shift right now, so they'll see it when they start.");
    await noChannel.app.stop();
  });

  it('a week with two away days: shown as away in the stats, and the promise missed meanwhile is not held against them', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    await say(t, alice, 'promise-callback', 'ACME-4 Wednesday 11am');
    await say(t, alice, 'coach', 'away from Tuesday until Wednesday');
    await at(t, ...LADDER);
    t.clock.set('2026-11-27T16:00:00Z');
    const me = first(await say(t, alice, 'coach', 'me'));
    expect(me.text).toContain('This week (Mon 23 Nov – Sun 29 Nov 2026)\n0 acknowledged · 0 discussion replies · 1 promise made · — kept on time · 0 missed · 🌴 away 2 days');
    const stats = first(await say(t, lead, 'coach', 'stats'));
    expect(stats.text).toContain('<@U_ALICE|Alice> — 0 acknowledged · 0 replies · 1 promise made · — on time · 0 missed · 🌴 away 2 days');
    await t.app.stop();
  });

  it('/coach me shows the away period on its own line; /coach back ends it and reminders come again', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    await aliceGoesAway(t);
    const me = first(await say(t, alice, 'coach', 'me'));
    expect(me.blocks).toContainEqual({ type: 'text', text: "🌴 *Out of office:* you're away until the end of Thu 26 Nov. No reminders come to you then; `/coach back` ends it." });
    expect(first(await say(t, alice, 'coach', 'back')).text).toBe("👋 Welcome back! Your reminders come to you again. `/promise-callback list` shows what's open.");
    expect(first(await say(t, alice, 'coach', 'me')).text).not.toContain('Out of office');
    expect(await at(t, LADDER[0]!)).toEqual(['11-25T10:45 U_ALICE: ⏰ Heads-up: your callback to ACME-1 is due in 15 min (Wed 25 Nov, 11:00 GMT).']);
    await t.app.stop();
  });

  it('an out-of-office status is a hint: asked once, privately; "Yes" sets away', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const status: Inbound = { kind: 'status', from: alice, address: { ...supportChannel, key: '@dm:U_ALICE' }, statusText: 'Vacationing', statusEmoji: ':palm_tree:', expiresAt: new Date('2026-11-27T23:59:59Z'), at: t.clock.now() };
    await t.app.coach.handle(status);
    await t.app.coach.handle(status);
    const asked = t.messenger.take();
    expect(asked.map(to)).toEqual(['U_ALICE']);
    expect(asked[0]!.msg.text).toBe("I see your status says “Vacationing”. Shall I treat you as away until Fri 27 Nov? No reminders would come to you, and I'd offer your promises due meanwhile for handover.");
    expect(buttons(asked[0]!.msg).map((b) => b.label)).toEqual(['Yes, away until Fri 27 Nov', "No, I'm working"]);
    const yes = first(await press(t, alice, 'away.confirm', buttons(asked[0]!.msg)[0]!.value!));
    expect(yes.text.split('\n')[0]).toBe("🌴 Got it: you're away until the end of Fri 27 Nov. No reminders will come to you while you're away; /coach back ends it early.");
    await t.app.stop();
  });
});
