// Per-second send budgets shared by every replica: one upsert per send counts it in this second's
// row and refuses it when the row is full. Used on PostgreSQL only (several replicas); a single
// SQLite process paces itself in memory. Rows older than a minute are deleted as it goes.

import type { Clock, Platform, SendBudget } from '../ports.ts';
import type { Db } from './open-store.ts';

const CLEAN_EVERY = 1_000;

/** Count one send in this second for `scope`, unless `perSecond` were already counted. True when granted. */
export async function takeSendSlot(db: Db, platform: Platform, scope: string, second: number, perSecond: number): Promise<boolean> {
  const row = await db
    .insertInto('send_budgets')
    .values({ platform, scope, second, used: 1 })
    .onConflict((oc) =>
      oc
        .columns(['platform', 'scope', 'second'])
        .doUpdateSet((eb) => ({ used: eb('send_budgets.used', '+', 1) }))
        .where('send_budgets.used', '<', perSecond),
    )
    .returning('used')
    .executeTakeFirst();
  return row !== undefined;
}

export async function forgetSendBudgets(db: Db, beforeSecond: number): Promise<number> {
  const result = await db.deleteFrom('send_budgets').where('second', '<', beforeSecond).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function createSendBudget(db: Db, clock: Clock): SendBudget {
  let takes = 0;
  return {
    async take(platform, scope, perSecond) {
      const nowMs = clock.now().getTime();
      const second = Math.floor(nowMs / 1000);
      if (++takes % CLEAN_EVERY === 0) await forgetSendBudgets(db, second - 60);
      return (await takeSendSlot(db, platform, scope, second, perSecond)) ? 0 : 1000 - (nowMs % 1000);
    },
  };
}
