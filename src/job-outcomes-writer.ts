// Stores finished jobs in batches. Committing each job's outcome on its own cost three small SQLite
// commits per reminder (its "sent" mark, its status, the WAL pages they dirty), which capped a burst
// of 10,000 reminders at ~900/s. Outcomes that arrive in the same event-loop turn now share one
// transaction, written at the end of that turn (setImmediate), before anything else is sent.
//
// What a crash can cost is unchanged in kind: a job whose send succeeded but whose outcome was not
// yet written is still 'running' in the db, so it runs again after restart (at-least-once, as
// before); the window is one event-loop turn instead of one statement.

import type { Db } from './store/open-store.ts';
import type { Logger } from './logger.ts';

/** One job's outcome: its own row change plus the writes its handler asked to store with it. */
export interface JobOutcomeWrite {
  jobId: number;
  apply(): void;
}

export class JobOutcomesWriter {
  private queue: JobOutcomeWrite[] = [];
  private scheduled: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Queue an outcome; it is committed at the end of this event-loop turn. */
  add(outcome: JobOutcomeWrite): void {
    this.queue.push(outcome);
    this.scheduled ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.scheduled = undefined;
        this.flush();
        resolve();
      }),
    );
  }

  /** Resolves once every outcome queued so far is committed. */
  async settled(): Promise<void> {
    while (this.scheduled) await this.scheduled;
  }

  /** Commit everything queued now, in one transaction. */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.db.transaction(() => {
        for (const outcome of batch) outcome.apply();
      })();
    } catch {
      // One outcome failed (a constraint, a bug in a handler's write) and rolled the batch back:
      // store them again one savepoint each, so only that one is lost and logged.
      this.db.transaction(() => {
        for (const outcome of batch) {
          try {
            this.db.transaction(() => outcome.apply())();
          } catch (error) {
            this.logger.error('could not store a job outcome; it will run again after a restart', { jobId: outcome.jobId, error });
          }
        }
      })();
    }
  }
}
