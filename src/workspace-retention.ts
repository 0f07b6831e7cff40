// An uninstalled workspace's history is kept for the retention period only (PROMISE_RETENTION_DAYS):
// long enough for a team that reinstalls to find its subscriptions, stats and promises again, and
// then gone. One durable job per uninstall; a reinstall cancels it.

import type { Logger } from './logger.ts';
import type { Platform } from './ports.ts';
import type { JobHandler } from './scheduler.ts';
import { planSingleJob } from './coach/plan-job.ts';
import { eraseWorkspace } from './store/erase-workspace.ts';
import { cancelPendingJobs } from './store/jobs-repo.ts';
import type { Db } from './store/open-store.ts';

export const WORKSPACE_FORGET_JOB = 'workspace.forget';
const DAY_MS = 24 * 60 * 60_000;

const subjectOf = (platform: Platform, workspaceId: string) => `workspace:${platform}:${workspaceId}`;

export async function planWorkspaceForget(db: Db, platform: Platform, workspaceId: string, retentionDays: number, now: Date): Promise<Date> {
  const dueAt = new Date(now.getTime() + retentionDays * DAY_MS);
  const subject = subjectOf(platform, workspaceId);
  await planSingleJob(db, { kind: WORKSPACE_FORGET_JOB, platform, workspaceId, subject, dueAt, payload: {}, idempotencyKey: `${WORKSPACE_FORGET_JOB}:${subject}:${dueAt.toISOString()}` }, now);
  return dueAt;
}

export async function cancelWorkspaceForget(db: Db, platform: Platform, workspaceId: string, now: Date): Promise<void> {
  await cancelPendingJobs(db, subjectOf(platform, workspaceId), now, [WORKSPACE_FORGET_JOB]);
}

export function createWorkspaceForgetHandler(deps: { db: Db; logger: Logger }): JobHandler {
  return async (job) => {
    const rows = await eraseWorkspace(deps.db, job.platform, job.workspaceId, WORKSPACE_FORGET_JOB);
    deps.logger.info('uninstalled workspace: its history is erased at the end of the retention period', { platform: job.platform, workspaceId: job.workspaceId, rows });
  };
}
