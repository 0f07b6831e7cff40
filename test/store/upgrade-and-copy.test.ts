// A SQLite file made by the store before it spoke PostgreSQL (test/fixtures/store-before-kysely.db,
// written by commit 19476f6: a subscribed channel, three promises, one snoozed, one done) upgrades
// in place with every promise and its ladder; `db:copy` moves it, and a year of team history, to
// PostgreSQL with the same answers.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/ports.ts';
import { runDbCopy } from '../../src/db-copy.ts';
import { pendingJobs } from '../../src/store/jobs-repo.ts';
import { seedTeamHistory } from '../helpers/seed-team-history.ts';
import { alice, bob, command, startTestApp, supportChannel, textOf, type TestApp } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { DIALECTS, freshPostgresUrl } from '../helpers/test-store.ts';
import { dbGet } from '../helpers/sql.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/store-before-kysely.db');
const START = '2026-11-23T09:30:00Z';

const say = (t: TestApp, who: Actor, cmd: string, text: string) => t.app.coach.handle(command(who, supportChannel, cmd, text, t.clock.now()));

async function expectFixtureIntact(t: TestApp): Promise<void> {
  expect(textOf((await say(t, alice, 'promise-callback', 'list'))[0]!)).toContain('ACME-4411');
  expect(textOf((await say(t, bob, 'promise-callback', 'list'))[0]!)).toContain('CUST-7');
  expect((await pendingJobs(t.app.db, { subject: 'promise:1' })).map((j) => j.kind)).toEqual([
    'promise.headsup',
    'promise.due',
    'promise.nudge',
    'promise.escalate',
    'promise.missed',
  ]);
  expect((await pendingJobs(t.app.db, { subject: 'promise:2' })).map((j) => j.kind)).toEqual(['promise.purge']);
  // The ladders still run: Bob's snoozed promise is due at 10:00, Alice's heads-up comes at 10:45.
  t.clock.set('2026-11-23T10:00:00Z');
  await t.app.scheduler.tick();
  t.clock.set('2026-11-23T10:45:00Z');
  await t.app.scheduler.tick();
  // Per person, in the order sent: Bob's nudge and Alice's heads-up run at once in the second tick.
  const dms = t.messenger.take().filter((s) => s.kind === 'dm');
  const byPerson = dms.map((s) => `${(s.to as Actor).userId}: ${s.msg.text.split('\n')[0]}`).sort((a, b) => a.split(':')[0]!.localeCompare(b.split(':')[0]!));
  expect(byPerson).toEqual([
    expect.stringMatching(/^U_ALICE: .*ACME-4411/),
    expect.stringMatching(/^U_BOB: 📞 .*CUST-7/),
    expect.stringMatching(/^U_BOB: ⚠️ .*CUST-7/),
  ]);
  expect(byPerson[0]).toMatch(/^U_ALICE: ⏰ Heads-up: your callback to ACME-4411/);
  // A new promise gets the next number after the old ones, and the tip after Alice's last one
  // ("Tell them how long it will take.", rank 6), not the first in rank order again.
  const next = textOf((await say(t, alice, 'promise-callback', 'ACME-9 in 3h'))[0]!);
  expect(next).toContain('#4');
  expect(next).toContain('Tip: If you can’t fix it, offer a useful alternative now.');
}

describe('upgrading a store made before Kysely', () => {
  const tempDir = useTempDir();

  it('opens the SQLite file in place and keeps every promise and its ladder', async () => {
    const file = path.join(tempDir(), 'coach.db');
    fs.copyFileSync(FIXTURE, file);
    const t = await startTestApp({ dir: tempDir(), start: START, dbFile: file, env: { COACH_MANAGERS: 'U_LEAD' } });
    expect(await dbGet(t.app.db, 'SELECT COUNT(*) AS n FROM promises')).toEqual({ n: 3 });
    await expectFixtureIntact(t);
    await t.app.stop();
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('db:copy to PostgreSQL', () => {
  const tempDir = useTempDir();

  it('copies the file table by table, checks the counts, and the coach runs on as before', async () => {
    const file = path.join(tempDir(), 'coach.db');
    fs.copyFileSync(FIXTURE, file);
    const url = await freshPostgresUrl();
    const lines: string[] = [];
    expect(await runDbCopy(['--from', `sqlite:${file}`, '--to', url], (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toMatch(/^Copying SQLite .*coach\.db → PostgreSQL 127\.0\.0\.1:5432\/test$/);
    expect(lines).toContain('  promises: 3 rows');
    expect(lines).toContain('  jobs: 23 rows');
    expect(lines).toContain('  agent_tips: 2 rows');
    expect(lines.at(-1)).toMatch(/^Done: \d+ rows in 27 tables, row counts match/);

    // Into a database that holds data: refused, nothing written.
    const again: string[] = [];
    expect(await runDbCopy(['--from', `sqlite:${file}`, '--to', url], (line) => again.push(line))).toBe(1);
    expect(again.at(-1)).toMatch(/^Nothing was copied: The target already holds data \(\d+ rows in channels\)/);

    const t = await startTestApp({ dir: tempDir(), start: START, dbFile: url, env: { COACH_MANAGERS: 'U_LEAD' } });
    await expectFixtureIntact(t);
    await t.app.stop();
  });

  it('a year of team history gives the same /coach stats answers on both', async () => {
    const file = path.join(tempDir(), 'history.db');
    const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' };
    const onSqlite = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z', dbFile: file, env: { COACH_MANAGERS: 'U_LEAD' } });
    await say(onSqlite, lead, 'coach', 'today');
    await seedTeamHistory(onSqlite.app.db);
    const ask = async (t: TestApp) => Promise.all(['stats last week', 'stats 2026-W10', 'stats this week csv'].map(async (q) => (await say(t, lead, 'coach', q)).map(textOf)));
    const before = await ask(onSqlite);
    await onSqlite.app.stop();

    const url = await freshPostgresUrl();
    expect(await runDbCopy(['--from', file, '--to', url], () => {})).toBe(0);
    const onPostgres = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z', dbFile: url, env: { COACH_MANAGERS: 'U_LEAD' } });
    expect(await ask(onPostgres)).toEqual(before);
    expect(before[0]!.join('\n')).toContain('People taking part: 1000');
    await onPostgres.app.stop();
  }, 180_000);
});
