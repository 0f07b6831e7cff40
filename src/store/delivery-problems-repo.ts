// Addresses a platform refused for good, already reported: one row per address, shared by every
// replica, so the people who can fix it hear about it once, across restarts too. The row goes
// when a send to the address works again, so a later problem is reported afresh.

import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

export interface DeliveryProblemKey {
  platform: Platform;
  workspaceId: string;
  kind: 'user' | 'channel';
  /** The channel key or the user id. */
  key: string;
}

/** Remember the problem; true only for the call that recorded it first (that one reports it). */
export async function recordDeliveryProblem(db: Db, problem: DeliveryProblemKey & { reason: string }, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('delivery_problems')
    .values({ platform: problem.platform, workspace_id: problem.workspaceId, kind: problem.kind, address_key: problem.key, reason: problem.reason, reported_at: now.getTime() })
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'kind', 'address_key']).doNothing())
    .returning('reported_at')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function clearDeliveryProblem(db: Db, problem: DeliveryProblemKey): Promise<void> {
  await db
    .deleteFrom('delivery_problems')
    .where('platform', '=', problem.platform)
    .where('workspace_id', '=', problem.workspaceId)
    .where('kind', '=', problem.kind)
    .where('address_key', '=', problem.key)
    .execute();
}

/** Every address with a reported problem (a handful at most: the table only holds broken ones). */
export async function listDeliveryProblems(db: Db): Promise<DeliveryProblemKey[]> {
  const rows = await db.selectFrom('delivery_problems').select(['platform', 'workspace_id', 'kind', 'address_key']).execute();
  return rows.map((r) => ({ platform: r.platform, workspaceId: r.workspace_id, kind: r.kind, key: r.address_key }));
}
