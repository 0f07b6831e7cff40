// Keep exactly one pending job of a kind for a subject, due at a given instant. Used for series
// that a person can re-plan (a discussion day changed, a digest zone learned): any other pending
// slot is cancelled, and the wanted one is planned (scheduleJob revives it if it was cancelled).

import { cancelPendingJobs, pendingJobs, scheduleJob, type NewJob } from '../store/jobs-repo.ts';
import { inTransaction, type Db } from '../store/open-store.ts';

export async function planSingleJob(db: Db, job: NewJob & { idempotencyKey: string }, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const pending = await pendingJobs(trx, { subject: job.subject, kind: job.kind });
    if (pending.length === 1 && pending[0]?.dueAt.getTime() === job.dueAt.getTime()) return;
    await cancelPendingJobs(trx, job.subject, now, [job.kind]);
    await scheduleJob(trx, job, now);
  });
}
