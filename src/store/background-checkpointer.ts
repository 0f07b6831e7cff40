// Copies the WAL back into the database file from a worker thread, on its own connection, so the
// event loop that answers Slack and Teams never does it. Measured: checkpoints inside the commit
// of each promise were ~35% of the cost of /promise-callback (every promise writes ~24 pages).
// PASSIVE never blocks the writer. The main connection keeps a large auto-checkpoint as a safety
// net, so the WAL stays bounded even if this worker stops.
// Kept on the Kysely store (issue #14) for a figure a person notices: the branch that removed it
// measured 531 µs of CPU per reminder in the 10,000-reminder burst (225–370 µs in earlier runs
// with it; not yet re-measured change by change), and p99 /promise-callback 20–22 ms instead of
// 9–13 ms in a 4,000-command burst.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// Plain CommonJS, evaluated in the worker: no TypeScript loader is needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'now') {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ checkpointed: result });
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface BackgroundCheckpointer {
  /** Checkpoint at once (tests, and before a backup): resolves with SQLite's counts of WAL frames. */
  checkpointNow(): Promise<{ busy: number; log: number; checkpointed: number }>;
  stop(): Promise<void>;
}

export function startBackgroundCheckpointer(file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): BackgroundCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs: options.intervalMs ?? 200, driver: require.resolve('better-sqlite3') },
  });
  // The worker must never keep the process alive on its own.
  worker.unref();
  worker.on('message', (message: unknown) => {
    if (message && typeof message === 'object' && 'error' in message) options.onError?.(String((message as { error: unknown }).error));
  });
  worker.on('error', (error) => options.onError?.(error.message));
  let stopping: Promise<void> | undefined;
  return {
    checkpointNow: () =>
      new Promise((resolve) => {
        const onMessage = (message: unknown) => {
          if (!message || typeof message !== 'object' || !('checkpointed' in message)) return;
          worker.off('message', onMessage);
          resolve((message as { checkpointed: { busy: number; log: number; checkpointed: number } }).checkpointed);
        };
        worker.on('message', onMessage);
        worker.postMessage('now');
      }),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.on('message', (message) => {
          if (message === 'stopped') void worker.terminate().then(done, done);
        });
        worker.postMessage('stop');
        // A worker stuck in a checkpoint must not hold up shutdown.
        setTimeout(() => void worker.terminate().then(done, done), 2_000).unref();
      })),
  };
}
