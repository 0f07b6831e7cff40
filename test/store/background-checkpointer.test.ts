import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/open-store.ts';
import { startBackgroundCheckpointer } from '../../src/store/background-checkpointer.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('background checkpointer', () => {
  const tempDir = useTempDir();

  it('copies committed writes into the database file from a worker while the writer keeps going', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'coach.db');
    await closeStore(await openStore(file)); // the schema
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0'); // only the worker checkpoints in this test
    const checkpointer = startBackgroundCheckpointer(file, { intervalMs: 60_000 });
    const insert = db.prepare(`INSERT INTO channels (platform, workspace_id, address_key, timezone, updated_at) VALUES ('slack', 'T1', ?, 'UTC', 0)`);
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`C${i}`);
    })();
    const result = await checkpointer.checkpointNow();
    expect(result.busy).toBe(0);
    expect(result.checkpointed).toBe(result.log);
    expect(result.log).toBeGreaterThan(0);

    // The main file alone (no -wal beside it) now holds the rows: the copy really happened.
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(file, copy);
    const reader = new Database(copy, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) AS n FROM channels').get()).toEqual({ n: 500 });
    reader.close();

    insert.run('C-after'); // the writer is never blocked by the worker's connection
    await checkpointer.stop();
    db.close();
  });
});
