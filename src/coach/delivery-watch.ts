// One place in the core that notices when a platform refuses an address for good, whatever the
// platform: it wraps the Messenger the features use, and on an UndeliverableError it remembers
// the address in the store (once across replicas and restarts), pauses a channel's schedule so
// the coach stops failing there every day, tells the people who can fix it, and rethrows so the
// job ends as it would have. A send that works again clears the mark, so a later problem is
// reported afresh. Adapters only say what the platform answered (UndeliverableError.reason).

import type { Config } from '../config.ts';
import { UndeliverableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isActor, type Actor, type Address, type Clock, type Messenger } from '../ports.ts';
import { channelChangedBy, pauseChannel } from '../store/channels-repo.ts';
import { clearDeliveryProblem, listDeliveryProblems, recordDeliveryProblem, type DeliveryProblemKey } from '../store/delivery-problems-repo.ts';
import type { Db } from '../store/open-store.ts';
import { findPerson } from '../store/people-repo.ts';
import { createDeliveryProblemReporter } from './delivery-problems.ts';

/**
 * How long this process trusts its copy of the (tiny) problem list before reading it again: a
 * mark another replica set is cleared by this one's successful sends within a minute, at the
 * cost of one small query a minute instead of a write on every send.
 */
const PROBLEMS_REFRESH_MS = 60_000;

export interface DeliveryWatchDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}

const idOf = (k: DeliveryProblemKey) => `${k.platform}\u0000${k.workspaceId}\u0000${k.kind}\u0000${k.key}`;
const keyOf = (to: Address | Actor): DeliveryProblemKey =>
  isActor(to) ? { platform: to.platform, workspaceId: to.workspaceId, kind: 'user', key: to.userId } : { platform: to.platform, workspaceId: to.workspaceId, kind: 'channel', key: to.key };

export function watchDeliveries(inner: Messenger, deps: DeliveryWatchDeps): Messenger {
  const { db, clock, logger } = deps;
  const report = createDeliveryProblemReporter({ ...deps, messenger: inner });
  let known: Set<string> | undefined;
  let loadedAt = 0;
  let loading: Promise<Set<string>> | undefined;

  const problems = async (): Promise<Set<string>> => {
    const now = clock.now().getTime();
    if (known && now - loadedAt < PROBLEMS_REFRESH_MS) return known;
    loading ??= listDeliveryProblems(db)
      .then((rows) => {
        known = new Set(rows.map(idOf));
        loadedAt = now;
        return known;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  /** The address took a message: forget an earlier problem with it. Never fails the send. */
  const worked = async (to: Address | Actor): Promise<void> => {
    try {
      const key = keyOf(to);
      const set = await problems();
      if (!set.delete(idOf(key))) return;
      await clearDeliveryProblem(db, key);
      logger.info('an address that refused messages works again', { platform: key.platform, workspaceId: key.workspaceId, kind: key.kind });
    } catch (error) {
      logger.warn('could not clear a delivery problem', { error: (error as Error)?.message });
    }
  };

  /** Remember, pause and report (once); never throws, so the caller rethrows the original error. */
  const refused = async (to: Address | Actor, error: UndeliverableError): Promise<void> => {
    try {
      const key = keyOf(to);
      const now = clock.now();
      const first = await recordDeliveryProblem(db, { ...key, reason: error.reason }, now);
      (await problems()).add(idOf(key));
      const paused = !isActor(to) && (await pauseChannel(db, to, error.reason, now));
      logger.warn('address undeliverable', { platform: key.platform, workspaceId: key.workspaceId, kind: key.kind, reason: error.reason, paused, reported: first });
      if (!first) return;
      if (isActor(to)) {
        const name = to.name ?? (await findPerson(db, to.platform, to.workspaceId, to.userId))?.name;
        await report({ platform: to.platform, workspaceId: to.workspaceId, reason: error.reason, who: { kind: 'user', userId: to.userId, name } });
      } else {
        const subscriberId = await channelChangedBy(db, to);
        await report({ platform: to.platform, workspaceId: to.workspaceId, reason: error.reason, who: { kind: 'channel', key: to.key, label: to.label }, paused, subscriberId });
      }
    } catch (reportError) {
      logger.error('could not handle an undeliverable address', { error: reportError });
    }
  };

  /** With a fresh list and no problem on record (nearly always), nothing to clear: no await at all. */
  const surelyFine = (to: Address | Actor): boolean => {
    if (!known || clock.now().getTime() - loadedAt >= PROBLEMS_REFRESH_MS) return false;
    return known.size === 0 || !known.has(idOf(keyOf(to)));
  };

  const watched = async <T extends { ref: string }>(to: Address | Actor, send: () => Promise<T>): Promise<T> => {
    try {
      const result = await send();
      if (!surelyFine(to)) await worked(to);
      return result;
    } catch (error) {
      // A workspace that uninstalled the app was paused as a whole when it happened; nobody there
      // can be told through a token that no longer works, so the job just ends.
      if (error instanceof UndeliverableError && error.reason !== 'uninstalled') await refused(to, error);
      throw error;
    }
  };

  return {
    post: (to, msg, options) => watched(to, () => inner.post(to, msg, options)),
    dm: (user, msg, options) => watched(user, () => inner.dm(user, msg, options)),
    upload: (to, file, comment) => watched(to, () => inner.upload(to, file, comment)),
  };
}
