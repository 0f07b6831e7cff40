// A year of a large team's history, written straight into the db, for the stats scale test and the
// stats benchmark (the same shape in both, so the test guards what the benchmark measures).
// Per person per week: 5 acknowledgements, a reaction, a discussion reply, and two promises
// (one kept; one late, or missed for every tenth person).
import { parseIsoWeek } from '../../src/coach/stats/iso-week.ts';
import type { Db } from '../../src/store/open-store.ts';

export const TEAM_PEOPLE = 1_000;
export const TEAM_WEEKS = 52;
const HOUR = 3_600_000;

export function seedTeamHistory(db: Db, options: { people?: number; weeks?: number; firstWeek?: string } = {}): { people: number; weeks: number } {
  const people = options.people ?? TEAM_PEOPLE;
  const weeks = options.weeks ?? TEAM_WEEKS;
  const firstMonday = (parseIsoWeek(options.firstWeek ?? '2025-W48', 'Europe/London') as { start: Date }).start.getTime();
  const part = db.prepare(
    `INSERT INTO participation (platform, workspace_id, user_id, kind, address_key, target, dedupe_key, at) VALUES ('slack', 'T1', ?, ?, 'C_SUPPORT', ?, ?, ?)`,
  );
  const prom = db.prepare(
    `INSERT INTO promises (platform, workspace_id, agent_id, agent_tz, created_at, original_due_at, due_at, deadline_at, status, closed_at)
     VALUES ('slack', 'T1', ?, 'Europe/London', ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let w = 0; w < weeks; w++) {
      const monday = firstMonday + w * 7 * 24 * HOUR + 9 * HOUR;
      for (let p = 0; p < people; p++) {
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
  return { people, weeks };
}
