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

describe('graceful shutdown in the middle of a burst of reminders', () => {
  const tempDir = useTempDir();
  // Enough that sending them all at 400 ms a post (64 at a time) would take about 6 s: stopping must not wait for that.
  const AGENTS = 1_000;

  it('exits 0 within 5 s of SIGTERM while Slack takes 400 ms a post, and the next start sends the rest, each heads-up once', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    for (let i = 0; i < AGENTS; i++) api.addUser({ id: `U_AGENT${i}`, name: `agent${i}`, tz: 'UTC' });
    const dbFile = path.join(tempDir(), 'coach.db');
    const env = { DATABASE_URL: dbFile, SLACK_BOT_TOKEN: 'xoxb-burst', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PROMISE_HEADS_UP_MINUTES: '15' };
    let coach = await startCoachServer(env);
    try {
      coach.child.kill('SIGTERM'); // the first start created the schema
      expect(await coach.exited).toEqual({ code: 0, signal: null });
      // 1,000 promises due in 30 min, written straight into the file (making them with 1,000 slash
      // commands takes a minute on a busy machine): their heads-ups fall due together at +15 min.
      const seed = new Database(dbFile);
      const now = Date.now();
      const due = now + 30 * 60_000;
      const promise = seed.prepare(
        `INSERT INTO promises (platform, workspace_id, agent_id, agent_name, agent_tz, address_key, who, created_at, original_due_at, due_at, deadline_at) VALUES ('slack', 'T1', ?, ?, 'UTC', 'C_SUPPORT', ?, ?, ?, ?, ?)`,
      );
      const headsUp = seed.prepare(
        `INSERT INTO jobs (kind, platform, workspace_id, subject, due_at, original_due_at, payload, idempotency_key, created_at) VALUES ('promise.headsup', 'slack', 'T1', ?, ?, ?, ?, ?, ?)`,
      );
      seed.transaction(() => {
        for (let i = 0; i < AGENTS; i++) {
          const id = Number(promise.run(`U_AGENT${i}`, `agent${i}`, `CUST-${i}`, now, due, due, due + 5 * 60_000).lastInsertRowid);
          headsUp.run(`promise:${id}`, due - 15 * 60_000, due - 15 * 60_000, JSON.stringify({ promiseId: id, revision: 0 }), `promise.headsup:${id}:r0`, now);
        }
      })();
      seed.close();

      // Back with the clock 16 min on: all 1,000 heads-ups are due at once, and Slack is slow.
      api.slowDown('chat.postMessage', 400);
      coach = await startCoachServer({ ...env, COACH_CLOCK_OFFSET_MS: String(16 * 60_000) });
      await api.waitFor('chat.postMessage', 40); // mid-burst: dozens sent, most still to go
      const sentAt = Date.now();
      coach.child.kill('SIGTERM');
      const exit = await coach.exited;
      const took = Date.now() - sentAt;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(took).toBeLessThan(5_000);
      const beforeRestart = api.callsTo('chat.postMessage').length;
      expect(beforeRestart).toBeLessThan(AGENTS);
      const db = new Database(dbFile, { readonly: true });
      expect(db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status = 'running'`).get()).toEqual({ n: 0 }); // all handed back
      db.close();

      api.slowDown('chat.postMessage', 0);
      coach = await startCoachServer({ ...env, COACH_CLOCK_OFFSET_MS: String(16 * 60_000) });
      await api.waitFor('chat.postMessage', AGENTS);
      coach.child.kill('SIGTERM');
      expect(await coach.exited).toEqual({ code: 0, signal: null });
      const perAgent = new Map<string, number>();
      for (const call of api.callsTo('chat.postMessage')) perAgent.set(String(call.params.channel), (perAgent.get(String(call.params.channel)) ?? 0) + 1);
      expect(perAgent.size).toBe(AGENTS);
      expect([...perAgent.values()].every((n) => n === 1)).toBe(true);
      process.stdout.write(`SIGTERM mid-burst (Slack 400 ms a post): exit in ${took} ms, ${beforeRestart} of ${AGENTS} sent before, the rest after restart, no duplicates\n`);
    } finally {
      if (coach.child.exitCode === null && coach.child.signalCode === null) coach.child.kill('SIGKILL');
      await api.stop();
    }
  }, 90_000);
});
