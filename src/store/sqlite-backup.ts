// Online backup and restore of the SQLite store with SQLite's own backup API (through
// better-sqlite3): the copy is one consistent snapshot even while the coach writes, because the
// API copies pages under a read transaction and restarts if a writer changes them. Restore goes
// through a temporary file and a rename, so the live path never holds a half-written database.

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { HEARTBEAT_STALE_MS } from './instances-repo.ts';
import { CodedError } from '../errors.ts';

export interface BackupSummary {
  bytes: number;
  promises: number;
  schemaVersion: number;
}

/** What a file holds, checked: a coach database that passes SQLite's integrity check. */
function inspect(file: string): BackupSummary {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CodedError('NOT_FOUND', `${file} cannot be opened as a SQLite database (${(error as Error).message}).`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new CodedError('STORE_COPY_MISMATCH', `${file} is damaged: ${String(integrity)}.`);
    const hasSchema = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!hasSchema) throw new CodedError('STORE_COPY_MISMATCH', `${file} is not a Service Coach database (it has no schema_migrations table).`);
    const version = Number((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0);
    const hasPromises = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'promises'").get();
    const promises = hasPromises ? Number((db.prepare('SELECT COUNT(*) AS n FROM promises').get() as { n: number }).n) : 0;
    return { bytes: fs.statSync(file).size, promises, schemaVersion: version };
  } finally {
    db.close();
  }
}

/** Forget which processes ran on the source: a restored copy is not in use by anyone yet. */
function clearInstances(file: string): void {
  const db = new BetterSqlite3(file);
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'coach_instances'").get();
    if (has) db.prepare('DELETE FROM coach_instances').run();
    db.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
  } finally {
    db.close();
  }
}

export async function backupSqlite(source: string, target: string): Promise<BackupSummary> {
  if (!fs.existsSync(source)) throw new CodedError('NOT_FOUND', `There is no database at ${source}.`);
  if (fs.existsSync(target)) throw new CodedError('STORE_COPY_REFUSED', `${target} already exists; give the backup a new name.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  // A backup holds everything the database does: readable by its owner only, like the database.
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target);
  } finally {
    db.close();
  }
  clearInstances(target);
  return inspect(target);
}

export interface RunningCoach {
  host: string;
  pid: number;
  secondsAgo: number;
}

/** Coach processes that beat in this database recently (a stopped coach removes its row). */
export function runningCoaches(file: string, now = Date.now()): RunningCoach[] {
  if (!fs.existsSync(file)) return [];
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'coach_instances'").get();
    if (!has) return [];
    const rows = db.prepare('SELECT host, pid, beat_at FROM coach_instances WHERE beat_at >= ?').all(now - HEARTBEAT_STALE_MS) as { host: string; pid: number; beat_at: number }[];
    return rows.map((r) => ({ host: r.host, pid: Number(r.pid), secondsAgo: Math.max(0, Math.round((now - Number(r.beat_at)) / 1000)) }));
  } finally {
    db.close();
  }
}

export async function restoreSqlite(backup: string, target: string): Promise<BackupSummary> {
  const summary = inspect(backup);
  const running = runningCoaches(target);
  if (running.length > 0) {
    const who = running.map((r) => `pid ${r.pid} on ${r.host}, seen ${r.secondsAgo} s ago`).join('; ');
    throw new CodedError('STORE_COPY_REFUSED', `A coach is running on ${target} (${who}). Stop it first, then restore.`);
  }
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const temporary = `${target}.restoring-${process.pid}`;
  fs.rmSync(temporary, { force: true });
  fs.closeSync(fs.openSync(temporary, 'wx', 0o600));
  const source = new BetterSqlite3(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(temporary);
  } finally {
    source.close();
  }
  clearInstances(temporary);
  // The old file's WAL belongs to the old file: left beside the restored one, SQLite would replay it.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temporary, target);
  return summary;
}
