// The AddressBook port over the store. Saving again refreshes the data and clears an undeliverable
// mark: a new turn from that user or channel proves the app is installed there again. Saving the
// same data again writes nothing: Teams saves references on every turn, and an unchanged row
// must not cost a commit on every message.

import { sql } from 'kysely';
import type { AddressBook, Platform } from '../ports.ts';
import type { Db } from './open-store.ts';
import type { Clock } from '../ports.ts';
import { coalesced, groupBy } from './coalesced-loader.ts';

const KEY = ['platform', 'workspace_id', 'kind', 'id'] as const;

export function createAddressBook(db: Db, clock: Clock): AddressBook {
  // Read before each send on Teams, and for each DM channel not yet in memory on Slack: a burst's
  // reads share one query per workspace (coalesced-loader.ts). A new replica in a burst of 10,000
  // reminders to 1,000 agents made 1,000 of these reads, as many as all of the reminders' own.
  type Key = { platform: Platform; workspaceId: string; kind: 'user' | 'channel'; id: string };
  const rows = coalesced<Key, { data: string; undeliverable: string | null } | undefined>(async (keys) => {
    const found = new Map<string, { data: string; undeliverable: string | null }>();
    const keyOf = (k: Key) => `${k.platform}\u0000${k.workspaceId}\u0000${k.kind}\u0000${k.id}`;
    for (const group of groupBy(keys, (k) => `${k.platform}\u0000${k.workspaceId}\u0000${k.kind}`).values()) {
      const { platform, workspaceId, kind } = group[0] as Key;
      const matches = await db
        .selectFrom('addresses')
        .select(['id', 'data', 'undeliverable'])
        .where('platform', '=', platform)
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', kind)
        .where('id', 'in', [...new Set(group.map((k) => k.id))])
        .execute();
      for (const row of matches) found.set(keyOf({ platform, workspaceId, kind, id: row.id }), row);
    }
    return keys.map((k) => found.get(keyOf(k)));
  });
  // Saved on first contact, and by Teams on every turn: a burst's saves (a new replica opening
  // 1,000 agents' DM channels: a third of its database transactions) share one statement.
  type Save = Key & { data: string; at: number };
  const saves = coalesced<Save, void>(async (all) => {
    // One row per address (the last save wins): PostgreSQL refuses to update a row twice in one statement.
    const rows = [...new Map(all.map((s) => [`${s.platform}\u0000${s.workspaceId}\u0000${s.kind}\u0000${s.id}`, s])).values()];
    await db
      .insertInto('addresses')
      .values(rows.map((s) => ({ platform: s.platform, workspace_id: s.workspaceId, kind: s.kind, id: s.id, data: s.data, updated_at: s.at })))
      .onConflict((oc) =>
        oc
          .columns(KEY)
          .doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), undeliverable: null, updated_at: eb.ref('excluded.updated_at') }))
          .where(sql<boolean>`addresses.data IS DISTINCT FROM excluded.data OR addresses.undeliverable IS NOT NULL`),
      )
      .execute();
    return all.map(() => undefined);
  });
  const find = (platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string) => rows.load({ platform, workspaceId, kind, id });
  return {
    save: (platform, workspaceId, kind, id, data) => saves.load({ platform, workspaceId, kind, id, data: JSON.stringify(data), at: clock.now().getTime() }),
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
