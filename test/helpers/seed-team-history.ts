// A year of a large team's history, written straight into the db, for the stats scale test and the
// stats benchmark (the same shape in both, so the test guards what the benchmark measures).
// Per person per week: 5 acknowledgements, a reaction, a discussion reply, and two promises
// (one kept; one late, or missed for every tenth person).
import type { Insertable } from 'kysely';
import { parseIsoWeek } from '../../src/coach/stats/iso-week.ts';
import type { Db } from '../../src/store/open-store.ts';
import type { ParticipationTable, PromisesTable } from '../../src/store/database.ts';

export const TEAM_PEOPLE = 1_000;
export const TEAM_WEEKS = 52;
const HOUR = 3_600_000;
/** Rows per INSERT: well under both dialects' limits on bound parameters. */
const BATCH = 1_000;

export async function seedTeamHistory(db: Db, options: { people?: number; weeks?: number; firstWeek?: string } = {}): Promise<{ people: number; weeks: number }> {
  const people = options.people ?? TEAM_PEOPLE;
  const weeks = options.weeks ?? TEAM_WEEKS;
  const firstMonday = (parseIsoWeek(options.firstWeek ?? '2025-W48', 'Europe/London') as { start: Date }).start.getTime();
  await db.transaction().execute(async (trx) => {
    let parts: Insertable<ParticipationTable>[] = [];
    let proms: Insertable<PromisesTable>[] = [];
    const flush = async (force = false) => {
      if (parts.length >= BATCH || (force && parts.length)) {
        await trx.insertInto('participation').values(parts).execute();
        parts = [];
      }
      if (proms.length >= BATCH || (force && proms.length)) {
        await trx.insertInto('promises').values(proms).execute();
        proms = [];
      }
    };
    const part = (user: string, kind: string, target: string, dedupe: string, at: number) =>
      parts.push({ platform: 'slack', workspace_id: 'T1', user_id: user, kind, address_key: 'C_SUPPORT', target, dedupe_key: dedupe, at });
    const prom = (user: string, created: number, due: number, status: 'kept' | 'late' | 'missed', closed: number) =>
      proms.push({
        platform: 'slack',
        workspace_id: 'T1',
        agent_id: user,
        agent_name: null,
        agent_tz: 'Europe/London',
        address_key: null,
        who: null,
        note: null,
        created_at: created,
        original_due_at: due,
        due_at: due,
        deadline_at: due,
        status,
        closed_at: closed,
        closed_by: null,
        tip_id: null,
        purged_at: null,
      });
    for (let w = 0; w < weeks; w++) {
      const monday = firstMonday + w * 7 * 24 * HOUR + 9 * HOUR;
      for (let p = 0; p < people; p++) {
        const user = `U${p}`;
        for (let d = 0; d < 5; d++) part(user, 'ack', `day${w}-${d}`, `a:${user}:${w}:${d}`, monday + d * 24 * HOUR);
        part(user, 'reaction', `post${w}`, `r:${user}:${w}`, monday + HOUR);
        part(user, 'reply', `disc${w}`, `d:${user}:${w}`, monday + 26 * HOUR);
        const created = monday + 2 * HOUR;
        prom(user, created, created + HOUR, 'kept', created + HOUR / 2);
        prom(user, created, created + HOUR, p % 10 === 0 ? 'missed' : 'late', created + 30 * HOUR);
        await flush();
      }
    }
    await flush(true);
  });
  return { people, weeks };
}
