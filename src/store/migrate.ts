// Numbered, forward-only migrations. Each runs once, in order, inside a transaction, and is
// recorded in schema_migrations. A database newer than this code is refused rather than guessed at.

import type Database from 'better-sqlite3';
import { CodedError } from '../errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  // Numbers must increase; gaps are allowed so features developed side by side can reserve numbers.
  migrations.forEach((m, i) => {
    const previous = i === 0 ? 0 : (migrations[i - 1] as Migration).version;
    if (m.version <= previous) throw new CodedError('STORE_MIGRATION_FAILED', `Migrations must be numbered in increasing order; ${m.version} follows ${previous}.`);
  });
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = migrations.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new CodedError(
      'STORE_MIGRATION_FAILED',
      `The database is at schema version ${newest}, but this version of Service Coach only knows up to ${known}. Upgrade the coach or use another DATABASE_URL.`,
    );
  }
  const ran: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          Date.now(),
        );
      })();
    } catch (error) {
      throw new CodedError('STORE_MIGRATION_FAILED', `Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
    }
    ran.push(migration.version);
  }
  return ran;
}
