// A whole workspace comes and goes: the app installed there (again), uninstalled, or its token
// stopped working. Adapters say which; this pauses or resumes the workspace's work in the store
// and lets the features plan what a resumed channel needs (their start-up self-repair, which
// only adds what is missing, so running it again is safe).

import type { Logger } from './logger.ts';
import type { Clock, Platform } from './ports.ts';
import type { Db } from './store/open-store.ts';
import { pauseWorkspace, resumeWorkspace, type WorkspacePauseReason } from './store/workspace-pause-repo.ts';
import { cancelWorkspaceForget, planWorkspaceForget } from './workspace-retention.ts';

export interface WorkspaceLifecycle {
  /** Installed (or reinstalled): the channels paused when it was lost post again. How many resumed. */
  installed(platform: Platform, workspaceId: string): Promise<number>;
  /** Uninstalled, or its token no longer works: stop its schedule without failing over and over. */
  lost(platform: Platform, workspaceId: string, reason: WorkspacePauseReason): Promise<void>;
}

export function createWorkspaceLifecycle(deps: { db: Db; clock: Clock; logger: Logger; replan: () => Promise<void>; retentionDays: number }): WorkspaceLifecycle {
  const { db, clock, logger } = deps;
  return {
    async installed(platform, workspaceId) {
      await cancelWorkspaceForget(db, platform, workspaceId, clock.now());
      const resumed = await resumeWorkspace(db, platform, workspaceId, clock.now());
      if (resumed > 0) {
        await deps.replan();
        logger.info('workspace installed again: its channels resumed', { platform, workspaceId, channels: resumed });
      }
      return resumed;
    },
    async lost(platform, workspaceId, reason) {
      const { channels, jobs } = await pauseWorkspace(db, platform, workspaceId, reason, clock.now());
      // Uninstalled: its history is kept for the retention period only (a dead token is not an uninstall).
      if (reason === 'uninstalled') await planWorkspaceForget(db, platform, workspaceId, deps.retentionDays, clock.now());
      logger.warn(reason === 'uninstalled' ? 'workspace uninstalled the app: its scheduled work is stopped' : 'workspace token stopped working: its scheduled work is parked until the app is installed again', {
        platform,
        workspaceId,
        channels,
        jobs,
      });
    },
  };
}
