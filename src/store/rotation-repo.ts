// Rotation state and the principle picked for each channel and local day.

import type { Db } from './open-store.ts';
import { stmt } from './statements.ts';
import type { Address } from '../ports.ts';
import type { RotationState } from '../coach/rotation.ts';

export function loadRotation(db: Db, address: Address): RotationState | undefined {
  const row = stmt(db, `SELECT deck_order, position, last_id FROM rotations WHERE platform = ? AND workspace_id = ? AND address_key = ?`).get(
    address.platform,
    address.workspaceId,
    address.key,
  ) as { deck_order: string; position: number; last_id: string | null } | undefined;
  return row && { order: JSON.parse(row.deck_order) as string[], position: row.position, lastId: row.last_id };
}

export function saveRotation(db: Db, address: Address, state: RotationState): void {
  stmt(
    db,
    `INSERT INTO rotations (platform, workspace_id, address_key, deck_order, position, last_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET deck_order = excluded.deck_order, position = excluded.position, last_id = excluded.last_id`,
  ).run(address.platform, address.workspaceId, address.key, JSON.stringify(state.order), state.position, state.lastId);
}

export function findDailyPick(db: Db, address: Address, localDate: string): string | undefined {
  const row = stmt(db, `SELECT principle_id FROM daily_picks WHERE platform = ? AND workspace_id = ? AND address_key = ? AND local_date = ?`).get(
    address.platform,
    address.workspaceId,
    address.key,
    localDate,
  ) as { principle_id: string } | undefined;
  return row?.principle_id;
}

export function saveDailyPick(db: Db, address: Address, localDate: string, principleId: string): void {
  stmt(db, `INSERT INTO daily_picks (platform, workspace_id, address_key, local_date, principle_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET principle_id = excluded.principle_id`).run(
    address.platform,
    address.workspaceId,
    address.key,
    localDate,
    principleId,
  );
}
