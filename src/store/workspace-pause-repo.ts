// A whole workspace stops (the app was uninstalled there, or its token stopped working) and starts
// again (reinstalled). Stopping pauses its subscribed channels with the reason and cancels its
// pending jobs, so nothing fails over and over for a workspace the coach can no longer reach;
// its history stays, under the usual retention. Starting again resubscribes exactly the channels
// this paused (a channel someone unsubscribed stays off); the features then plan their jobs.

import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

/** Why the coach paused a channel when it lost a whole workspace (channels.paused_reason). */
export const WORKSPACE_PAUSE_REASONS = ['uninstalled', 'token_failed'] as const;
export type WorkspacePauseReason = (typeof WORKSPACE_PAUSE_REASONS)[number];

export async function pauseWorkspace(db: Db, platform: Platform, workspaceId: string, reason: WorkspacePauseReason, now: Date): Promise<{ channels: number; jobs: number }> {
  return db.transaction().execute(async (trx) => {
    const channels = await trx
      .updateTable('channels')
      .set({ subscribed: 0, paused_reason: reason, updated_at: now.getTime() })
      .where('platform', '=', platform)
      .where('workspace_id', '=', workspaceId)
      .where('subscribed', '=', 1)
      .executeTakeFirst();
    const jobs = await trx
      .updateTable('jobs')
      .set({ status: 'cancelled', finished_at: now.getTime(), last_error: `workspace ${reason}` })
      .where('platform', '=', platform)
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return { channels: Number(channels.numUpdatedRows), jobs: Number(jobs.numUpdatedRows) };
  });
}

/** Resubscribe the channels pauseWorkspace paused; how many. */
export async function resumeWorkspace(db: Db, platform: Platform, workspaceId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('channels')
    .set({ subscribed: 1, paused_reason: null, updated_at: now.getTime() })
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .where('subscribed', '=', 0)
    .where('paused_reason', 'in', [...WORKSPACE_PAUSE_REASONS])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
