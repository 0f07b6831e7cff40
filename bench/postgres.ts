// A PostgreSQL schema of its own for a benchmark run, at BENCH_DATABASE_URL (default: the local
// test server). Undefined when nothing answers there: the section then says PostgreSQL was skipped.
import pg from 'pg';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function freshBenchSchema(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } catch {
    return undefined;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(BENCH_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/**
 * Statements the database at `url` has committed or rolled back so far (pg_stat_database: each
 * statement outside a transaction is one, a transaction of many statements one). Read after the
 * processes that made them have exited, since a backend reports its counts when idle or on exit.
 */
export async function transactionsSoFar(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`);
    return Number(rows[0]?.n ?? NaN);
  } finally {
    await client.end();
  }
}
