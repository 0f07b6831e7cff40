// `npm run db:backup` while a running coach answers a stream of slash commands: the copy is
// consistent and holds every promise the coach had confirmed when the backup began.
// `npm run db:restore` refuses while that coach runs, and restores once it has stopped.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runDbBackup } from '../../src/db-backup.ts';
import { runDbRestore } from '../../src/db-restore.ts';
import { FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { startCoachServer } from '../helpers/coach-server-process.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';

const LATEST = MIGRATIONS.at(-1)!.version;

const SECRET = 'backup-signing-secret';
const WORKERS = 4;
const PER_WORKER = 30;

const promisesIn = (file: string): string[] => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT who FROM promises ORDER BY id').all() as { who: string }[]).map((r) => r.who);
  } finally {
    db.close();
  }
};

describe('backup and restore (SQLite)', () => {
  const tempDir = useTempDir();

  it('backs up online under load with every confirmed promise, and restores only once the coach has stopped', async () => {
    const dir = tempDir();
    const live = path.join(dir, 'coach.db');
    const backup = path.join(dir, 'backups', 'before-upgrade.db');
    const env = { DATABASE_URL: live };
    const api = new FakeSlackApi('T1');
    await api.start();
    api.addUser({ id: 'U_ALICE', name: 'alice', tz: 'Europe/London' });
    let coach = await startCoachServer({ DATABASE_URL: live, SLACK_BOT_TOKEN: 'xoxb-backup', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url });
    try {
      const promise = async (who: string) => {
        const body = slashCommandBody({ command: '/promise-callback', text: `${who} tomorrow 3pm call back about the order`, responseUrl: api.responseUrl(who) });
        const res = await postSlack(coach.baseUrl, body, signedHeaders(SECRET, body));
        expect(res.status).toBe(200);
        return res.body;
      };
      // The first command of a new person is answered via response_url; from then on in the ack.
      await promise('WARM-0');
      await api.waitForAnswers(1);

      const confirmed: string[] = [];
      let backupStarted: string[] | undefined;
      let backupDone: Promise<{ code: number; lines: string[] }> | undefined;
      const worker = async (w: number) => {
        for (let i = 1; i <= PER_WORKER; i++) {
          const who = `LOAD-${w}-${i}`;
          const ack = await promise(who);
          expect(ack).toContain(who); // the confirmation is in the ack: the promise is stored
          confirmed.push(who);
          if (!backupDone && confirmed.length >= (WORKERS * PER_WORKER) / 3) {
            // Mid-stream: everything confirmed so far must be in the copy.
            backupStarted = [...confirmed];
            const lines: string[] = [];
            backupDone = runDbBackup([backup], (line) => lines.push(line), env).then((code) => ({ code, lines }));
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      const { code, lines } = await backupDone!;
      expect(code).toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Backed up ${live} to ${backup}: \\d+ KB, \\d+ promises, schema version ${LATEST} \\(\\d+\\.\\d s\\)\\.$`));

      const saved = promisesIn(backup);
      expect(saved).toEqual(expect.arrayContaining(['WARM-0', ...backupStarted!]));
      expect(saved.length).toBeLessThan(1 + WORKERS * PER_WORKER); // taken mid-stream, not after
      expect(fs.existsSync(`${backup}-wal`)).toBe(false); // one self-contained file
      expect(fs.statSync(backup).mode & 0o777).toBe(0o600); // as private as the database itself

      // The same name again would overwrite a backup: refused.
      const again: string[] = [];
      expect(await runDbBackup([backup], (line) => again.push(line), env)).toBe(1);
      expect(again).toEqual([`No backup made: ${backup} already exists; give the backup a new name.`]);

      // While the coach runs on the database, restoring over it is refused.
      const refused: string[] = [];
      expect(await runDbRestore([backup], (line) => refused.push(line), env)).toBe(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(new RegExp(`^Nothing was restored: A coach is running on ${live} \\(pid ${coach.child.pid} on .+, seen \\d+ s ago\\)\\. Stop it first, then restore\\.$`));
      expect(promisesIn(live)).toHaveLength(1 + WORKERS * PER_WORKER);

      coach.child.kill('SIGTERM');
      expect((await coach.exited).code).toBe(0);
      const restored: string[] = [];
      expect(await runDbRestore([backup], (line) => restored.push(line), env)).toBe(0);
      expect(restored).toEqual([
        `Restored ${backup} to ${live}: ${Math.round(fs.statSync(live).size / 1024)} KB, ${saved.length} promises, schema version ${LATEST}. Start the coach again; it upgrades the schema if it needs to.`,
      ]);
      expect(promisesIn(live)).toEqual(saved);
      expect(fs.statSync(live).mode & 0o777).toBe(0o600);

      // The coach starts on the restored database and is ready (the backup's own beat was cleared).
      coach = await startCoachServer({ DATABASE_URL: live, SLACK_BOT_TOKEN: 'xoxb-backup', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url });
      expect((await fetch(`${coach.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      if (coach.child.exitCode === null) {
        coach.child.kill('SIGTERM');
        await coach.exited;
      }
      await api.stop();
    }
  }, 90_000);

  it('points PostgreSQL at pg_dump and pg_restore, and says how to call it', async () => {
    const lines: string[] = [];
    expect(await runDbBackup(['coach.dump'], (line) => lines.push(line), { DATABASE_URL: 'postgres://coach@db:5432/coach' })).toBe(2);
    expect(await runDbRestore(['coach.dump'], (line) => lines.push(line), { DATABASE_URL: 'postgres://coach@db:5432/coach' })).toBe(2);
    expect(await runDbBackup([], (line) => lines.push(line), {})).toBe(2);
    expect(lines).toEqual([
      'DATABASE_URL is PostgreSQL: back it up with pg_dump, for example',
      '  pg_dump --format=custom --file=coach.dump "$DATABASE_URL"',
      'DATABASE_URL is PostgreSQL: stop every coach replica, then restore with pg_restore, for example',
      '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" coach.dump',
      'Usage: npm run db:backup -- backups/service-coach-2026-12-02.db',
    ]);
  });
});
