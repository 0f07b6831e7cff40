// The AddressBook port over SQLite. Saving again refreshes the data and clears an undeliverable
// mark: a new turn from that user or channel proves the app is installed there again. Saving the
// same data again writes nothing: Teams saves references on every turn, and an unchanged row
// must not cost a commit on every message.

import type { AddressBook, Platform } from '../ports.ts';
import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Clock } from '../ports.ts';

export function createAddressBook(db: Db, clock: Clock): AddressBook {
  return {
    save(platform, workspaceId, kind, id, data) {
      stmt(
        db,
        `INSERT INTO addresses (platform, workspace_id, kind, id, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET data = excluded.data, undeliverable = NULL, updated_at = excluded.updated_at
         WHERE data IS NOT excluded.data OR undeliverable IS NOT NULL`,
      ).run(platform, workspaceId, kind, id, JSON.stringify(data), clock.now().getTime());
    },
    load<T>(platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string): T | undefined {
      const row = stmt(db, `SELECT data FROM addresses WHERE platform = ? AND workspace_id = ? AND kind = ? AND id = ?`).get(platform, workspaceId, kind, id) as
        | { data: string }
        | undefined;
      return row ? (JSON.parse(row.data) as T) : undefined;
    },
    markUndeliverable(platform, workspaceId, kind, id, reason) {
      stmt(
        db,
        `INSERT INTO addresses (platform, workspace_id, kind, id, data, undeliverable, updated_at) VALUES (?, ?, ?, ?, 'null', ?, ?)
         ON CONFLICT DO UPDATE SET undeliverable = excluded.undeliverable, updated_at = excluded.updated_at`,
      ).run(platform, workspaceId, kind, id, reason, clock.now().getTime());
    },
    undeliverableReason(platform, workspaceId, kind, id) {
      const row = stmt(db, `SELECT undeliverable FROM addresses WHERE platform = ? AND workspace_id = ? AND kind = ? AND id = ?`).get(platform, workspaceId, kind, id) as
        | { undeliverable: string | null }
        | undefined;
      return row?.undeliverable ?? undefined;
    },
  };
}
