// Stores for tests on both dialects. SQLite always runs; PostgreSQL runs at TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test) when it answers. Each store gets a schema of
// its own, dropped after the test file; when PostgreSQL does not answer, its runs are skipped with
// one line, except with CI=true, where that fails the run so CI always covers both dialects.
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { closeStore, openStore, type Db, type StoreDialect } from '../../src/store/open-store.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const where = new URL(TEST_DATABASE_URL);
    const line = `PostgreSQL at ${where.host}${where.pathname} did not answer (${(error as Error).message}): `;
    if (process.env.CI === 'true') throw new Error(`${line}CI=true needs it, so this run fails.`);
    process.stderr.write(`${line}skipping the PostgreSQL runs of this test file.\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresUp = await probePostgres();

/** The dialects this run covers: SQLite always, PostgreSQL when it answers. */
export const DIALECTS: StoreDialect[] = postgresUp ? ['sqlite', 'postgres'] : ['sqlite'];

const schemas: string[] = [];
let counter = 0;
afterAll(async () => {
  if (schemas.length === 0) return;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

/** A PostgreSQL URL whose connections see only a new, empty schema. */
export async function freshPostgresUrl(): Promise<string> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  schemas.push(schema);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** DATABASE_URL for a fresh store of this dialect: a file in `dir`, or a new schema. */
export async function freshDatabaseUrl(dialect: StoreDialect, dir: string, name = 'coach.db'): Promise<string> {
  return dialect === 'postgres' ? freshPostgresUrl() : path.join(dir, name);
}

/** An open, migrated, empty store of this dialect. */
export async function openTestStore(dialect: StoreDialect, dir: string): Promise<Db> {
  return openStore(await freshDatabaseUrl(dialect, dir));
}

export { closeStore };
