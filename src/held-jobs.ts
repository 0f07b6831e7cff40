// Jobs prepared ahead of their due time and held in memory until then, in due order. Only the
// preparation lives here: the job's row stays 'pending' in the db, so cancelling it, a restart or a
// crash behave exactly as if nothing had been prepared (the row is claimed when it falls due).

import type { Job } from './store/jobs-repo.ts';

export interface Held<P> {
  job: Job;
  preparation: P;
}

export class HeldJobs<P> {
  private queue: Held<P>[] = [];
  private head = 0;

  get size(): number {
    return this.queue.length - this.head;
  }

  /** Jobs arrive in due order (they are read from the db in that order). */
  add(job: Job, preparation: P): void {
    this.queue.push({ job, preparation });
  }

  /** The earliest due time held, if any. */
  nextDueAt(): number | undefined {
    return this.queue[this.head]?.job.dueAt.getTime();
  }

  /** Remove and return every held job due at or before `now`. */
  takeDue(now: Date): Held<P>[] {
    const start = this.head;
    while (this.head < this.queue.length && (this.queue[this.head] as Held<P>).job.dueAt.getTime() <= now.getTime()) this.head += 1;
    const due = this.queue.slice(start, this.head);
    if (this.head > 1_024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return due;
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }
}
