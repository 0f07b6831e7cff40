// Who may touch what: an agent cannot close or move a colleague's promise (by command or by
// pressing a button on a forwarded message), and nobody in workspace B — not even its admin — can
// see or change workspace A's promises. Refusals change nothing.
import { describe, expect, it } from 'vitest';
import { dbGet } from '../helpers/sql.ts';
import type { Actor, Address, Inbound } from '../../src/ports.ts';
import { PROMISE_ACTIONS } from '../../src/coach/promises/promise-messages.ts';
import { alice, command, startTestApp, supportChannel, textOf } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const carol: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_CAROL', name: 'Carol', tz: 'Europe/London' };
const otherAdmin: Actor = { platform: 'slack', workspaceId: 'T2', userId: 'U_ALICE', name: 'Alice of T2', tz: 'Europe/London', isAdmin: true };
const otherChannel: Address = { platform: 'slack', workspaceId: 'T2', key: 'C_SUPPORT' };

describe('authorization', () => {
  const tempDir = useTempDir();

  it("refuses a colleague's and another workspace's attempts on a promise, and changes nothing", async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const [made] = await t.app.coach.handle(command(alice, supportChannel, 'promise-callback', 'ACME-4411 by 3pm refund status', t.clock.now()));
    const id = Number(/#(\d+)/.exec(made?.text ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    const state = async () => (await dbGet(t.app.db, 'SELECT status, due_at, revision FROM promises WHERE id = ?', id));
    // The promise's own reminders (a manager who uses the coach anywhere gets their Monday digest
    // planned: that is theirs, not a change to Alice's promise).
    const jobs = async () => (await dbGet(t.app.db, `SELECT COUNT(*) AS n FROM jobs WHERE status = 'pending' AND kind LIKE 'promise.%'`));
    const before = { promise: await state(), jobs: await jobs() };
    const press = (from: Actor, address: Address, actionId: string, value: string): Inbound => ({ kind: 'action', from, address, actionId, value, at: t.clock.now() });

    const attempts: [string, Inbound][] = [
      ['colleague: done', command(carol, supportChannel, 'promise-callback', `done ${id}`, t.clock.now())],
      ['colleague: cancel', command(carol, supportChannel, 'promise-callback', `cancel #${id}`, t.clock.now())],
      ['colleague: snooze', command(carol, supportChannel, 'promise-callback', `snooze ${id} 30m`, t.clock.now())],
      ['colleague: reschedule', command(carol, supportChannel, 'promise-callback', `reschedule ${id} tomorrow 10am`, t.clock.now())],
      ['colleague: Done button', press(carol, supportChannel, PROMISE_ACTIONS.done, String(id))],
      ['colleague: Snooze button', press(carol, supportChannel, PROMISE_ACTIONS.snooze, `${id}|1h`)],
      ['colleague: Cancel button', press(carol, supportChannel, PROMISE_ACTIONS.cancel, String(id))],
      ["colleague: Couldn't reach button", press(carol, supportChannel, PROMISE_ACTIONS.unreachable, String(id))],
      ['other workspace admin: done', command(otherAdmin, otherChannel, 'promise-callback', `done ${id}`, t.clock.now())],
      ['other workspace admin: cancel', command(otherAdmin, otherChannel, 'promise-callback', `cancel ${id}`, t.clock.now())],
      ['other workspace admin: Done button', press(otherAdmin, otherChannel, PROMISE_ACTIONS.done, String(id))],
    ];
    for (const [name, inbound] of attempts) {
      const answers = await t.app.coach.handle(inbound);
      const said = answers.map(textOf).join('\n');
      expect(said, name).toMatch(name.startsWith('colleague') ? /belongs to Alice; only they or a team lead can change it/ : /can't find promise #\d+/);
      expect(said, name).not.toContain('refund status'); // another workspace learns nothing about it
      expect(await state(), name).toEqual(before.promise);
      expect(await jobs(), name).toEqual(before.jobs);
    }
    // Listing is per person and per workspace: the same user id in workspace B sees nothing of A's.
    const [list] = await t.app.coach.handle(command(otherAdmin, otherChannel, 'promise-callback', 'list', t.clock.now()));
    expect(list?.text).toContain('No open promises');
    const [carolsList] = await t.app.coach.handle(command(carol, supportChannel, 'promise-callback', 'list', t.clock.now()));
    expect(carolsList?.text).not.toContain('ACME-4411');
    // The owner still can.
    const [done] = await t.app.coach.handle(command(alice, supportChannel, 'promise-callback', `done ${id}`, t.clock.now()));
    expect(done?.text).toMatch(/^Done at/);
    await t.app.stop();
  });

  it("keeps team stats for managers, and a manager's stats to their own workspace", async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_LEAD' } });
    const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', name: 'Lee', tz: 'Europe/London' };
    await t.app.coach.handle(command(alice, supportChannel, 'promise-callback', 'ACME-4411 by 3pm refund status', t.clock.now()));
    t.messenger.take();

    for (const text of ['stats', 'stats last week', 'stats csv', 'stats 2026-W47 csv']) {
      const answers = await t.app.coach.handle(command(carol, supportChannel, 'coach', text, t.clock.now()));
      expect(answers.map(textOf).join('\n'), text).toContain('Team stats are for managers.');
      expect(t.messenger.take().filter((s) => s.kind === 'upload'), text).toHaveLength(0); // no chart, no CSV
    }
    // An admin of another workspace gets their own workspace's (empty) numbers, nothing of T1's.
    const [theirs] = await t.app.coach.handle(command(otherAdmin, otherChannel, 'coach', 'stats', t.clock.now()));
    expect(theirs?.text).not.toMatch(/Alice|ACME-4411/);
    expect(theirs?.text).toContain('Promises made: 0');
    // The lead of T1 does see them.
    const [mine] = await t.app.coach.handle(command(lead, supportChannel, 'coach', 'stats', t.clock.now()));
    expect(mine?.text).toContain('Promises made: 1');
    await t.app.stop();
  });
});
