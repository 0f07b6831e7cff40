// SIGTERM while a slash command is still being answered: the answer still reaches the person, the
// db is closed cleanly (no write-ahead log left to recover), and the process exits 0 within 5 s.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { startCoachServer } from '../helpers/coach-server-process.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const SECRET = 'shutdown-signing-secret';

describe('graceful shutdown', () => {
  const tempDir = useTempDir();

  it('finishes the command in flight, closes the db cleanly and exits 0 within 5 s of SIGTERM', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    api.addUser({ id: 'U_ALICE', name: 'alice', tz: 'Europe/London' });
    const dbFile = path.join(tempDir(), 'coach.db');
    const coach = await startCoachServer({ DATABASE_URL: dbFile, SLACK_BOT_TOKEN: 'xoxb-shutdown', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url });
    try {
      // Slack is slow to answer users.info: the coach has acked but is still working on the answer.
      const release = api.holdNext('users.info');
      const body = slashCommandBody({ command: '/coach', text: 'subscribe 09:00 Europe/London weekdays', responseUrl: api.responseUrl('in-flight') });
      const acked = await postSlack(coach.baseUrl, body, signedHeaders(SECRET, body));
      expect(acked.status).toBe(200);
      await waitUntil(() => api.arrived.includes('users.info'));

      const sentAt = Date.now();
      coach.child.kill('SIGTERM');
      setTimeout(release, 500);
      const exit = await coach.exited;
      const took = Date.now() - sentAt;

      expect(exit.code).toBe(0);
      expect(took).toBeLessThan(5_000);
      const answers = api.answers().filter((c) => c.responseId === 'in-flight');
      expect(answers).toHaveLength(1);
      expect(String(answers[0]?.params.text)).toContain("You're subscribed");
      // Closed cleanly: the WAL was checkpointed away and the file is sound, with the subscription in it.
      expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
      const db = new Database(dbFile, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT COUNT(*) AS n FROM channels WHERE subscribed = 1').get() as { n: number }).n).toBe(1);
      db.close();
    } finally {
      if (coach.child.exitCode === null) coach.child.kill('SIGKILL');
      await api.stop();
    }
  }, 30_000);
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  // Polls a condition set by another process's network calls (no timers of the coach involved).
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
