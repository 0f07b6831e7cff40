import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/store/group-commit.ts';
import { closeStore, openStore, type Db } from '../../src/store/open-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

/** A group commit whose flush the test triggers by hand. */
function manual(db: Db) {
  const flushes: (() => void)[] = [];
  const writes = createGroupCommit(db, (flush) => flushes.push(flush));
  return { writes, flushes, flush: () => flushes.shift()?.() };
}

const insertChannel = (db: Db, key: string) =>
  db.prepare(`INSERT INTO channels (platform, workspace_id, address_key, timezone, updated_at) VALUES ('slack', 'T1', ?, 'UTC', 0)`).run(key).changes;
const channels = (db: Db) => (db.prepare(`SELECT address_key FROM channels ORDER BY rowid`).all() as { address_key: string }[]).map((r) => r.address_key);

describe('group commit', () => {
  const tempDir = useTempDir();

  it('writes asked for together are committed together, in order, and nobody hears back before the commit', async () => {
    const file = path.join(tempDir(), 'c.db');
    const db = openStore(file);
    const reader = new Database(file, { readonly: true });
    const { writes, flushes, flush } = manual(db);
    const settled: string[] = [];
    const results = ['a', 'b', 'c'].map((key) => writes.run(() => insertChannel(db, key)).then((n) => settled.push(key) && n));
    expect(flushes).toHaveLength(1); // one commit for the three
    await Promise.resolve();
    expect(settled).toEqual([]);
    expect(channels(db)).toEqual([]);
    flush();
    expect(await Promise.all(results)).toEqual([1, 1, 1]);
    expect(settled).toEqual(['a', 'b', 'c']);
    // Durable and visible to another connection once the callers have heard.
    expect((reader.prepare('SELECT COUNT(*) AS n FROM channels').get() as { n: number }).n).toBe(3);
    reader.close();
    closeStore(db);
  });

  it('a write that fails is rolled back alone; the others are stored', async () => {
    const db = openStore(path.join(tempDir(), 'c.db'));
    const { writes, flush } = manual(db);
    const ok1 = writes.run(() => insertChannel(db, 'a'));
    const bad = writes.run(() => {
      insertChannel(db, 'half-done');
      return insertChannel(db, 'a'); // duplicate key: this write fails
    });
    const ok2 = writes.run(() => insertChannel(db, 'b'));
    flush();
    await expect(ok1).resolves.toBe(1);
    await expect(bad).rejects.toThrow(/UNIQUE/);
    await expect(ok2).resolves.toBe(1);
    expect(channels(db)).toEqual(['a', 'b']);
    closeStore(db);
  });

  it('when the commit itself fails, every write of the group hears it and nothing is stored', async () => {
    const db = openStore(path.join(tempDir(), 'c.db'));
    const { writes, flush } = manual(db);
    const a = writes.run(() => insertChannel(db, 'a'));
    const orphan = writes.run(() => {
      // A foreign key checked only at COMMIT: the whole transaction fails there.
      db.pragma('defer_foreign_keys = ON');
      db.prepare(`INSERT INTO promise_events (promise_id, kind, at) VALUES (424242, 'created', 0)`).run();
    });
    flush();
    await expect(a).rejects.toThrow(/FOREIGN KEY/);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    expect(channels(db)).toEqual([]);
    // And the next group works.
    const next = writes.run(() => insertChannel(db, 'c'));
    flush();
    await expect(next).resolves.toBe(1);
    closeStore(db);
  });

  it('a write alone, or asked for inside a caller’s own transaction, behaves as a plain transaction', async () => {
    const db = openStore(path.join(tempDir(), 'c.db'));
    const writes = createGroupCommit(db); // the real schedule: after this turn's I/O
    await expect(writes.run(() => insertChannel(db, 'a'))).resolves.toBe(1);
    await expect(writes.run(() => insertChannel(db, 'a'))).rejects.toThrow(/UNIQUE/);
    let inner: Promise<number> | undefined;
    db.transaction(() => {
      inner = writes.run(() => insertChannel(db, 'b'));
      expect(channels(db)).toEqual(['a', 'b']); // ran at once, inside the caller's transaction
    })();
    await expect(inner).resolves.toBe(1);
    closeStore(db);
  });
});
