// Stats for a team of 1,000 people with a year of history come back fast, from indexes.
import { describe, expect, it } from 'vitest';
import { command, startTestApp, supportChannel } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { Actor } from '../../../src/ports.ts';
import { parseIsoWeek } from '../../../src/coach/stats/iso-week.ts';
import { statsForWeeks } from '../../../src/coach/stats/weekly-stats.ts';
import { promiseCountsByAgent } from '../../../src/store/promises-repo.ts';

const PEOPLE = 1_000;
const WEEKS = 52;
const HOUR = 3_600_000;

describe('stats at scale', () => {
  const tempDir = useTempDir();

  it('a year of 1,000 people (≈470k rows) answers /coach stats in well under a second of queries', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_LEAD' } });
    const { db } = t.app;
    await t.app.coach.handle(command({ platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' }, supportChannel, 'coach', 'today', t.clock.now()));
    const firstMonday = parseIsoWeek('2025-W48', 'Europe/London')!.start.getTime();
    const part = db.prepare(
      `INSERT INTO participation (platform, workspace_id, user_id, kind, address_key, target, dedupe_key, at) VALUES ('slack', 'T1', ?, ?, 'C_SUPPORT', ?, ?, ?)`,
    );
    const prom = db.prepare(
      `INSERT INTO promises (platform, workspace_id, agent_id, agent_tz, created_at, original_due_at, due_at, deadline_at, status, closed_at)
       VALUES ('slack', 'T1', ?, 'Europe/London', ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let w = 0; w < WEEKS; w++) {
        const monday = firstMonday + w * 7 * 24 * HOUR + 9 * HOUR;
        for (let p = 0; p < PEOPLE; p++) {
          const user = `U${p}`;
          for (let d = 0; d < 5; d++) part.run(user, 'ack', `day${w}-${d}`, `a:${user}:${w}:${d}`, monday + d * 24 * HOUR);
          part.run(user, 'reaction', `post${w}`, `r:${user}:${w}`, monday + HOUR);
          part.run(user, 'reply', `disc${w}`, `d:${user}:${w}`, monday + 26 * HOUR);
          const created = monday + 2 * HOUR;
          prom.run(user, created, created + HOUR, created + HOUR, created + HOUR, 'kept', created + HOUR / 2);
          prom.run(user, created, created + HOUR, created + HOUR, created + HOUR, p % 10 === 0 ? 'missed' : 'late', created + 30 * HOUR);
        }
      }
    })();
    expect((db.prepare('SELECT COUNT(*) AS n FROM participation').get() as { n: number }).n).toBe(PEOPLE * WEEKS * 7);

    // The participation query reads only the covering index, never the table.
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT user_id, SUM(kind = 'ack') FROM participation INDEXED BY participation_stats WHERE platform = 'slack' AND workspace_id = 'T1' AND at >= 0 AND at < 1 AND (NULL IS NULL OR address_key = NULL) GROUP BY user_id`)
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' | ')).toMatch(/USING COVERING INDEX participation_stats/);

    const week = parseIsoWeek('2026-W47', 'Europe/London')!;
    const started = performance.now();
    const weeks = statsForWeeks(db, { platform: 'slack', workspaceId: 'T1' }, week, 8, promiseCountsByAgent);
    const queryMs = performance.now() - started;
    const last = weeks.at(-1)!;
    expect(last.people).toHaveLength(PEOPLE);
    expect(last.totals).toMatchObject({ acknowledged: PEOPLE * 6, replies: PEOPLE, made: PEOPLE * 2, kept: PEOPLE, missed: 100, late: 900 });
    expect(queryMs).toBeLessThan(1_500); // eight weeks × (participation + promises) for 1,000 people; typically ~200 ms

    // The whole command, chart included, end to end.
    const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' };
    const begun = performance.now();
    const [answer] = await t.app.coach.handle(command(lead, supportChannel, 'coach', 'stats last week', t.clock.now()));
    expect(performance.now() - begun).toBeLessThan(4_000);
    expect(answer!.text).toContain('People taking part: 1000');
    expect(answer!.text).toContain('…and 975 more');
    await t.app.scheduler.tick(); // the chart follows as a job
    expect(t.messenger.take().filter((s) => s.kind === 'upload')).toHaveLength(1);
    await t.app.stop();
  }, 60_000);
});
