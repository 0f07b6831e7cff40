import { afterEach, describe, expect, it } from 'vitest';
import { closeStore, type Db } from '../../src/store/open-store.ts';
import { groupCommitted } from '../../src/store/group-commit.ts';
import { param, runReusable } from '../../src/store/reusable-query.ts';
import { createReplayGuard } from '../../src/store/seen-requests-repo.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { dbAll } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { DIALECTS, openTestStore } from '../helpers/test-store.ts';

describe.each(DIALECTS)('writes that arrive together on %s', (dialect) => {
  const tempDir = useTempDir();
  let db: Db | undefined;
  afterEach(async () => {
    if (db) await closeStore(db);
    db = undefined;
  });

  const addManager = (trx: Db, userId: string) =>
    trx.insertInto('managers').values({ platform: 'slack', workspace_id: 'T1', user_id: userId, added_by: 'U_LEAD', added_at: 1 }).execute();

  it('are each stored once they resolve, and one that fails leaves no trace while the others stay', async () => {
    db = await openTestStore(dialect, tempDir());
    const store = db;
    const results = await Promise.allSettled(
      ['U1', 'U2', 'U3', 'U4'].map((userId) =>
        groupCommitted(store, async (trx) => {
          await addManager(trx, userId);
          if (userId === 'U3') throw new Error('U3 changed its mind');
          return userId;
        }),
      ),
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['U1', 'U2', 'U3 changed its mind', 'U4']);
    const rows = await dbAll<{ user_id: string }>(store, 'SELECT user_id FROM managers ORDER BY user_id');
    expect(rows.map((r) => r.user_id)).toEqual(['U1', 'U2', 'U4']);
  });

  it('refuse the second of two identical signed requests sent at the same moment', async () => {
    db = await openTestStore(dialect, tempDir());
    const guard = createReplayGuard(db, new FakeClock('2026-11-23T09:00:00Z'));
    const expires = new Date('2026-11-23T09:06:00Z');
    const seen = await Promise.all([guard.firstSeen('slack', 'sig-a', expires), guard.firstSeen('slack', 'sig-a', expires), guard.firstSeen('slack', 'sig-b', expires)]);
    // Which of the two twins wins is the database's choice (on PostgreSQL, two connections race); one does.
    expect([seen[0], seen[1]].sort()).toEqual([false, true]);
    expect(seen[2]).toBe(true);
  });

  it('a statement compiled once takes each call’s own values', async () => {
    db = await openTestStore(dialect, tempDir());
    const store = db;
    const insert = (userId: string, at: number) =>
      runReusable(store, 'test:addManager', () => store.insertInto('managers').values({ platform: 'slack', workspace_id: 'T1', user_id: param('user'), added_by: 'U_LEAD', added_at: param('at') }), { user: userId, at });
    await insert('U1', 10);
    await insert('U2', 20);
    const read = (userId: string) => runReusable(store, 'test:manager', () => store.selectFrom('managers').select(['user_id', 'added_at']).where('user_id', '=', param('user')), { user: userId });
    expect((await read('U2')).rows).toEqual([{ user_id: 'U2', added_at: 20 }]);
    expect((await read('U1')).rows).toEqual([{ user_id: 'U1', added_at: 10 }]);
  });
});
