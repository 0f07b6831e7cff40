// Slack has an outage while the 09:00 daily posts fall due: first 500s, then 429s with Retry-After.
// Nothing is lost, each channel gets its post exactly once when Slack recovers, and no job fails.
// The real Slack messenger and WebClient talk to the fake Web API; time moves by hand.
import { describe, expect, it } from 'vitest';
import { dbAll, dbGet, dbRun } from '../helpers/sql.ts';
import { startSlackHarness } from '../adapters/slack/slack-harness.ts';
import type { Address, Actor } from '../../src/ports.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

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
      const jobs = (await dbAll(h.t.app.db, `SELECT status, COUNT(*) AS n FROM jobs WHERE kind = 'principle.post' GROUP BY status`)) as { status: string; n: number }[];
      expect(jobs).toEqual(expect.arrayContaining([{ status: 'done', n: 20 }, { status: 'pending', n: 20 }])); // today's sent, tomorrow's planned
      expect(jobs.find((j) => j.status === 'failed')).toBeUndefined();
    } finally {
      await h.close();
    }
  }, 60_000);
});
