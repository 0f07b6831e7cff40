// The ReplayGuard port over the store: one row per signed request handled, until it expires.
// A replica that sees a key already stored (and not yet expired) refuses the request. Expired rows
// are swept at most once a minute per process, so the table stays the size of a few minutes' traffic.

import type { Clock, Platform, ReplayGuard } from '../ports.ts';
import { dialectOf, type Db } from './open-store.ts';
import { groupCommitted } from './group-commit.ts';
import { param, runReusable } from './reusable-query.ts';

const SWEEP_EVERY_MS = 60_000;

export function createReplayGuard(db: Db, clock: Clock): ReplayGuard {
  let lastSweep = 0;
  return {
    async firstSeen(platform: Platform, key: string, expiresAt: Date): Promise<boolean> {
      const now = clock.now().getTime();
      const sweep = now - lastSweep >= SWEEP_EVERY_MS;
      if (sweep) lastSweep = now;
      // On SQLite the row shares a commit with whatever else is written at that moment (other
      // requests' rows, promises): its own commit cost a third of a command's page writes.
      // PostgreSQL: as before, each statement commits on its own (no BEGIN/COMMIT round trips added).
      const write = async (trx: Db) => {
        if (sweep) await trx.deleteFrom('seen_requests').where('expires_at', '<', now).execute();
        // New, or an expired row not swept yet: (re)claim it. A live row: the insert changes nothing.
        // One per request: compiled once (reusable-query.ts).
        const result = await runReusable(
          trx,
          'firstSeen',
          () =>
            trx
              .insertInto('seen_requests')
              .values({ platform: param('platform'), request_key: param('key'), expires_at: param('expires') })
              .onConflict((oc) => oc.columns(['platform', 'request_key']).doUpdateSet({ expires_at: param('expires') }).where('seen_requests.expires_at', '<', param('now'))),
          { platform, key, expires: expiresAt.getTime(), now },
        );
        return Number(result.numAffectedRows ?? 0n) > 0;
      };
      return dialectOf(db) === 'sqlite' ? groupCommitted(db, write) : write(db);
    },
  };
}
