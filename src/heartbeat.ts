// A running coach says so in its database every few seconds, so `npm run db:restore` can refuse to
// overwrite a database in use, even from another machine or container. Wall-clock time on
// purpose (not the coach's injectable Clock): it is about processes being alive, and is compared
// with the wall clock of the process that runs the restore.

import crypto from 'node:crypto';
import type { Db } from './store/open-store.ts';
import { HEARTBEAT_INTERVAL_MS, beatInstance, pruneInstances, removeInstance } from './store/instances-repo.ts';

export interface Heartbeat {
  id: string;
  stop(): Promise<void>;
}

export async function startHeartbeat(db: Db, options: { onError?: (message: string) => void; intervalMs?: number } = {}): Promise<Heartbeat> {
  const id = crypto.randomUUID();
  const startedAt = new Date();
  let failing = false;
  const beat = async () => {
    try {
      await beatInstance(db, id, startedAt, new Date());
      failing = false;
    } catch (error) {
      // Once per outage: the database being away is reported elsewhere too.
      if (!failing) options.onError?.((error as Error)?.message ?? String(error));
      failing = true;
    }
  };
  await beat();
  await pruneInstances(db, new Date(startedAt.getTime() - 86_400_000)).catch(() => undefined);
  let pending: Promise<void> | undefined;
  const timer = setInterval(() => {
    pending ??= beat().finally(() => {
      pending = undefined;
    });
  }, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    id,
    async stop() {
      clearInterval(timer);
      await pending;
      await removeInstance(db, id).catch(() => undefined);
    },
  };
}
