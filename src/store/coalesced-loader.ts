// Many callers' reads of the same kind, made at about the same time, as one query: a DataLoader
// (no cache: every answer is read from the store) whose next batch gathers for as long as its
// previous batch is on its way. Batches grow with the load, and a lone caller waits for nothing
// but a turn of the event loop. Each answer is what a query of its own would have read a few
// milliseconds later at most.

import DataLoader from 'dataloader';

/** Bounded: an IN list well inside every dialect's parameter limit. */
const MAX_BATCH = 500;

/** A DataLoader whose next batch gathers while its previous one is in flight. */
export function coalesced<K, V>(load: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  let inFlight: Promise<unknown> | undefined;
  return new DataLoader<K, V>(
    (keys) => {
      const loaded = load(keys);
      const settled = loaded.then(
        () => undefined,
        () => undefined,
      );
      inFlight = settled;
      void settled.then(() => {
        if (inFlight === settled) inFlight = undefined;
      });
      return loaded;
    },
    {
      cache: false,
      maxBatchSize: MAX_BATCH,
      // setImmediate: every load made in this turn of the event loop (every reply that arrived) joins.
      batchScheduleFn: (dispatch) => void (inFlight ?? Promise.resolve()).then(() => setImmediate(dispatch)),
    },
  );
}


/** Keys grouped by what one query can share (one workspace, say), in order of first appearance. */
export const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
};
