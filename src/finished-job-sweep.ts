// The retention sweep of the jobs table: finished jobs (done, skipped, failed) older than the
// retention period are deleted, a bounded batch at a time, so the table does not grow forever and
// no single statement holds the database for long. The scheduler runs it hourly.

import type { Clock } from './ports.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/open-store.ts';
import { deleteFinishedJobs } from './store/jobs-repo.ts';

const SWEEP_BATCH = 1_000;
/** A sweep stops after this many batches (a million rows) and goes on an hour later. */
const SWEEP_MAX_BATCHES = 1_000;
const DAY_MS = 24 * 60 * 60_000;

export class FinishedJobSweep {
  /** The sweep under way, if any (overlapping calls share it). */
  running: Promise<number> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly retentionDays: number,
    private readonly stopping: () => boolean,
  ) {}

  /** Returns how many jobs were deleted. */
  sweep(): Promise<number> {
    this.running ??= (async () => {
      const before = new Date(this.clock.now().getTime() - this.retentionDays * DAY_MS);
      let deleted = 0;
      for (let batch = 0; batch < SWEEP_MAX_BATCHES && !this.stopping(); batch++) {
        const n = await deleteFinishedJobs(this.db, before, SWEEP_BATCH);
        deleted += n;
        if (n < SWEEP_BATCH) break;
      }
      if (deleted > 0) this.logger.info('deleted finished jobs past the retention period', { deleted, retentionDays: this.retentionDays });
      return deleted;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
