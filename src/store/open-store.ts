// Opens the SQLite file the coach keeps everything in. Explicit: nothing happens at import.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

export function openStore(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets the scheduler read while a request writes; NORMAL sync is durable across process
  // crashes (the case we care about) and much faster than FULL. busy_timeout rides out a second
  // process (a restart overlapping a shutdown) instead of failing with SQLITE_BUSY.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, MIGRATIONS);
  return db;
}

/** Close cleanly: checkpoint the WAL so the file on disk is complete on its own. */
export function closeStore(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
