// The Teams connector has an outage when reminders fall due: 500s, then 429s with Retry-After.
// Every heads-up still reaches its agent's 1:1 chat exactly once when it recovers, and none fails.
import { describe, expect, it } from 'vitest';
import { dbGet } from '../helpers/sql.ts';
import { personalMessage, startTeamsHarness, visibleText, type TeamsUser } from '../adapters/teams/teams-harness.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('Teams outage during reminders', () => {
  const tempDir = useTempDir();

  it('delivers each heads-up once after 500s and 429s, and gives up on none', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z' });
    try {
      const agents: TeamsUser[] = Array.from({ length: 8 }, (_, i) => ({ id: `29:agent-${i}`, aadObjectId: `aad-agent-${i}`, name: `Agent ${i}` }));
      for (const agent of agents) {
        expect(await h.send(personalMessage(h.connector, agent, `promise-callback CUST-${agent.aadObjectId} in 30 min refund status`))).toBe(200);
      }
      h.connector.clear();
      // Heads-ups fall due at +15 min, straight into the outage.
      h.connector.failNext(12, 500);
      h.connector.rateLimitNext(12, 1);
      h.t.clock.advanceMinutes(15);
      for (let step = 0; step < 16; step++) { // eight minutes, in 30-second scheduler rounds
        await h.t.app.scheduler.tick();
        h.t.clock.advance(30_000);
      }
      const failedAttempts = h.connector.calls.filter((c) => c.status >= 400);
      expect(failedAttempts.filter((c) => c.status === 500)).toHaveLength(12);
      expect(failedAttempts.filter((c) => c.status === 429)).toHaveLength(12);
      const sends = h.connector.deliveries(); // proactive sends into the 1:1 chat
      for (const agent of agents) {
        const mine = sends.filter((c) => c.conversationId === `a:personal-${agent.aadObjectId}`);
        expect(mine, agent.name).toHaveLength(1);
        expect(visibleText(mine[0]!.body)).toContain(`CUST-${agent.aadObjectId}`);
      }
      const failedJobs = (await dbGet(h.t.app.db, `SELECT COUNT(*) AS n FROM jobs WHERE status = 'failed'`)) as { n: number };
      expect(failedJobs.n).toBe(0);
    } finally {
      await h.close();
    }
  }, 60_000);
});
