// A team's working days when no one channel is asked about (the weekly digest, a promise made in a
// DM): the days of its subscribed channel, chosen as the team's zone is (src/coach/team-zone.ts).

import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

export async function findTeamPostDays(db: Db, platform: Platform, workspaceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('channels')
    .select('post_days')
    .where('platform', '=', platform)
    .where('workspace_id', '=', workspaceId)
    .orderBy('subscribed', 'desc')
    .orderBy('updated_at')
    .limit(1)
    .executeTakeFirst();
  return row?.post_days;
}
