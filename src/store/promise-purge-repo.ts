// Erasing what a closed promise says about the customer (who, note) once the retention period is
// over: the outcome and the history stay, for the stats.

import type { Db } from './open-store.ts';
import { inTransaction } from './open-store.ts';

const PURGE_CHUNK = 1_000;

/** Erase who/note of promises closed before `closedBefore`; the outcome stays. Returns how many. */
export async function purgeClosedPromises(db: Db, closedBefore: Date, now: Date, onlyId?: number): Promise<number> {
  let query = db
    .selectFrom('promises')
    .select('id')
    .where('purged_at', 'is', null)
    .where('status', '<>', 'open')
    .where('closed_at', '<=', closedBefore.getTime());
  if (onlyId !== undefined) query = query.where('id', '=', onlyId);
  const ids = (await query.execute()).map((r) => Number(r.id));
  // In chunks, two statements each: after a long pause a year of promises can be due at once, and
  // one round trip per promise to a PostgreSQL server took minutes.
  for (let i = 0; i < ids.length; i += PURGE_CHUNK) {
    const chunk = ids.slice(i, i + PURGE_CHUNK);
    await inTransaction(db, async (trx) => {
      await trx.updateTable('promises').set({ who: null, note: null, purged_at: now.getTime() }).where('id', 'in', chunk).execute();
      await trx
        .insertInto('promise_events')
        .values(chunk.map((id) => ({ promise_id: id, kind: 'purged', actor_id: null, at: now.getTime(), detail: '{}', dedupe_key: null })))
        .execute();
    });
  }
  return ids.length;
}
