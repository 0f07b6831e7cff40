// When a manager's weekly digest is due, and its one durable job: planned and cancelled here.
// Shared below the features: the stats feature sends the digest (stats/digest-job.ts) and keeps
// it planned; the managers feature plans it for a manager just added and cancels it for one just
// removed. Monday at 09:00 in the manager's own zone (the zone their platform reported when they
// last used the coach; else the team's; else the default).

import { isValidZone } from '../zone-names.ts';
import type { Actor, Platform } from '../ports.ts';
import { cancelPendingJobs, pendingJobs } from '../store/jobs-repo.ts';
import { digestSubject } from '../store/job-subjects.ts';
import { findPerson } from '../store/people-repo.ts';
import { findTeamPostDays } from '../store/team-days-repo.ts';
import { nextWeeklyOccurrence } from './daily-schedule.ts';
import type { CoachDeps } from './deps.ts';
import { planSingleJob } from './plan-job.ts';
import { teamZone } from './team-zone.ts';
import { firstWorkDayOfWeek } from './work-days.ts';

export const DIGEST_JOB = 'stats.digest';
export const DIGEST_WEEKDAY = 1; // Monday, or the team's first work day after it (work-days.ts)
export const DIGEST_TIME = '09:00';

export async function digestZone(deps: Pick<CoachDeps, 'db' | 'config'>, manager: Actor): Promise<string> {
  const known = manager.tz ?? (await findPerson(deps.db, manager.platform, manager.workspaceId, manager.userId))?.tz;
  if (known && isValidZone(known)) return known;
  return teamZone(deps.db, deps.config, { platform: manager.platform, workspaceId: manager.workspaceId });
}

/** The digest's weekday: Monday, unless the team does not work Mondays (then its next work day). */
export async function digestWeekday(deps: Pick<CoachDeps, 'db'>, manager: Actor): Promise<number> {
  const days = (await findTeamPostDays(deps.db, manager.platform, manager.workspaceId)) ?? 'weekdays';
  return firstWorkDayOfWeek(days);
}

/** Plan the manager's next digest unless one is already pending (kept as is then). True when it planned one. */
export async function planDigestIfMissing(deps: Pick<CoachDeps, 'db' | 'config'>, manager: Actor, now: Date): Promise<boolean> {
  const pending = await pendingJobs(deps.db, { subject: digestSubject(manager.platform, manager.workspaceId, manager.userId), kind: DIGEST_JOB });
  if (pending.length > 0) return false;
  await planDigest(deps, manager, now, now);
  return true;
}

/** Plan (or re-plan, when their zone changed) a manager's next Monday digest. */
export async function planDigest(deps: Pick<CoachDeps, 'db' | 'config'>, manager: Actor, after: Date, now: Date): Promise<Date> {
  const due = nextWeeklyOccurrence({ weekday: await digestWeekday(deps, manager), time: DIGEST_TIME, zone: await digestZone(deps, manager) }, after);
  const subject = digestSubject(manager.platform, manager.workspaceId, manager.userId);
  await planSingleJob(
    deps.db,
    {
      kind: DIGEST_JOB,
      platform: manager.platform,
      workspaceId: manager.workspaceId,
      subject,
      dueAt: due,
      payload: { userId: manager.userId },
      idempotencyKey: `${DIGEST_JOB}:${subject}:${due.toISOString()}`,
    },
    now,
  );
  return due;
}

export async function cancelDigest(deps: Pick<CoachDeps, 'db'>, platform: Platform, workspaceId: string, userId: string, now: Date): Promise<void> {
  await cancelPendingJobs(deps.db, digestSubject(platform, workspaceId, userId), now, [DIGEST_JOB]);
}
