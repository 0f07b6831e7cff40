import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../helpers/test-store.ts';
import { dbGet } from '../../helpers/sql.ts';
import type { Actor, Outbound } from '../../../src/ports.ts';
import { pendingJobs } from '../../../src/store/jobs-repo.ts';
import { findPromiseById } from '../../../src/store/promises-repo.ts';
import { promiseEvents } from '../../../src/store/promise-events-repo.ts';
import type { Sent } from '../../helpers/recording-messenger.ts';
import { alice, bob, startTestApp, textOf, type TestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { press, promise, promiseId, START } from './promise-steps.ts';

const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', name: 'Lee' };
const stranger: Actor = { platform: 'slack', workspaceId: 'T2', userId: 'U_ALICE', name: 'Alice in another workspace', tz: 'Europe/London' };

const buttons = (msg: Outbound) => msg.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));

const countPromises = async (t: TestApp) => ((await dbGet(t.app.db, 'SELECT COUNT(*) AS n FROM promises')) as { n: number }).n;

/** Move the clock minute by minute up to `minutes`, ticking, and return what was sent with the time. */
async function run(t: TestApp, minutes: number, stepMinutes = 1): Promise<{ at: string; sent: Sent }[]> {
  const out: { at: string; sent: Sent }[] = [];
  for (let m = 0; m < minutes; m += stepMinutes) {
    t.clock.advanceMinutes(stepMinutes);
    await t.app.scheduler.tick();
    for (const sent of t.messenger.take()) out.push({ at: t.clock.now().toISOString().slice(11, 16), sent });
  }
  return out;
}

const to = (s: Sent) => ('userId' in s.to ? s.to.userId : `#${s.to.key}`);

describe.each(DIALECTS)('/promise-callback (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('confirms exactly what was understood, with buttons and a relevant tip', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const answer = await promise(t, 'ACME-4411 in 2h 10min refund status');
    expect(answer.visibility).toBe('private');
    const text = textOf(answer);
    expect(text).toContain('ACME-4411');
    expect(text).toContain('Mon 23 Nov, 11:10 GMT — in 2 h 10 min');
    expect(text).toContain('refund status');
    expect(answer.text).toMatch(/promise #\d+ saved/);
    expect(buttons(answer).map((b) => b.actionId)).toEqual(['promise.done', 'promise.snooze', 'promise.cancel']);
    expect(buttons(answer)[1]?.value).toBe(`${promiseId(answer)}|1h`);
    // "refund status" → the progress-report tip from the 10 actions: the first one relevant to the
    // note, since this agent has seen no tip yet (pick-tip.ts is deterministic, not random).
    expect(answer.text).toContain('Tip: If it will take a while, agree when you’ll send a progress update.');
    await t.app.stop();
  });

  it('reads the time in the agent’s own zone', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const answer = await promise(t, 'Dana Ruiz (+1 555 0100) tomorrow 10am about the late delivery', bob);
    expect(answer.text).toContain('Who: Dana Ruiz (+1 555 0100)');
    expect(answer.text).toContain('Tue 24 Nov, 10:00 EST');
    expect(answer.text).toContain('Note: the late delivery');
    await t.app.stop();
  });

  it('never shows the same tip twice in a row to an agent', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const tips: string[] = [];
    for (let i = 0; i < 6; i++) tips.push(/Tip: (.*)/.exec((await promise(t, `ACME-${i} in ${i + 1}h refund status`)).text)?.[1] ?? '');
    for (let i = 1; i < tips.length; i++) expect(tips[i]).not.toBe(tips[i - 1]);
    await t.app.stop();
  });

  it('promises made at the same moment are each confirmed, stored with their own reminders, tips still varying', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const texts = Array.from({ length: 6 }, (_, i) => `ACME-${i} in ${i + 1}h refund status`);
    const answers = await Promise.all([...texts.map((text) => promise(t, text)), promise(t, 'BOBS-1 in 1h', bob), promise(t, 'ACME-9 yesterday 3pm')]);
    const mine = answers.slice(0, 6);
    const ids = mine.map(promiseId);
    expect(new Set(ids).size).toBe(6);
    expect(answers[6]?.text).toMatch(/promise #\d+ saved/);
    expect(answers[7]?.text).toContain('in the past');
    expect(await countPromises(t)).toBe(7);
    for (const [i, id] of ids.entries()) {
      expect((await findPromiseById(t.app.db, id))?.who).toBe(`ACME-${i}`);
      expect((await pendingJobs(t.app.db, { subject: `promise:${id}` })).map((j) => j.kind)).toEqual(['promise.headsup', 'promise.due', 'promise.nudge', 'promise.escalate', 'promise.missed']);
    }
    // In the order they were stored (on PostgreSQL they commit side by side, in any order).
    const tips = mine
      .map((answer, i) => ({ id: ids[i]!, tip: /Tip: (.*)/.exec(answer.text)?.[1] ?? '' }))
      .sort((a, b) => a.id - b.id)
      .map((t) => t.tip);
    for (let i = 1; i < tips.length; i++) expect(tips[i]).not.toBe(tips[i - 1]);
    await t.app.stop();
  });

  it.each([
    ['', 'Callback promises: tell me who'],
    ['ACME-4411 refund status', "I couldn't find a time"],
    ['ACME-4411 yesterday 3pm', 'in the past'],
    ['ACME-4411 by 8am', 'has already passed today (it\'s 09:00). Did you mean tomorrow 8am?'],
    ['ACME-4411 24 Dec 10:00', 'more than 30 days'],
    ['by 3pm refund status', 'Who is the callback for?'],
    ['done 999', "I can't find promise #999"],
    ['cancel #12345', "I can't find promise #12345"],
    ['snooze', 'Which promise?'],
  ])('bad input “%s” gets a clear private answer and stores nothing', async (text, expected) => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const answer = await promise(t, text);
    expect(answer.visibility).toBe('private');
    expect(answer.text).toContain(expected);
    expect(await countPromises(t)).toBe(0);
    expect((await pendingJobs(t.app.db)).filter((j) => j.kind.startsWith('promise.'))).toHaveLength(0);
    await t.app.stop();
  });

  it('lists my open promises soonest first, overdue marked; other people’s are not shown', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    await promise(t, 'LATER-1 at 15:00');
    await promise(t, 'SOON-2 in 30 min');
    await promise(t, 'BOBS-3 in 1h', bob);
    t.clock.advanceMinutes(45);
    const list = await promise(t, 'list');
    expect(list.text.indexOf('SOON-2')).toBeLessThan(list.text.indexOf('LATER-1'));
    expect(list.text).toMatch(/Overdue · #\d+ SOON-2/);
    expect(list.text).not.toContain('BOBS-3');
    const none = await promise(t, 'list', lead);
    expect(none.text).toContain('No open promises');
    await t.app.stop();
  });
});

describe.each(DIALECTS)('the reminder ladder (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('heads-up, due, nudge, escalation to the lead, then missed — each once, at its time', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    const id = promiseId(await promise(t, 'ACME-4411 at 11:00 refund status'));
    const sent = await run(t, 26 * 60, 1);
    const summary = sent.map(({ at, sent: s }) => `${at} ${to(s)} ${s.msg.text.split('\n')[0]}`);
    expect(summary).toHaveLength(6);
    expect(summary[0]).toMatch(/^10:45 U_ALICE ⏰ Heads-up: your callback to ACME-4411 is due in 15 min/);
    expect(summary[1]).toMatch(/^11:00 U_ALICE 📞 Time to call back ACME-4411/);
    expect(summary[2]).toMatch(/^11:15 U_ALICE ⚠️ Your callback to ACME-4411 is overdue/);
    expect(summary[3]).toMatch(/^12:00 U_LEAD 🚨 <@U_ALICE\|Alice>'s callback promise #\d+ to ACME-4411 was due Mon 23 Nov, 11:00 GMT/);
    expect(summary[4]).toMatch(/^12:00 U_ALICE 🚨 .*I've let your team lead know/);
    expect(summary[5]).toMatch(/^11:00 U_ALICE Promise #\d+ to ACME-4411 .* closed as missed/);
    // Every reminder to the agent carries Done / Snooze (15 min, 1 h, tomorrow 9:00) / Couldn't reach them.
    expect(buttons(sent[0]!.sent.msg).map((b) => b.value)).toEqual([`${id}`, `${id}|15m`, `${id}|1h`, `${id}|tomorrow9`, `${id}`]);
    expect(buttons(sent[0]!.sent.msg).map((b) => b.label)).toContain("Couldn't reach them");
    const p = (await findPromiseById(t.app.db, id))!;
    expect(p.status).toBe('missed');
    expect(p.closedAt?.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    expect((await promiseEvents(t.app.db, id)).map((e) => e.kind)).toContain('missed');
    await t.app.stop();
  });

  it('a promise due sooner than the heads-up gets it right away', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    await promise(t, 'ACME-4411 in 10 min');
    await t.app.scheduler.tick();
    const [headsUp] = t.messenger.take();
    expect(headsUp?.msg.text).toContain('Heads-up: your callback to ACME-4411 is due in 10 min');
    await t.app.stop();
  });

  it('with no lead configured, the escalation-time reminder says so instead of dropping it', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    await promise(t, 'ACME-4411 at 10:00');
    const sent = await run(t, 125, 5);
    const escalation = sent.filter((s) => s.at === '11:00');
    expect(escalation).toHaveLength(1);
    expect(to(escalation[0]!.sent)).toBe('U_ALICE');
    expect(escalation[0]!.sent.msg.text).toContain('No team lead is configured');
    await t.app.stop();
  });

  it('a lead channel gets the escalation post', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_LEAD_CHANNEL: 'C_LEADS' } });
    await promise(t, 'ACME-4411 at 10:00');
    const sent = await run(t, 125, 5);
    const post = sent.find((s) => s.sent.kind === 'post');
    expect(post?.at).toBe('11:00');
    expect(to(post!.sent)).toBe('#C_LEADS');
    expect(post!.sent.msg.text).toContain("<@U_ALICE|Alice>'s callback promise");
    await t.app.stop();
  });

  it('survives a restart in the middle of the ladder; what fell due while down is sent once, saying it is late', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: START });
    await promise(t, 'ACME-4411 at 11:00');
    const before = await run(t, 110, 5); // 10:50: heads-up sent
    expect(before.map((s) => s.at)).toEqual(['10:45']);
    await t.app.stop();
    t.clock.set('2026-11-23T11:20:00Z'); // the coach was down over the due time and the nudge
    t = await t.restart();
    await t.app.scheduler.tick();
    const caughtUp = t.messenger.take();
    expect(caughtUp).toHaveLength(1);
    expect(caughtUp[0]?.msg.text).toContain('is overdue');
    expect(caughtUp[0]?.msg.text).toContain('the coach was offline');
    await t.app.scheduler.tick();
    expect(t.messenger.take()).toHaveLength(0);
    const after = await run(t, 60, 5);
    expect(after.map((s) => s.at)).toEqual(['12:00']);
    expect(after[0]?.sent.msg.text).not.toContain('offline');
    await t.app.stop();
  });
});

describe.each(DIALECTS)('a long outage (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('down past the whole ladder: the promise closes as missed with one message, no burst of stale reminders', async () => {
    let t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    const id = promiseId(await promise(t, 'ACME-4411 at 11:00'));
    await t.app.stop();
    t.clock.set('2026-11-24T12:00:00Z');
    t = await t.restart();
    await t.app.scheduler.tick();
    const sent = t.messenger.take();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.msg.text).toContain('closed as missed');
    expect(sent[0]?.msg.text).toContain('the coach was offline');
    expect((await findPromiseById(t.app.db, id))?.status).toBe('missed');
    await t.app.stop();
  });
});

describe.each(DIALECTS)('done, snooze, reschedule, cancel and honest outcomes (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('done by the due time plus grace is kept; the button answer replaces the reminder', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    t.clock.set('2026-11-23T10:04:00Z');
    const [answer] = await press(t, 'promise.done', String(id));
    expect(answer?.replaceOriginal).toBe(true);
    expect(answer?.text).toContain('Done at Mon 23 Nov, 10:04 GMT — kept ✅');
    expect((await findPromiseById(t.app.db, id))?.status).toBe('kept');
    expect((await pendingJobs(t.app.db, { subject: `promise:${id}` })).map((j) => j.kind)).toEqual(['promise.purge']);
    expect(await run(t, 120, 5)).toHaveLength(0);
    const [again] = await press(t, 'promise.done', String(id));
    expect(again?.text).toContain('This promise is already done (kept ✅)');
    await t.app.stop();
  });

  it('done after the grace is late', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    t.clock.set('2026-11-23T10:06:00Z');
    const [answer] = await promise(t, `done #${id}`).then((a) => [a]);
    expect(answer?.text).toContain('late');
    expect((await findPromiseById(t.app.db, id))?.status).toBe('late');
    await t.app.stop();
  });

  it('snoozing before it is due is renegotiated: the new time counts, the original stays on record', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    t.clock.set('2026-11-23T09:50:00Z');
    const [snoozed] = await press(t, 'promise.snooze', `${id}|1h`);
    expect(snoozed?.replaceOriginal).toBe(true);
    expect(snoozed?.text).toContain('now due Mon 23 Nov, 10:50 GMT');
    const sent = await run(t, 55, 1); // 10:45
    expect(sent.map((s) => s.at)).toEqual(['10:35']); // only the new heads-up; the old ladder is gone
    await press(t, 'promise.done', String(id));
    const p = (await findPromiseById(t.app.db, id))!;
    expect(p).toMatchObject({ status: 'kept', renegotiated: true });
    expect(p.originalDueAt.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect((await promiseEvents(t.app.db, id)).map((e) => e.kind)).toEqual(['created', 'snoozed', 'sent', 'done']);
    await t.app.stop();
  });

  it('snoozing an overdue promise moves the reminders but it still counts as late', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    t.clock.set('2026-11-23T10:20:00Z');
    const [snoozed] = await press(t, 'promise.snooze', `${id}|15m`);
    expect(snoozed?.text).toContain('still count as late');
    t.clock.set('2026-11-23T10:35:00Z');
    await press(t, 'promise.done', String(id));
    expect(await findPromiseById(t.app.db, id)).toMatchObject({ status: 'late', renegotiated: false });
    await t.app.stop();
  });

  it('reschedule by command and “tomorrow 9:00” snooze', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 16:00'));
    await press(t, 'promise.snooze', `${id}|tomorrow9`);
    expect((await findPromiseById(t.app.db, id))?.dueAt.toISOString()).toBe('2026-11-24T09:00:00.000Z');
    const moved = await promise(t, `reschedule ${id} tomorrow 10am`);
    expect(moved.text).toContain('Rescheduled');
    expect(moved.text).toContain('Tue 24 Nov, 10:00 GMT');
    const bad = await promise(t, `reschedule ${id} whenever`);
    expect(bad.text).toContain("couldn't find a time");
    await t.app.stop();
  });

  it('“Couldn’t reach them” records the attempt and plans the next try; done then still counts as kept', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    t.clock.set('2026-11-23T10:01:00Z');
    const [answer] = await press(t, 'promise.unreachable', String(id));
    expect(answer?.replaceOriginal).toBe(true);
    expect(answer?.text).toContain("I'll remind you to try ACME-4411 again Mon 23 Nov, 11:01 GMT — in 1 h");
    const sent = await run(t, 60, 1);
    expect(sent.map((s) => s.at)).toEqual(['10:46', '11:01']);
    await press(t, 'promise.done', String(id));
    expect(await findPromiseById(t.app.db, id)).toMatchObject({ status: 'kept', attempts: 1 });
    await t.app.stop();
  });

  it('cancel stops every reminder', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    const [answer] = await press(t, 'promise.cancel', String(id));
    expect(answer?.text).toContain('Cancelled');
    expect(await run(t, 26 * 60, 30)).toHaveLength(0);
    expect((await findPromiseById(t.app.db, id))?.status).toBe('cancelled');
    await t.app.stop();
  });

  it('only the agent or a lead can change a promise; another workspace cannot even see it', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { COACH_MANAGERS: 'U_LEAD' } });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00'));
    const [notYours] = await press(t, 'promise.done', String(id), bob);
    expect(notYours?.text).toContain('belongs to Alice');
    const [elsewhere] = await press(t, 'promise.cancel', String(id), stranger);
    expect(elsewhere?.text).toContain(`I can't find promise #${id}`);
    expect((await findPromiseById(t.app.db, id))?.status).toBe('open');
    const [byLead] = await press(t, 'promise.done', String(id), lead);
    expect(byLead?.text).toContain('kept');
    expect(await findPromiseById(t.app.db, id)).toMatchObject({ status: 'kept', closedBy: 'U_LEAD' });
    await t.app.stop();
  });
});

describe.each(DIALECTS)('home (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('shows my open promises with Done/Snooze, or a friendly empty line', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    expect(JSON.stringify(await t.app.coach.home(alice))).toContain('No open promises');
    await promise(t, 'ACME-4411 at 09:30');
    await promise(t, 'ACME-5000 at 15:00');
    t.clock.set('2026-11-23T09:40:00Z');
    const home = await t.app.coach.home(alice);
    const text = JSON.stringify(home);
    expect(text).toContain('Your callback promises');
    expect(text).toMatch(/Overdue\* · \*#1\* ACME-4411/);
    expect(text.indexOf('ACME-4411')).toBeLessThan(text.indexOf('ACME-5000'));
    expect(home.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.actionId) : []))).toEqual(['promise.done', 'promise.snooze', 'promise.done', 'promise.snooze']);
    await t.app.stop();
  });
});
