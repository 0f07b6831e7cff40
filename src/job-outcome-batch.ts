// Group commit of finished jobs' outcomes, for the scheduler. A job that ends "done", "skipped" or
// "failed" hands over what its handler recorded and its outcome; everything handed over while the
// previous commit was on its way (or in the same event-loop turn) goes in one transaction: each
// job's records, then one statement finishing them all (finishJobs, which keeps the lease check per
// job). The job's own worker waits for that commit, exactly as it waited for its own transaction,
// so "stored before the next step" and "a lost lease never overwrites" hold as before; only the
// number of commits changes.
//
// Why: on PostgreSQL each outcome was its own transaction, four round trips (BEGIN, the "sent"
// event, the finish, COMMIT) and one WAL flush per reminder, the largest share of the seven round
// trips each of a 10,000-reminder burst's reminders cost. Measured again on a quiet 2-core machine
// with each outcome committed alone (2026-12-03, `npm run bench -- replicas`): the burst's heads-ups
// were 7.0 s late at p99 instead of 2.6 s with one PostgreSQL replica, 8.5 s instead of 3.1 s with
// three, 3.3 s instead of 2.0 s on SQLite; 1.26 transactions per reminder instead of 0.19.

import type { Logger } from './logger.ts';
import type { Db } from './store/open-store.ts';
import { finishJobs, type JobFinish } from './store/jobs-repo.ts';
import { writeRecords, type JobRecord } from './job-records.ts';


/** What became of one outcome: stored, refused because the claim is no longer ours, or not stored. */
export type OutcomeStored = 'stored' | 'not-ours' | 'failed';

interface Entry {
  records: readonly JobRecord[];
  finish: JobFinish;
  resolve: (stored: OutcomeStored) => void;
}

/** At most this many outcomes per commit: a statement of bounded size, a transaction of bounded length. */
const MAX_BATCH = 250;

export class JobOutcomeBatch {
  private queue: Entry[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly replicaId: string,
    private readonly logger: Logger,
  ) {}

  /** Store this outcome with its records, in the next group commit. Never throws. */
  finish(records: readonly JobRecord[], finish: JobFinish): Promise<OutcomeStored> {
    return new Promise((resolve) => {
      this.queue.push({ records, finish, resolve });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      // Let the outcomes that finish in this same turn join the first commit.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.write(this.queue.splice(0, MAX_BATCH));
    })().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async write(batch: Entry[]): Promise<void> {
    try {
      const ours = await this.db.transaction().execute(async (trx) => {
        await writeRecords(trx, batch.flatMap((entry) => entry.records));
        return finishJobs(trx, this.replicaId, batch.map((entry) => entry.finish));
      });
      for (const entry of batch) entry.resolve(ours.has(entry.finish.id) ? 'stored' : 'not-ours');
    } catch (error) {
      if (batch.length > 1) {
        // One job's records failing must not cost the others their outcome: each on its own.
        for (const entry of batch) await this.write([entry]);
        return;
      }
      this.logger.error('could not store a job outcome; it runs again once its lease runs out', { jobId: batch[0]?.finish.id, error });
      batch[0]?.resolve('failed');
    }
  }
}
