// On PostgreSQL each query shape is prepared once per connection, then only bound and executed.
// A migration that adds a column while a coach runs must not break that coach's queries, and the
// coach can be told not to prepare (PgBouncer before 1.21 in transaction mode cannot keep them).
import { describe, expect, it } from 'vitest';
import { closeStore, openStore, type Db } from '../../src/store/open-store.ts';
import { findPromiseById, insertPromiseWithLadder } from '../../src/store/promises-repo.ts';
import { pendingJobs } from '../../src/store/jobs-repo.ts';
import { dbAll, dbRun } from '../helpers/sql.ts';
import { DIALECTS, freshPostgresUrl } from '../helpers/test-store.ts';

const make = (db: Db) =>
  insertPromiseWithLadder(db, {
    agent: { platform: 'slack', workspaceId: 'T1', userId: 'U_ANN' },
    tz: 'UTC',
    who: 'ACME-4411',
    note: null,
    dueAt: new Date('2026-11-20T11:00:00Z'),
    createdAt: new Date('2026-11-20T09:00:00Z'),
    tipRule: { first: null, after: new Map() },
    ladder: [{ kind: 'promise.due', dueAt: new Date('2026-11-20T11:00:00Z') }],
  });

const prepared = async (db: Db) => (await dbAll<{ statement: string }>(db, 'SELECT statement FROM pg_prepared_statements')).map((r) => r.statement);

describe.skipIf(!DIALECTS.includes('postgres'))('prepared statements on PostgreSQL', () => {
  it('prepares a promise once per connection and keeps working when a migration adds a column meanwhile', async () => {
    const db = await openStore(await freshPostgresUrl(), { poolSize: 1 });
    try {
      const first = await make(db);
      await make(db);
      expect((await findPromiseById(db, first.id))?.who).toBe('ACME-4411');
      expect((await prepared(db)).filter((s) => s.includes('INSERT INTO promises'))).toHaveLength(1);
      // Another replica, newer, upgrades the schema while this one runs.
      await dbRun(db, 'ALTER TABLE promises ADD COLUMN added_later TEXT');
      await dbRun(db, 'ALTER TABLE jobs ADD COLUMN added_later BIGINT');
      const third = await make(db);
      expect((await findPromiseById(db, first.id))?.who).toBe('ACME-4411');
      expect((await pendingJobs(db, { subject: `promise:${third.id}` })).map((j) => j.kind)).toEqual(['promise.due']);
    } finally {
      await closeStore(db);
    }
  });

  it('prepares nothing when told not to', async () => {
    const db = await openStore(await freshPostgresUrl(), { poolSize: 1, preparedStatements: false });
    try {
      await make(db);
      expect(await prepared(db)).toEqual([]);
    } finally {
      await closeStore(db);
    }
  });
});
