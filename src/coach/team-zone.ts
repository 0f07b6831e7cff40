// The team's zone: the clock a workspace's (or one channel's) weeks and Monday digests are read
// in. Shared below the features, because the stats feature cuts weeks by it and the managers
// feature plans a new manager's digest by it.

import type { Config } from '../config.ts';
import type { Platform } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { workspaceZone } from '../store/channels-repo.ts';

export interface TeamScope {
  platform: Platform;
  workspaceId: string;
  /** One channel's zone rather than the workspace's. */
  addressKey?: string;
}

/**
 * The team's zone for week boundaries: the named channel's zone, else the workspace's first
 * subscribed channel, else any channel, else the configured default.
 */
export async function teamZone(db: Db, config: Config, scope: TeamScope): Promise<string> {
  return (await workspaceZone(db, scope.platform, scope.workspaceId, scope.addressKey)) ?? config.defaultTimezone;
}
