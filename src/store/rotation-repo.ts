// Rotation state and the principle picked for each channel and local day.

import type { Db } from './open-store.ts';
import type { Address } from '../ports.ts';
import type { RotationState } from './database.ts';

const byChannel = (address: Address) => ({ platform: address.platform, workspace_id: address.workspaceId, address_key: address.key });

export async function loadRotation(db: Db, address: Address): Promise<RotationState | undefined> {
  const row = await db
    .selectFrom('rotations')
    .select(['deck_order', 'position', 'last_id'])
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .executeTakeFirst();
  return row && { order: JSON.parse(row.deck_order) as string[], position: Number(row.position), lastId: row.last_id };
}

export async function saveRotation(db: Db, address: Address, state: RotationState): Promise<void> {
  await db
    .insertInto('rotations')
    .values({ ...byChannel(address), deck_order: JSON.stringify(state.order), position: state.position, last_id: state.lastId })
    .onConflict((oc) =>
      oc.columns(['platform', 'workspace_id', 'address_key']).doUpdateSet((eb) => ({
        deck_order: eb.ref('excluded.deck_order'),
        position: eb.ref('excluded.position'),
        last_id: eb.ref('excluded.last_id'),
      })),
    )
    .execute();
}

export async function findDailyPick(db: Db, address: Address, localDate: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('daily_picks')
    .select('principle_id')
    .where('platform', '=', address.platform)
    .where('workspace_id', '=', address.workspaceId)
    .where('address_key', '=', address.key)
    .where('local_date', '=', localDate)
    .executeTakeFirst();
  return row?.principle_id;
}

export async function saveDailyPick(db: Db, address: Address, localDate: string, principleId: string): Promise<void> {
  await db
    .insertInto('daily_picks')
    .values({ ...byChannel(address), local_date: localDate, principle_id: principleId })
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'address_key', 'local_date']).doUpdateSet((eb) => ({ principle_id: eb.ref('excluded.principle_id') })))
    .execute();
}
