// Promises offered to a colleague ("Hand #42 to Sam"), until the colleague accepts or declines.

import type { HandoverStatus } from './database.ts';
import type { Db } from './open-store.ts';

export interface Handover {
  id: number;
  promiseId: number;
  fromId: string;
  toId: string;
  /** The holder, or a team lead handing it on their behalf. */
  offeredBy: string;
  /** The promise's revision when offered: a promise changed since is not handed over blindly. */
  revision: number;
  status: HandoverStatus;
}

const toHandover = (r: { id: number; promise_id: number; from_id: string; to_id: string; offered_by: string; revision: number; status: HandoverStatus }): Handover => ({
  id: Number(r.id),
  promiseId: Number(r.promise_id),
  fromId: r.from_id,
  toId: r.to_id,
  offeredBy: r.offered_by,
  revision: Number(r.revision),
  status: r.status,
});

export async function offerHandover(db: Db, offer: Omit<Handover, 'id' | 'status'>, now: Date): Promise<Handover> {
  const row = await db
    .insertInto('handovers')
    .values({ promise_id: offer.promiseId, from_id: offer.fromId, to_id: offer.toId, offered_by: offer.offeredBy, revision: offer.revision, created_at: now.getTime() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toHandover(row);
}

export async function findHandover(db: Db, id: number): Promise<Handover | undefined> {
  const row = await db.selectFrom('handovers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toHandover(row);
}

/** Answer an offer still open. Undefined when it was answered already (a double press). */
export async function answerHandover(db: Db, id: number, status: Exclude<HandoverStatus, 'offered'>, now: Date): Promise<Handover | undefined> {
  const row = await db
    .updateTable('handovers')
    .set({ status, answered_at: now.getTime() })
    .where('id', '=', id)
    .where('status', '=', 'offered')
    .returningAll()
    .executeTakeFirst();
  return row && toHandover(row);
}
