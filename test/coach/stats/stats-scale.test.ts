// Stats for a team of 1,000 people with a year of history come back fast, from indexes.
import { describe, expect, it } from 'vitest';
import { dbAll, dbGet } from '../../helpers/sql.ts';
import { command, startTestApp, supportChannel } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { parseIsoWeek } from '../../../src/coach/stats/iso-week.ts';
import { seedTeamHistory, TEAM_PEOPLE, TEAM_WEEKS } from '../../helpers/seed-team-history.ts';
import type { Actor } from '../../../src/ports.ts';
import { statsForWeeks } from '../../../src/coach/stats/weekly-stats.ts';
import { promiseCountsByAgent } from '../../../src/store/promise-counts-repo.ts';

const PEOPLE = TEAM_PEOPLE;
const WEEKS = TEAM_WEEKS;

describe('stats at scale', () => {
  const tempDir = useTempDir();

  it('a year of 1,000 people (≈470k rows) answers /coach stats in well under a second of queries', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'U_LEAD' } });
    const { db } = t.app;
    await t.app.coach.handle(command({ platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' }, supportChannel, 'coach', 'today', t.clock.now()));
    await seedTeamHistory(db, { people: PEOPLE, weeks: WEEKS });
    expect(((await dbGet(db, 'SELECT COUNT(*) AS n FROM participation')) as { n: number }).n).toBe(PEOPLE * WEEKS * 7);

    // The participation query reads only the covering index, never the table.
    const plan = (await dbAll<{ detail: string }>(db, `EXPLAIN QUERY PLAN SELECT user_id, SUM(kind = 'ack') FROM participation INDEXED BY participation_stats WHERE platform = 'slack' AND workspace_id = 'T1' AND at >= 0 AND at < 1 AND (NULL IS NULL OR address_key = NULL) GROUP BY user_id`));
    expect(plan.map((r) => r.detail).join(' | ')).toMatch(/USING COVERING INDEX participation_stats/);

    const week = parseIsoWeek('2026-W47', 'Europe/London')!;
    // How long this takes is measured by `npm run bench` (its stats section), not here.
    const weeks = await statsForWeeks(db, { platform: 'slack', workspaceId: 'T1' }, week, 8, promiseCountsByAgent);
    const last = weeks.at(-1)!;
    expect(last.people).toHaveLength(PEOPLE);
    expect(last.totals).toMatchObject({ acknowledged: PEOPLE * 6, replies: PEOPLE, made: PEOPLE * 2, kept: PEOPLE, missed: 100, late: 900 });

    // The whole command, chart included, end to end.
    const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' };
    const [answer] = await t.app.coach.handle(command(lead, supportChannel, 'coach', 'stats last week', t.clock.now()));
    expect(answer!.text).toContain('People taking part: 1000');
    expect(answer!.text).toContain('…and 975 more');
    await t.app.scheduler.tick(); // the chart follows as a job
    expect(t.messenger.take().filter((s) => s.kind === 'upload')).toHaveLength(1);
    await t.app.stop();
  }, 60_000);
});
