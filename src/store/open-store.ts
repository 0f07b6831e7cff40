// Opens the store the coach keeps everything in: a SQLite file (the zero-setup default) or a
// PostgreSQL database, both behind one Kysely instance typed by `Database`. Explicit: nothing
// happens at import, and creating the instance connects to nothing until the first query.

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database, StoreLocation } from './database.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { CodedError } from '../errors.ts';

export type Db = Kysely<Database>;
export type StoreDialect = 'sqlite' | 'postgres';
export type { StoreLocation };

export interface StoreOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** PostgreSQL: keep statements prepared per connection (default true; false behind PgBouncer < 1.21 in transaction mode). */
  preparedStatements?: boolean;
  /** PostgreSQL: told about connections lost while running (the pool replaces them). */
  onConnectionError?: (error: Error) => void;
}

// pg returns BIGINT and NUMERIC as strings (they can exceed 2^53). Every BIGINT here is a time in
// ms or a count, far below that, so the coach reads them as numbers, the same as on SQLite.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

export function toStoreLocation(value: string): StoreLocation {
  return /^postgres(ql)?:\/\//i.test(value) ? { dialect: 'postgres', url: value } : { dialect: 'sqlite', file: value };
}

/** The Kysely instance for a location; migrations are run by openStore (or migrateStore). */
export function createDb(where: StoreLocation | string, options: StoreOptions = {}): Db {
  const location = typeof where === 'string' ? toStoreLocation(where) : where;
  if (location.dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: options.poolSize ?? 10,
      types: pgTypes,
      connectionTimeoutMillis: 10_000,
      ...(options.preparedStatements === false ? {} : { Client: preparingClient() }),
    });
    // An idle connection dropped by the server (restart, failover, network) must not crash the
    // process: the pool discards it and opens a new one on the next query.
    pool.on('error', (error) => options.onConnectionError?.(error));
    // A connection cut while a query runs on it fails that query (its caller decides: a request
    // answers with an error, the scheduler backs off) and is then dropped by the pool; pg also emits
    // the error on the checked-out client, where nothing listens, which crashed the whole process.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const file = location.file;
  if (file !== ':memory:') createOwnerOnly(file);
  const raw = new BetterSqlite3(file);
  // WAL lets readers run while a request writes; NORMAL sync is durable across process crashes
  // (the case we care about) and much faster than FULL. busy_timeout rides out a second process
  // (a restart overlapping a shutdown) instead of failing with SQLITE_BUSY.
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
}

/**
 * The database holds people's names and what they promised customers: its folder is created
 * 0700 and the file 0600 before SQLite opens it. SQLite gives the -wal and -shm files the main
 * file's permissions, so they are owner-only too. A file left readable by an older version is
 * tightened the same way.
 */
function createOwnerOnly(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (fs.statSync(existing).mode & 0o077) fs.chmodSync(existing, 0o600);
    } catch {
      // Not there (yet), or not ours to change: SQLite reports a file it cannot use.
    }
  }
}

/** Distinct statements kept prepared: the coach has a few dozen query shapes; the bound is a safety net. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 with its prepared statements kept per SQL text. Kysely prepares every query it
 * runs; preparing was 17 % of a /promise-callback's CPU in a profile, and the coach runs the same
 * few dozen query shapes (the values are bound, never part of the text) over and over.
 */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (!statement) {
        statement = raw.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

/** Distinct statements named per pool: the coach has a few dozen query shapes; the bound is a safety net. */
const NAMED_STATEMENTS_MAX = 500;

/**
 * A pg Client that prepares each query shape once per connection and then only binds and executes
 * it: Kysely sends every query unnamed, so PostgreSQL parsed and planned each one again. The
 * /promise-callback statement took 1.33 ms unnamed and 0.76 ms named (median of 6 alternating
 * rounds of 100, 2 shared cores), and the server's planning shared the cores with the coach.
 * Left unnamed: queries without parameters (DDL in migrations), and any with a `*`, whose result
 * columns would change under a prepared statement when a migration adds a column while this
 * process runs (PostgreSQL then refuses it: "cached plan must not change result type").
 */
function preparingClient(): typeof pg.Client {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < NAMED_STATEMENTS_MAX && !text.includes('*')) {
      name = `coach_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  class PreparingClient extends pg.Client {}
  const query = pg.Client.prototype.query;
  PreparingClient.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
    const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? nameFor(config) : undefined;
    const call = query as (this: pg.Client, ...args: unknown[]) => unknown;
    return name === undefined ? call.call(this, config, values, callback) : call.call(this, { name, text: config, values }, callback);
  } as typeof query;
  return PreparingClient;
}

export function dialectOf(db: Db): StoreDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** What went wrong reaching PostgreSQL, in words an operator acts on. */
export function explainConnectionError(error: unknown, user: string): string {
  const e = error as { code?: string; message?: string };
  const message = e?.message ?? String(error);
  switch (e?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve (DNS)';
    case 'ECONNREFUSED':
      return 'nothing accepts connections there (connection refused)';
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return `the connection failed (${e.code})`;
    case '28P01':
      return `authentication failed for user "${user}"`;
    case '28000':
      // No such role, or pg_hba.conf has no line for this host/user/database: the server says which.
      return `user "${user}" may not connect: ${message}`;
    case '3D000':
      return 'the database does not exist (create it, or fix the name in DATABASE_URL)';
    case '42501':
      return `user "${user}" may not create the coach's tables there (permission denied)`;
  }
  if (/SSL|TLS|certificate|self[- ]signed/i.test(message) || /CERT|SSL/.test(e?.code ?? '')) return `TLS failed: ${message}`;
  if (/timeout/i.test(message)) return 'no answer within 10 s (timeout)';
  return message;
}

export async function migrateStore(db: Db, location?: StoreLocation): Promise<number[]> {
  try {
    return await migrate(db, MIGRATIONS);
  } catch (error) {
    if (location?.dialect !== 'postgres' || error instanceof CodedError) throw error;
    // One line: which server, which database, what failed. Never the password.
    const url = new URL(location.url);
    const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
    throw new CodedError(
      'STORE_UNREACHABLE',
      `Cannot use PostgreSQL at ${url.hostname}:${url.port || 5432}, database "${database}": ${explainConnectionError(error, decodeURIComponent(url.username) || 'postgres')}.`,
      { cause: error },
    );
  }
}

export async function openStore(where: StoreLocation | string, options: StoreOptions = {}): Promise<Db> {
  const location = typeof where === 'string' ? toStoreLocation(where) : where;
  const db = createDb(location, options);
  try {
    await migrateStore(db, location);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return db;
}

/** Close cleanly; on SQLite, checkpoint the WAL first so the file on disk is complete on its own. */
export async function closeStore(db: Db): Promise<void> {
  try {
    if (dialectOf(db) === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  } finally {
    await db.destroy();
  }
}

/** Run `work` in a transaction, or inside the caller's when `db` already is one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
