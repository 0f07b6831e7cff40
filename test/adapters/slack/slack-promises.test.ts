// Callback promises through the real Bolt receiver: the command, every button, the reminder ladder
// by DM as the injected clock moves, and the rules on whose promise it is.
import { afterEach, describe, expect, it } from 'vitest';
import { dbGet } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { ALICE, buttonPress, slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const start = async () => (h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z'));
type SlackButton = { action_id: string; value?: string; text: { text: string } };
const buttonsIn = (params: Record<string, unknown>) =>
  ((params.blocks as { type: string; elements?: SlackButton[] }[]) ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
const button = (params: Record<string, unknown>, label: RegExp) => {
  const found = buttonsIn(params).find((b) => label.test(b.text.text));
  if (!found) throw new Error(`no button ${label} in ${JSON.stringify(buttonsIn(params).map((b) => b.text.text))}`);
  return found;
};
const CAROL = { id: 'U_CAROL', name: 'carol', realName: 'Carol', tz: 'Europe/London' };

describe('/promise-callback in Slack', () => {
  it('reads 3/12 in each person’s Slack locale; a date that cannot be meant offers the other reading as a button', async () => {
    const h = await start();
    h.api.addUser({ id: 'U_GWEN', name: 'gwen', realName: 'Gwen', tz: 'Europe/London', locale: 'en-GB' });
    h.api.addUser({ id: 'U_DAN', name: 'dan', realName: 'Dan', tz: 'America/New_York', locale: 'en-US' });
    await h.command('/promise-callback', 'ACME-4411 3/12 10am boiler part', { user: 'U_GWEN', userName: 'gwen', responseId: 'gwen' });
    await h.api.waitForAnswers();
    expect(h.api.callsTo('users.info').some((c) => String(c.params.include_locale) === 'true')).toBe(true);
    expect(slackText(h.api.answers()[0]!.params)).toContain('Thu 3 Dec, 10:00 GMT');

    await h.command('/promise-callback', 'ACME-4411 3/12 10am boiler part', { user: 'U_DAN', userName: 'dan', responseId: 'dan' });
    await h.api.waitForAnswers(2);
    const refusal = h.api.answers().find((c) => c.responseId === 'dan')!.params;
    expect(refusal.response_type).toBe('ephemeral');
    expect(slackText(refusal)).toContain('I read 3/12 as 12 March, which is more than 30 days away. Did you mean 3 December? Try `3 Dec 10:00`.');
    const pick = button(refusal, /Thu 3 Dec 10:00/);
    await h.press(buttonPress({ api: h.api, actionId: pick.action_id, value: pick.value, ephemeral: true, responseId: 'dan-pick', user: { id: 'U_DAN', name: 'dan' } }));
    await h.api.waitForAnswers(3);
    const saved = h.api.answers().find((c) => c.responseId === 'dan-pick')!.params;
    expect(saved.replace_original).toBe(true);
    expect(slackText(saved)).toContain('saved');
    expect(slackText(saved)).toContain('Thu 3 Dec, 10:00 EST');
    expect(slackText(saved)).toContain('boiler part');
  });

  it('confirms privately with the due time in the agent’s zone, buttons and a tip; Done on it replaces it with the outcome', async () => {
    const h = await start();
    await h.command('/promise-callback', 'ACME-4411 in 2h refund status', { responseId: 'make' });
    await h.api.waitForAnswers();
    const made = h.api.answers()[0]!.params;
    expect(made.response_type).toBe('ephemeral');
    expect(slackText(made)).toContain('ACME-4411');
    expect(slackText(made)).toContain('Mon 23 Nov, 10:00 GMT — in 2 h');
    expect(slackText(made)).toContain('refund status');
    expect(slackText(made)).toMatch(/Tip/);
    expect(buttonsIn(made).map((b) => b.action_id)).toEqual(['promise.done', 'promise.snooze', 'promise.cancel']);

    const done = button(made, /Done/);
    await h.press(buttonPress({ api: h.api, actionId: done.action_id, value: done.value, ephemeral: true, responseId: 'done' }));
    await h.api.waitForAnswers(2);
    const replaced = h.api.answers().find((c) => c.responseId === 'done')!.params;
    expect(replaced.replace_original).toBe(true);
    expect(slackText(replaced)).toMatch(/kept/);
  });

  it('runs the reminder ladder by DM as time passes; Snooze and "Couldn’t reach them" work from the DM', async () => {
    const h = await start();
    await h.command('/promise-callback', '#88213 in 1h');
    await h.api.waitForAnswers();
    const dmsSoFar = () => h.api.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D'));

    h.t.clock.advanceMinutes(45); // heads-up 15 min before
    await h.t.app.scheduler.tick();
    expect(h.api.callsTo('conversations.open')).toHaveLength(1);
    expect(dmsSoFar()).toHaveLength(1);
    const headsUp = dmsSoFar()[0]!.params;
    expect(slackText(headsUp)).toContain('#88213');
    expect(buttonsIn(headsUp).map((b) => b.text.text).join(' ')).toMatch(/Done.*Snooze.*Couldn't reach them/s);

    h.t.clock.advanceMinutes(15); // due
    await h.t.app.scheduler.tick();
    expect(dmsSoFar()).toHaveLength(2);
    const due = dmsSoFar()[1]!.params;
    const unreachable = button(due, /Couldn't reach/);
    await h.press(buttonPress({ api: h.api, actionId: unreachable.action_id, value: unreachable.value, channel: String(due.channel), messageTs: '1700000100.000001' }));
    await h.api.waitFor('chat.update');
    expect(slackText(h.api.callsTo('chat.update')[0]!.params)).toContain("— thanks for trying. I'll remind you to try");

    h.t.clock.advanceMinutes(15); // the old nudge time: replaced by the next try, so nothing now
    await h.t.app.scheduler.tick();
    expect(dmsSoFar()).toHaveLength(2);
    h.t.clock.advanceMinutes(60); // the next try falls due
    await h.t.app.scheduler.tick();
    expect(dmsSoFar().length).toBeGreaterThanOrEqual(3);
    const retry = dmsSoFar().at(-1)!.params;
    const snooze = button(retry, /^Snooze 15 min$/);
    await h.press(buttonPress({ api: h.api, actionId: snooze.action_id, value: snooze.value, channel: String(retry.channel), messageTs: '1700000200.000001' }));
    await h.api.waitFor('chat.update', 2);
    expect(slackText(h.api.callsTo('chat.update')[1]!.params)).toContain('😴 Snoozed: promise #1');
  });

  it('list and cancel by command; someone else cannot complete or cancel your promise', async () => {
    const h = await start();
    h.api.addUser(CAROL);
    await h.command('/promise-callback', 'Dana Ruiz tomorrow 10am about the late delivery', { responseId: 'make' });
    await h.command('/promise-callback', 'list', { responseId: 'list' });
    await h.command('/promise-callback', 'done 1', { user: CAROL.id, userName: CAROL.name, responseId: 'carol-done' });
    await h.command('/promise-callback', 'cancel 1', { responseId: 'cancel' });
    await h.api.waitForAnswers(4);
    const byId = (id: string) => slackText(h.api.answers().find((c) => c.responseId === id)!.params);
    expect(byId('list')).toContain('Dana Ruiz');
    expect(byId('carol-done')).toContain('Promise #1 belongs to Alice; only they or a team lead can change it.');
    expect(byId('cancel')).toMatch(/^Cancelled at .+: promise #1 to Dana Ruiz\. No more reminders\./);
    const row = (await dbGet(h.t.app.db, `SELECT agent_id FROM promises WHERE id = 1`)) as { agent_id: string };
    expect(row.agent_id).toBe(ALICE.id);
  });

  it('sends a heads-up once, on time, and nothing early; Done before then stops it', async () => {
    const h = await start();
    await h.command('/promise-callback', '#88213 in 1h', { responseId: 'first' });
    await h.command('/promise-callback', 'ACME-1 in 1h', { responseId: 'second' });
    await h.api.waitForAnswers(2);
    const dms = () => h.api.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D'));

    h.t.clock.set('2026-11-23T08:44:30Z'); // the heads-ups fall due at 08:45
    await h.t.app.scheduler.tick();
    expect(dms()).toHaveLength(0); // nothing is sent early

    const second = h.api.answers().find((c) => c.responseId === 'second')!.params;
    const done = button(second, /Done/);
    await h.press(buttonPress({ api: h.api, actionId: done.action_id, value: done.value, ephemeral: true, responseId: 'done' }));
    await h.api.waitForAnswers(3);

    h.t.clock.set('2026-11-23T08:45:00Z');
    await h.t.app.scheduler.tick();
    await h.t.app.scheduler.tick();
    expect(dms().map((c) => slackText(c.params))).toEqual([expect.stringContaining('#88213')]);
    expect(slackText(dms()[0]!.params)).toContain('Heads-up');
    expect(slackText(dms()[0]!.params)).not.toMatch(/comes late/);
  });

  it('says a heads-up comes late when the coach sends it minutes after its time', async () => {
    const h = await start();
    await h.command('/promise-callback', '#88213 in 1h');
    await h.api.waitForAnswers();
    h.t.clock.set('2026-11-23T08:44:30Z');
    await h.t.app.scheduler.tick();
    h.t.clock.set('2026-11-23T08:49:00Z'); // the coach was busy or paused past 08:45
    await h.t.app.scheduler.tick();
    const dms = h.api.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D'));
    expect(dms).toHaveLength(1);
    expect(slackText(dms[0]!.params)).toMatch(/Sorry this comes late/);
  });
});
