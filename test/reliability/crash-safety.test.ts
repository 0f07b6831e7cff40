// SIGKILL mid-stream: the coach runs as a real process, takes a stream of signed slash commands, and
// is killed without warning. Restarted on the same db with its clock moved past the due time of
// what was planned, it has kept every request it confirmed, and delivers each post that fell due
// while it was down exactly once.
//
// Uses daily-post subscriptions (`/coach subscribe`), the durable work that exists on this branch;
// the same shape applies to /promise-callback and its heads-up once promises land.
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { startCoachServer } from '../helpers/coach-server-process.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const SECRET = 'crash-signing-secret';

describe('crash safety', () => {
  const tempDir = useTempDir();

  it('keeps every confirmed request through SIGKILL and delivers what fell due while down exactly once', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    api.addUser({ id: 'U_ALICE', name: 'alice', tz: 'UTC' });
    const dbFile = path.join(tempDir(), 'coach.db');
    const env = { DATABASE_URL: dbFile, SLACK_BOT_TOKEN: 'xoxb-crash', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url };
    // Posts due 30 minutes from now (UTC, every day); the restart runs 45 minutes ahead.
    const postAt = DateTime.utc().plus({ minutes: 30 }).toFormat('HH:mm');
    let coach = await startCoachServer(env);
    try {
      const confirmed = new Set<string>();
      let sent = 0;
      let killed = false;
      const sendOne = async (i: number) => {
        const channel = `C_CRASH${i}`;
        const body = slashCommandBody({ command: '/coach', text: `subscribe ${postAt} UTC daily`, channel, channelName: `team-${i}`, responseUrl: api.responseUrl(channel) });
        sent += 1;
        await postSlack(coach.baseUrl, body, signedHeaders(SECRET, body)).catch(() => undefined); // refused once killed
      };
      api.waitFor('response_url', 25).then(() => {
        killed = coach.child.kill('SIGKILL');
      }, () => undefined);
      // Four senders stream requests until the kill lands in the middle of the stream.
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!killed && next < 500) await sendOne(next++);
        }),
      );
      await coach.exited;
      for (const call of api.callsTo('response_url')) {
        if (String(call.params.text).includes("You're subscribed")) confirmed.add(String(call.responseId));
      }
      expect(killed).toBe(true);
      expect(confirmed.size).toBeGreaterThanOrEqual(25);
      expect(sent).toBeGreaterThan(confirmed.size); // some requests were cut off by the kill

      // Restart 45 minutes later (by the coach's clock): every post planned for +30 min fell due while down.
      coach = await startCoachServer({ ...env, COACH_CLOCK_OFFSET_MS: String(45 * 60_000) });
      const db = new Database(dbFile, { readonly: true });
      const subscribed = () => (db.prepare(`SELECT address_key FROM channels WHERE subscribed = 1`).all() as { address_key: string }[]).map((r) => r.address_key);
      const dueLeft = () => (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'principle.post' AND status IN ('pending', 'running') AND due_at <= ?`).get(Date.now() + 45 * 60_000) as { n: number }).n;
      // The coach's own loop delivers them (once a second); wait for the last one to be finished in the db.
      const start = Date.now();
      while (dueLeft() > 0 || api.callsTo('chat.postMessage').length < subscribed().length) {
        if (Date.now() - start > 15_000) throw new Error(`posts not delivered: ${dueLeft()} still due`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      coach.child.kill('SIGTERM');
      expect((await coach.exited).code).toBe(0);

      const stored = subscribed();
      for (const channel of confirmed) expect(stored, `${channel} was confirmed`).toContain(channel);
      const posts = api.callsTo('chat.postMessage').map((c) => String(c.params.channel));
      expect([...posts].sort()).toEqual([...stored].sort()); // every subscribed channel exactly once
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      if (coach.child.exitCode === null && coach.child.signalCode === null) coach.child.kill('SIGKILL');
      await api.stop();
    }
  }, 60_000);
});
