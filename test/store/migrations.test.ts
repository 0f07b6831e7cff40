import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, closeStore } from '../../src/store/open-store.ts';
import { migrate } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('store', () => {
  const tempDir = useTempDir();

  it('creates a fresh database with every migration, WAL and foreign keys on', () => {
    const file = path.join(tempDir(), 'nested', 'coach.db');
    const db = openStore(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    closeStore(db);
  });

  it('reopening an existing database keeps its data and runs nothing twice', () => {
    const file = path.join(tempDir(), 'coach.db');
    const db = openStore(file);
    db.prepare(`INSERT INTO channels (platform, workspace_id, address_key, timezone, updated_at) VALUES ('console', 'local', 'c', 'UTC', 0)`).run();
    closeStore(db);
    const again = openStore(file);
    expect(again.prepare('SELECT COUNT(*) AS n FROM channels').get()).toEqual({ n: 1 });
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    closeStore(again);
  });

  it('upgrades a database made by an older version, forward only', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare(`INSERT INTO channels (platform, workspace_id, address_key, timezone, updated_at) VALUES ('slack', 'T1', 'C1', 'UTC', 0)`).run();
    old.close();
    const db = openStore(file);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.at(-1)?.version });
    expect(db.prepare('SELECT address_key FROM channels').get()).toEqual({ address_key: 'C1' });
    closeStore(db);
  });

  it('refuses a database from a newer version of the coach instead of guessing', () => {
    const file = path.join(tempDir(), 'new.db');
    const db = openStore(file);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)`).run();
    closeStore(db);
    expect(() => openStore(file)).toThrow(/schema version 999/);
  });

  it('rolls back a failing migration completely', () => {
    const db = new Database(':memory:');
    expect(() =>
      migrate(db, [
        { version: 1, name: 'ok', sql: 'CREATE TABLE a (x)' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE b (y); SELECT * FROM missing_table;' },
      ]),
    ).toThrow(/Migration 2 \(broken\) failed/);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
  });
});
