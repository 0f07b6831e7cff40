// The AddressBook port over the store. Saving again refreshes the data and clears an undeliverable
// mark: a new turn from that user or channel proves the app is installed there again. Saving the
// same data again writes nothing: Teams saves references on every turn, and an unchanged row
// must not cost a commit on every message.

import { sql } from 'kysely';
import type { AddressBook, Platform } from '../ports.ts';
import type { Db } from './open-store.ts';
import { param, runReusable } from './reusable-query.ts';
import type { Clock } from '../ports.ts';

const KEY = ['platform', 'workspace_id', 'kind', 'id'] as const;

export function createAddressBook(db: Db, clock: Clock): AddressBook {
  // Read before each send on Teams (and a DM channel not yet in memory on Slack): compiled once (reusable-query.ts).
  const find = async (platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string) => {
    const { rows } = await runReusable(
      db,
      'findAddress',
      () => db.selectFrom('addresses').select(['data', 'undeliverable']).where('platform', '=', param('platform')).where('workspace_id', '=', param('workspace')).where('kind', '=', param('kind')).where('id', '=', param('id')),
      { platform, workspace: workspaceId, kind, id },
    );
    return rows[0];
  };
  return {
    async save(platform, workspaceId, kind, id, data) {
      await db
        .insertInto('addresses')
        .values({ platform, workspace_id: workspaceId, kind, id, data: JSON.stringify(data), updated_at: clock.now().getTime() })
        .onConflict((oc) =>
          oc
            .columns(KEY)
            .doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), undeliverable: null, updated_at: eb.ref('excluded.updated_at') }))
            .where(sql<boolean>`addresses.data IS DISTINCT FROM excluded.data OR addresses.undeliverable IS NOT NULL`),
        )
        .execute();
    },
    async load<T>(platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string): Promise<T | undefined> {
      const row = await find(platform, workspaceId, kind, id);
      return row ? (JSON.parse(row.data) as T) : undefined;
    },
    async markUndeliverable(platform, workspaceId, kind, id, reason) {
      await db
        .insertInto('addresses')
        .values({ platform, workspace_id: workspaceId, kind, id, data: 'null', undeliverable: reason, updated_at: clock.now().getTime() })
        .onConflict((oc) => oc.columns(KEY).doUpdateSet((eb) => ({ undeliverable: eb.ref('excluded.undeliverable'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    },
    async undeliverableReason(platform, workspaceId, kind, id) {
      return (await find(platform, workspaceId, kind, id))?.undeliverable ?? undefined;
    },
  };
}
