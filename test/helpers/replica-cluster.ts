// Several coaches as real processes (`src/main.ts`, each on its own port) on one PostgreSQL
// database, all pointed at one fake Slack Web API: what "several replicas behave as one coach" is
// tested and measured against. A database of its own per run (CREATE DATABASE, dropped after), so
// replicas see exactly what the run seeded, and a seeded template can be copied in a blink.
import pg from 'pg';
import { startCoachServer, type CoachServerProcess } from './coach-server-process.ts';

export interface PostgresDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

/** The same server and credentials as `adminUrl`, another database. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  url.searchParams.delete('options');
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A new, empty database on the server at `adminUrl` (or a copy of `template`, which must have no
 * open connections: PostgreSQL copies it file by file).
 */
export async function createPostgresDatabase(adminUrl: string, options: { template?: string; prefix?: string } = {}): Promise<PostgresDatabase> {
  const name = `${options.prefix ?? 'replicas'}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ''}`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    // FORCE: a SIGKILLed replica's connections may still be closing on the server side.
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export interface Replica extends CoachServerProcess {
  /** Which replica (0, 1, 2…): its bot token is `xoxb-replica-<index>`, so the fake tells who sent what. */
  index: number;
  token: string;
}

/** The bot token replica `index` uses: the fake Slack API records it with every call. */
export const replicaToken = (index: number): string => `xoxb-replica-${index}`;

/**
 * Start `count` coaches on `databaseUrl` at once, each on its own port with its own bot token;
 * `extraEnv(i)` adds settings for one of them (e.g. a clock offset). Resolves when all are ready.
 */
export async function startReplicas(
  count: number,
  env: Record<string, string>,
  extraEnv: (index: number) => Record<string, string> = () => ({}),
  options: { readyTimeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<Replica[]> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, async (_, index) => {
      const token = replicaToken(index);
      const server = await startCoachServer({ ...env, SLACK_BOT_TOKEN: token, ...extraEnv(index) }, { readyTimeoutMs: options.readyTimeoutMs ?? 60_000, nodeArgs: options.nodeArgs });
      return { ...server, index, token };
    }),
  );
  const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopReplicas(replicas, 'SIGKILL');
    throw failed.reason;
  }
  return replicas;
}

/** Stop every replica still running and wait for each to exit. */
export async function stopReplicas(replicas: readonly CoachServerProcess[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await Promise.all(
    replicas.map(async (replica) => {
      if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill(signal);
      await replica.exited;
    }),
  );
}
