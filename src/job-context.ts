// Which job a send belongs to, without threading it through every feature: the scheduler runs
// each handler inside runInJob, and the messenger router reads currentJob() to tell the adapter
// that a send may already have gone out (the job's earlier claim was lost in a crash or its lease
// expired), so an adapter that can look (Slack message metadata) checks before sending again.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface RunningJob {
  id: number;
  kind: string;
  /** True when an earlier claim of this job ended without an outcome (crash, SIGKILL, lease expiry). */
  recovered: boolean;
}

const storage = new AsyncLocalStorage<RunningJob>();

export function runInJob<T>(job: RunningJob, run: () => Promise<T>): Promise<T> {
  return storage.run(job, run);
}

export function currentJob(): RunningJob | undefined {
  return storage.getStore();
}
