// Erasure on request: `/coach forget @person` asks to confirm, then no byte of the person's name or
// their promises' texts is left in the database (the SQLite file after a checkpoint and VACUUM, or
// any row of PostgreSQL), the team's totals are unchanged, and the audit log says an erasure
// happened without saying whose. `npm run data:export` shows everything before, nothing after.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Actor, Block, Inbound, Outbound } from '../../src/ports.ts';
import { runDataExport } from '../../src/data-export.ts';
import { isoWeekOf } from '../../src/coach/stats/iso-week.ts';
import { PROMISE_SOURCE } from '../../src/coach/stats/promise-source.ts';
import { weekStats } from '../../src/coach/stats/weekly-stats.ts';
import { alice, command, startTestApp, supportChannel, type TestApp } from '../helpers/test-app.ts';
import { DIALECTS } from '../helpers/test-store.ts';
import { dbAll } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const zelda: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_ZELDA', name: 'Zelda Quillfeather', tz: 'Europe/London' };
/** What must be gone: her name, her id, and the texts of her promises. */
const SECRETS = ['Zelda Quillfeather', 'Quillfeather', 'U_ZELDA', 'ACME-7781', 'broken kettle', 'ACME-7782', 'kettle tracking number'];

const buttonsOf = (msg: Outbound) => msg.blocks.flatMap((b: Block) => (b.type === 'actions' ? b.buttons : []));
const press = (t: TestApp, from: Actor, actionId: string, value: string | undefined): Inbound => ({ kind: 'action', from, address: supportChannel, actionId, value, at: t.clock.now() });

async function exportOf(t: TestApp, dir: string, person: string): Promise<Record<string, unknown[]>> {
  const file = path.join(dir, `${person}-${Date.now()}.json`);
  const lines: string[] = [];
  expect(await runDataExport(['--person', person, '--out', file], (text) => lines.push(text), { DATABASE_URL: t.dbFile })).toBe(0);
  expect(lines.join('')).toMatch(new RegExp(`^Wrote everything stored about ${person} to .+\\.json \\(\\d+ records\\)\\.\\n$`));
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown[]>;
}

/** Every row of every table of the store's PostgreSQL schema, as text. */
async function everyPostgresRow(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    expect(tables.rows.length).toBeGreaterThanOrEqual(16);
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      parts.push(...rows.rows.map((r) => r.row));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

describe.each(DIALECTS)('forget a person on request (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('asks to confirm, erases name, profile and promise texts everywhere, keeps the team totals, and audits it without the personal data', async () => {
    const dir = tempDir();
    const t = await startTestApp({ dialect, dir, start: '2026-11-23T08:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } });
    const say = async (who: Actor, name: string, text: string) => (await t.app.coach.handle(command(who, supportChannel, name, text, t.clock.now())))[0]!;

    // A week of Zelda's work: she acknowledges the daily principle, makes two promises and keeps one.
    await say(alice, 'coach', 'subscribe 09:00 Europe/London weekdays');
    t.clock.set('2026-11-23T09:00:00Z');
    await t.app.scheduler.tick();
    const post = t.messenger.take().find((s) => buttonsOf(s.msg).some((b) => b.actionId === 'principle.ack'));
    const ack = buttonsOf(post!.msg).find((b) => b.actionId === 'principle.ack')!;
    await t.app.coach.handle(press(t, zelda, 'principle.ack', ack.value));
    expect((await say(zelda, 'coach', 'me')).text).toContain('Your own numbers');
    expect((await say(zelda, 'promise-callback', 'ACME-7781 by 3pm refund for the broken kettle')).text).toContain('ACME-7781');
    expect((await say(zelda, 'promise-callback', 'ACME-7782 by 5pm kettle tracking number')).text).toContain('ACME-7782');
    t.clock.set('2026-11-23T14:30:00Z');
    await say(zelda, 'promise-callback', 'done 1');
    // She goes away for a few days and offers her open promise to Alice.
    expect((await say(zelda, 'coach', 'away until Friday')).text).toContain("🌴 Got it: you're away until the end of Fri 27 Nov.");
    expect((await say(zelda, 'promise-callback', 'handover 2 <@U_ALICE>')).text).toContain("I've asked <@U_ALICE|Alice> to take promise #2");
    await say(alice, 'coach', 'managers add <@U_ZELDA>');
    // As a manager for a while she asked for the team's CSV: its job keeps her (name and id) in its payload.
    expect((await say(zelda, 'coach', 'stats csv')).text).toMatch(/^📊 Team stats/);
    await t.app.scheduler.tick();
    expect(t.messenger.take().some((s) => s.file?.filename.endsWith('.csv'))).toBe(true);
    expect(await dbAll(t.app.db, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'stats.file' AND payload LIKE '%Zelda Quillfeather%'")).toEqual([{ n: 1 }]);
    await say(alice, 'coach', 'managers remove <@U_ZELDA>');

    const week = isoWeekOf(t.clock.now(), 'Europe/London');
    const scope = { platform: 'slack' as const, workspaceId: 'T1' };
    const before = (await weekStats(t.app.db, scope, week, PROMISE_SOURCE)).totals;
    expect(before).toMatchObject({ people: 1, made: 2, kept: 1, open: 1, acknowledged: 1 });

    // A subject access request first: everything about her, as JSON.
    const exported = await exportOf(t, dir, 'U_ZELDA');
    expect(exported.profiles).toMatchObject([{ user_id: 'U_ZELDA', name: 'Zelda Quillfeather' }]);
    expect(exported.promises).toMatchObject([
      { id: 1, who: 'ACME-7781', note: 'refund for the broken kettle', status: 'kept' },
      { id: 2, who: 'ACME-7782', note: 'kettle tracking number', status: 'open' },
    ]);
    expect(exported.participation).toMatchObject([{ kind: 'ack', user_id: 'U_ZELDA' }]);
    expect(exported.awayPeriods).toMatchObject([{ user_id: 'U_ZELDA', set_by: 'U_ZELDA' }]);
    expect(exported.handovers).toMatchObject([{ promise_id: 2, from_id: 'U_ZELDA', to_id: 'U_ALICE', status: 'offered' }]);
    expect(exported.auditLog!.map((r) => (r as { action: string }).action)).toEqual(['managers.add', 'managers.remove']);

    // Only managers may, and they are asked first.
    expect((await say(zelda, 'coach', 'forget <@U_ALICE>')).text).toBe('Only a manager can erase someone’s data. Ask one of your team leads.');
    expect((await say(alice, 'coach', 'forget Zelda')).text).toBe('Mention the one person whose data should be erased, like @sam. For example: /coach forget @sam');
    const question = await say(alice, 'coach', 'forget <@U_ZELDA>');
    expect(question.text).toBe(
      'Forget <@U_ZELDA>? This erases their name, profile and the texts of their callback promises for good. Their numbers stay in the team’s totals, counted anonymously. This can’t be undone.',
    );
    expect(buttonsOf(question).map((b) => [b.label, b.actionId, b.value])).toEqual([
      ['Forget them', 'privacy.forget', 'U_ZELDA'],
      ['Keep', 'privacy.keep', 'U_ZELDA'],
    ]);
    const [kept] = await t.app.coach.handle(press(t, alice, 'privacy.keep', 'U_ZELDA'));
    expect(kept!.text).toBe('Kept: nothing about <@U_ZELDA> was erased.');
    expect(await dbAll(t.app.db, "SELECT name FROM people WHERE user_id = 'U_ZELDA'")).toEqual([{ name: 'Zelda Quillfeather' }]);
    const [refused] = await t.app.coach.handle(press(t, zelda, 'privacy.forget', 'U_ALICE'));
    expect(refused!.text).toBe('Only a manager can erase someone’s data. Ask one of your team leads.');

    const [done] = await t.app.coach.handle(press(t, alice, 'privacy.forget', 'U_ZELDA'));
    expect(done!.text).toBe('Done. <@U_ZELDA>’s name, profile and promise texts are erased. Their numbers stay in the team’s totals, anonymously.');
    expect(done!.replaceOriginal).toBe(true);

    // The team's week: the same people, acknowledgements and promises; her open one is closed as cancelled.
    const after = (await weekStats(t.app.db, scope, week, PROMISE_SOURCE)).totals;
    expect(after).toEqual({ ...before, open: before.open - 1, cancelled: before.cancelled + 1 });
    expect(await dbAll(t.app.db, "SELECT COUNT(*) AS n FROM jobs WHERE status = 'pending' AND subject = 'promise:2'")).toEqual([{ n: 0 }]);

    // The audit log: who erased, when — not whom.
    const [log] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'audit', t.clock.now()));
    expect(log!.text.split('\n').slice(0, 4)).toEqual([
      'Changes in the last 7 days',
      "• Mon 23 Nov, 14:30 GMT — <@U_ALICE> erased a person's name, profile and promise texts on request",
      '• Mon 23 Nov, 14:30 GMT — <@U_ALICE> removed a forgotten person as a manager',
      '• Mon 23 Nov, 14:30 GMT — <@U_ALICE> made a forgotten person a manager',
    ]);
    const forgetRow = await dbAll<{ actor_id: string; subject: string; before: string | null; after: string | null }>(t.app.db, "SELECT actor_id, subject, before, after FROM audit_log WHERE action = 'forget'");
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.objectContaining…) as any
    expect(forgetRow).toEqual([{ actor_id: 'U_ALICE', subject: expect.stringMatching(/^forgotten-[0-9a-f-]{36}$/), before: null, after: null }]);

    expect(Object.values(await exportOf(t, dir, 'U_ZELDA')).filter(Array.isArray).every((rows) => rows.length === 0)).toBe(true);

    await t.app.stop();
    let stored: string;
    if (dialect === 'sqlite') {
      // The file itself, after a checkpoint and VACUUM: no free page still holds the old text.
      const raw = new BetterSqlite3(t.dbFile);
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.exec('VACUUM');
      raw.close();
      stored = fs.readFileSync(t.dbFile).toString('latin1') + (fs.existsSync(`${t.dbFile}-wal`) ? fs.readFileSync(`${t.dbFile}-wal`).toString('latin1') : '');
      expect(stored.length).toBeGreaterThan(10_000);
      expect(stored).toContain('C_SUPPORT'); // the search does find what is still there
    } else {
      stored = await everyPostgresRow(t.dbFile);
      expect(stored).toContain('C_SUPPORT');
    }
    for (const secret of SECRETS) expect(stored.includes(secret), `"${secret}" is still stored`).toBe(false);
  }, 60_000);
});
