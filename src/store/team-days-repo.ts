// A team's working days when no one channel is asked about (the weekly digest, a promise made in a
// DM): the days of its subscribed channel, chosen as the team's zone is (weekly-stats teamZone).

import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';

export function findTeamPostDays(db: Db, platform: Platform, workspaceId: string): string | undefined {
  const row = stmt(db, `SELECT post_days FROM channels WHERE platform = ? AND workspace_id = ? ORDER BY subscribed DESC, updated_at LIMIT 1`).get(platform, workspaceId) as
    | { post_days: string }
    | undefined;
  return row?.post_days;
}
