// Slack has an outage while the 09:00 daily posts fall due: first 500s, then 429s with Retry-After.
// Nothing is lost, each channel gets its post exactly once when Slack recovers, and no job fails.
// The real Slack messenger and WebClient talk to the fake Web API; time moves by hand.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { startCoachServer } from '../helpers/coach-server-process.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { dbAll } from '../helpers/sql.ts';
import { startSlackHarness } from '../adapters/slack/slack-harness.ts';
import type { Address, Actor } from '../../src/ports.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const SECRET = 'outage-signing-secret';

describe('Slack outage during the daily posts', () => {
  const tempDir = useTempDir();

  it('delivers every post once after 500s and then 429s, and gives up on none', async () => {
    const h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z'); // a Monday
    try {
      const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_ALICE', tz: 'Europe/London' };
      const channels = Array.from({ length: 20 }, (_, i) => `C_TEAM${i}`);
      for (const key of channels) {
        const address: Address = { platform: 'slack', workspaceId: 'T1', key };
        const [answer] = await h.t.app.coach.handle({ kind: 'command', from: lead, address, command: 'coach', text: 'subscribe 09:00 Europe/London weekdays', at: h.t.clock.now() });
        expect(answer?.text).toContain("You're subscribed");
      }

      // 09:00: Slack is down. 30 internal errors, then 40 rate-limit answers asking for 20 s.
      h.api.failNext(30, { status: 500 }, 'chat.postMessage');
      h.api.failNext(40, { status: 429, retryAfterSeconds: 20 }, 'chat.postMessage');
      h.t.clock.set('2026-11-23T09:00:00Z');
      for (let step = 0; step < 60; step++) { // half an hour, in 30-second scheduler rounds
        await h.t.app.scheduler.tick();
        h.t.clock.advance(30_000);
      }
      await h.t.app.scheduler.tick();

      const attempts = h.api.methods().filter((m) => m.startsWith('chat.postMessage'));
      expect(attempts.filter((m) => m.endsWith('!500'))).toHaveLength(30);
      expect(attempts.filter((m) => m.endsWith('!429'))).toHaveLength(40);
      const delivered = h.api.callsTo('chat.postMessage').map((c) => String(c.params.channel));
      expect([...delivered].sort()).toEqual([...channels].sort()); // every channel, each exactly once
      const jobs = await dbAll<{ status: string; n: number }>(h.t.app.db, `SELECT status, COUNT(*) AS n FROM jobs WHERE kind = 'principle.post' GROUP BY status`);
      expect(jobs).toEqual(expect.arrayContaining([{ status: 'done', n: 20 }, { status: 'pending', n: 20 }])); // today's sent, tomorrow's planned
      expect(jobs.find((j) => j.status === 'failed')).toBeUndefined();
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('Slack rate-limits for 44 s, then fails for 2.5 s, while heads-ups fall due (a real coach process)', () => {
  const tempDir = useTempDir();
  const AGENTS = 40;

  it('delivers every heads-up once: rate limits use up no attempts, and the 500s cost seconds', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    for (let i = 0; i < AGENTS; i++) api.addUser({ id: `U_AGENT${i}`, name: `agent${i}`, tz: 'UTC' });
    const dbFile = path.join(tempDir(), 'coach.db');
    const coach = await startCoachServer({ DATABASE_URL: dbFile, SLACK_BOT_TOKEN: 'xoxb-outage', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PROMISE_HEADS_UP_MINUTES: '15' });
    try {
      const started = Date.now();
      api.failFor(44_000, { status: 429, retryAfterSeconds: 1 }, 'chat.postMessage');
      api.failFor(2_500, { status: 500 }, 'chat.postMessage', 44_000);
      // Due in 10 min, inside the 15-min heads-up: each heads-up is due at once, in the outage.
      for (let i = 0; i < AGENTS; i++) {
        const body = slashCommandBody({ command: '/promise-callback', text: `CUST-${i} in 10 min`, user: `U_AGENT${i}`, userName: `agent${i}`, responseUrl: api.responseUrl(`U_AGENT${i}`) });
        expect((await postSlack(coach.baseUrl, body, signedHeaders(SECRET, body))).status).toBe(200);
      }
      await api.waitFor('chat.postMessage', AGENTS);
      const tookS = (Date.now() - started) / 1000;

      const failed = api.methods().filter((m) => m.startsWith('chat.postMessage!'));
      const rateLimited = failed.filter((m) => m.endsWith('!429')).length;
      // Each heads-up was told "later" about 20 times (a retry every 1–2 s of the once-a-second loop).
      // Counted as attempts, as before, they would have grown the backoff to its 15-minute cap.
      expect(rateLimited).toBeGreaterThan(AGENTS * 15);
      expect(failed.filter((m) => m.endsWith('!500')).length).toBeGreaterThan(0);
      const delivered = api.callsTo('chat.postMessage');
      expect(new Set(delivered.map((c) => String(c.params.channel))).size).toBe(AGENTS);
      expect(delivered).toHaveLength(AGENTS);
      // …and every one arrived, once.
      expect(String(delivered[0]?.params.text)).toContain('Heads-up: your callback to CUST-');
      expect(tookS).toBeLessThan(44 + 2.5 + 10); // the 500s cost a 5-second backoff, not minutes
      coach.child.kill('SIGTERM');
      expect((await coach.exited).code).toBe(0);
      const db = new Database(dbFile, { readonly: true });
      expect(db.prepare(`SELECT status, COUNT(*) AS n FROM jobs WHERE kind = 'promise.headsup' GROUP BY status`).all()).toEqual([{ status: 'done', n: AGENTS }]);
      db.close();
      process.stdout.write(`44 s of 429 then 2.5 s of 500: ${AGENTS}/${AGENTS} heads-ups delivered after ${tookS.toFixed(1)} s, ${rateLimited} rate-limited tries counted as no attempt\n`);
    } finally {
      if (coach.child.exitCode === null && coach.child.signalCode === null) coach.child.kill('SIGKILL');
      await api.stop();
    }
  }, 120_000);
});
