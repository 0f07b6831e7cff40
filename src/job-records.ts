// What a job's handler asks to store with its outcome, in the same transaction: either a write of
// its own (plan a report job), or one row of a kind many jobs write alike ("this reminder was
// sent"). Rows of one kind from every job of a group commit go in one statement.
//
// Why rows apart: each statement is a round trip, and on PostgreSQL a round trip's socket write was
// the largest single cost of a reminder in a profile of the 10,000-reminder burst (2.6 of 6.3 s of
// one replica's CPU in `writev`); one INSERT per "sent" mark was 250 of them per group commit.

import type { Db } from './store/open-store.ts';

/** One row for `writeAll`, which stores the rows of many jobs at once (the same function for each). */
export interface RowRecord<T = unknown> {
  readonly writeAll: (db: Db, rows: readonly T[]) => Promise<unknown>;
  readonly row: T;
}

export type JobRecord = ((db: Db) => Promise<unknown>) | RowRecord;

/** Make a row record; typed so `row` fits `writeAll`. */
export function rowRecord<T>(writeAll: (db: Db, rows: readonly T[]) => Promise<unknown>, row: T): RowRecord {
  return { writeAll, row } as RowRecord;
}

/** Store these records in `db` (a transaction): own writes in order, then each kind's rows at once. */
export async function writeRecords(db: Db, records: Iterable<JobRecord>): Promise<void> {
  const rows = new Map<RowRecord['writeAll'], unknown[]>();
  for (const record of records) {
    if (typeof record === 'function') {
      await record(db);
      continue;
    }
    const same = rows.get(record.writeAll);
    if (same) same.push(record.row);
    else rows.set(record.writeAll, [record.row]);
  }
  for (const [writeAll, all] of rows) await writeAll(db, all);
}
