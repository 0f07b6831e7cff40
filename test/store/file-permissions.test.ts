// The SQLite database holds names and what agents promised customers: other accounts on the
// machine must not be able to read it, its WAL or its folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/open-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('database files', () => {
  const tempDir = useTempDir();

  it('the data folder is created 0700 and the database, its WAL and SHM 0600, whatever the umask', async () => {
    const previous = process.umask(0o022); // the common default: files 0644, folders 0755
    try {
      const file = path.join(tempDir(), 'data', 'coach.db');
      const db = await openStore(file);
      await db.insertInto('people').values({ platform: 'slack', workspace_id: 'T1', user_id: 'U1', name: 'Dana', seen_at: 0 }).execute();
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect({ folder: modeOf(path.dirname(file)), db: modeOf(file), wal: modeOf(`${file}-wal`), shm: modeOf(`${file}-shm`) }).toEqual({ folder: '700', db: '600', wal: '600', shm: '600' });
      await closeStore(db);
    } finally {
      process.umask(previous);
    }
  });

  it('a database left readable by an older version is tightened when it is opened', async () => {
    const file = path.join(tempDir(), 'old.db');
    await closeStore(await openStore(file));
    fs.chmodSync(file, 0o644);
    const db = await openStore(file);
    expect(modeOf(file)).toBe('600');
    await closeStore(db);
  });
});
