// Group commit on SQLite: small write transactions that arrive together (the slash commands of a
// busy minute, the replay guard's rows) share one commit, each inside its own savepoint, so one
// failing rolls back alone and the others still commit. Each caller's promise settles only after
// the shared COMMIT, so "stored before the answer" holds exactly as with a transaction of its own.
// PostgreSQL is left as it is: several connections commit in parallel there, and its WAL flushes
// already group concurrent commits.
//
// Why: on SQLite a commit writes every page it touched to the WAL, and a new promise touches about
// twenty b-trees (the promise and five indexes, five ladder jobs and four indexes, its event, its
// tip, the replay guard's row and two indexes): strace counted 60 page writes per
// /promise-callback, against about 4 for the hand-written baseline's two tables. Commands that
// commit together mostly touch the same leaf pages, so their pages are written once per group.
// Measured again on a quiet 2-core machine with it switched off (2026-12-03, `npm run bench --
// slack`, 16 connections): answers took p50 22 ms / p99 45 ms instead of 9 / 20 ms, close to the
// 50 ms target, and the coach fell from 105–108 % to 51 % of the hand-written baseline's throughput.

import { sql } from 'kysely';
import { dialectOf, type Db } from './open-store.ts';

interface Waiting {
  work: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Bounded, so a group never holds the single SQLite connection for long. */
const MAX_GROUP = 64;

class GroupCommit {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  run<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      // The works that arrive in this same turn of the event loop join the first group.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_GROUP));
    })().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async commit(group: Waiting[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        if (group.length === 1) {
          // Alone: its own transaction, as without grouping (a failure rolls back just it).
          outcomes.push({ ok: true, value: await (group[0] as Waiting).work(trx) });
          return;
        }
        for (const waiting of group) {
          await sql`SAVEPOINT grouped`.execute(trx);
          try {
            outcomes.push({ ok: true, value: await waiting.work(trx) });
            await sql`RELEASE grouped`.execute(trx);
          } catch (error) {
            await sql`ROLLBACK TO grouped`.execute(trx);
            await sql`RELEASE grouped`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // Nothing of the group was committed (or the lone work failed): every caller hears it.
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome?.error);
    });
  }
}

const groups = new WeakMap<Db, GroupCommit>();

/**
 * Run `work` in a transaction: on SQLite one that may be shared with other works arriving at the
 * same time (see above); on PostgreSQL its own; inside the caller's when `db` already is one.
 * `work` must use only the `trx` it is given, and may be rolled back on its own: it must keep no
 * state from a failed try.
 */
export function groupCommitted<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  if (dialectOf(db) === 'postgres') return db.transaction().execute(work);
  let group = groups.get(db);
  if (!group) {
    group = new GroupCommit(db);
    groups.set(db, group);
  }
  return group.run(work);
}
