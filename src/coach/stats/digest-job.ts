// The weekly digest: every manager gets last week's summary and the eight-week chart by DM on
// Monday at 09:00 in their own zone. One durable job per manager, re-planned each week; when it is
// due and how it is planned is ../digest-plan.ts (the managers feature plans it too).

import type { Actor } from '../../ports.ts';
import type { JobHandler } from '../../scheduler.ts';
import { hasParticipationSince } from '../../store/participation-repo.ts';
import { findPerson, knownWorkspaces, peopleIn } from '../../store/people-repo.ts';
import { digestSubject } from '../../store/job-subjects.ts';
import type { CoachDeps } from '../deps.ts';
import { nextWeeklyOccurrence } from '../daily-schedule.ts';
import { DIGEST_JOB, DIGEST_TIME, digestWeekday, digestZone, planDigest, planDigestIfMissing } from '../digest-plan.ts';
import { teamZone } from '../team-zone.ts';
import { isManager, listManagers } from '../roles.ts';
import { isoWeekOf, shiftWeek } from './iso-week.ts';
import { renderStatsMessage, TREND_WEEKS } from './stats-message.ts';
import { CHART_WEEKS, teamChartFile } from './team-chart.ts';
import { statsForWeeks, type PromiseSource } from './weekly-stats.ts';

/** A digest more than a day late (long downtime) is skipped; next Monday's comes as usual. */
export const MAX_DIGEST_LATENESS_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A manager used the coach: make sure their Monday digest is planned (kept as is when it already is). */
export async function ensureDigest(deps: Pick<CoachDeps, 'db' | 'config'>, actor: Actor, now: Date): Promise<void> {
  if (!(await isManager(deps.db, deps.config, actor))) return;
  await planDigestIfMissing(deps, actor, now);
}

/** Every manager the coach can know of: named ones per known workspace, and people seen as managers (admins, console). */
export async function knownManagers(deps: Pick<CoachDeps, 'db' | 'config'>): Promise<Actor[]> {
  const { db, config } = deps;
  const found = new Map<string, Actor>();
  for (const ws of await knownWorkspaces(db)) {
    for (const manager of await listManagers(db, config, ws.platform, ws.workspaceId)) {
      found.set(digestSubject(manager.platform, manager.workspaceId, manager.userId), manager);
    }
    for (const person of await peopleIn(db, ws.platform, ws.workspaceId)) {
      if (await isManager(db, config, person)) found.set(digestSubject(person.platform, person.workspaceId, person.userId), person);
    }
  }
  return [...found.values()];
}

export function createDigestHandler(deps: CoachDeps, promises: PromiseSource | undefined): JobHandler {
  const { db, config, messenger, logger } = deps;
  return async (job, { now, lateMs }) => {
    const { userId } = job.payload as { userId: string };
    const manager: Actor = (await findPerson(db, job.platform, job.workspaceId, userId)) ?? { platform: job.platform, workspaceId: job.workspaceId, userId };
    if (!(await isManager(db, config, manager))) return { status: 'skipped', note: 'no longer a manager' };
    // Planned before we knew their zone (added by someone else)? Move it to 09:00 where they are.
    const rightSlot = nextWeeklyOccurrence(
      { weekday: await digestWeekday(deps, manager), time: DIGEST_TIME, zone: await digestZone(deps, manager) },
      new Date(job.dueAt.getTime() - 3 * DAY_MS),
    );
    if (rightSlot.getTime() > now.getTime() && rightSlot.getTime() !== job.dueAt.getTime()) {
      await planDigest(deps, manager, new Date(rightSlot.getTime() - 1), now);
      return { status: 'skipped', note: 'moved to 09:00 in the manager’s zone' };
    }
    // Plan next Monday first (idempotent), so a failed send below never ends the series. A day
    // later than this slot, so a zone west of the planned one does not get a second digest today.
    await planDigest(deps, manager, new Date(Math.max(now.getTime(), job.dueAt.getTime()) + DAY_MS), now);
    if (lateMs > MAX_DIGEST_LATENESS_MS) return { status: 'skipped', note: 'more than a day late after downtime' };
    const scope = { platform: job.platform, workspaceId: job.workspaceId };
    const zone = await teamZone(db, config, scope);
    const lastWeek = shiftWeek(isoWeekOf(job.dueAt, zone), -1);
    const weeks = await statsForWeeks(db, scope, lastWeek, CHART_WEEKS, promises);
    const quiet = weeks.every((w) => w.people.length === 0) && !(await hasParticipationSince(db, job.platform, job.workspaceId, weeks[0]?.week.start ?? lastWeek.start));
    if (quiet) return { status: 'skipped', note: 'nothing recorded in eight weeks' };
    const current = weeks.at(-1) as (typeof weeks)[number];
    const message = renderStatsMessage(current, weeks.slice(-(TREND_WEEKS + 1), -1), {
      scopeLabel: 'all channels',
      withPromises: promises !== undefined,
      csvCommand: `/coach stats ${lastWeek.key} csv`,
      title: `📬 Your weekly team digest — week ${lastWeek.key}`,
    });
    await messenger.dm(manager, message, { idempotencyKey: `${DIGEST_JOB}:${job.subject}:${lastWeek.key}` });
    await messenger.upload(manager, await teamChartFile(weeks, 'all channels', promises !== undefined), 'The last eight weeks at a glance.');
    logger.info('sent weekly digest', { platform: job.platform, workspaceId: job.workspaceId, week: lastWeek.key });
    return { status: 'done' };
  };
}
