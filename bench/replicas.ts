// The 10,000-reminder burst through real coach processes (what `npm start` runs), on SQLite (one
// process), on PostgreSQL with one replica and with three on one database, against the same fake
// Slack Web API in its own process; and, in the same invocation, the bare-HTTP floor: a sender
// that only posts the same 10,000 messages to the same fake. 10,000 promises (1,000 agents) are
// seeded through the store's repositories days ahead; once every process is up, one UPDATE makes
// their heads-ups fall due in the same second, a few seconds later. Lateness = when the fake
// received a heads-up minus that second; time to drain = until the last one arrived.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeStore, openStore } from '../src/store/open-store.ts';
import { scheduleBurstAt, seedBurst, type BurstSize } from '../test/helpers/burst-work.ts';
import { createPostgresDatabase, startReplicas, stopReplicas, type PostgresDatabase, type Replica } from '../test/helpers/replica-cluster.ts';
import { runChild, startChild } from './child.ts';
import { percentile, round, type Figure } from './figures.ts';
import { BENCH_DATABASE_URL, transactionsSoFar } from './postgres.ts';
import { cpuMsOf, postgresServerCpuMs } from './load.ts';

const BURST: BurstSize = { reminders: 10_000, channels: 0, agents: 1_000 };
const NOTICE_MS = 5_000;
const WARM_UP_MESSAGES = 2_000;
const DRAIN_TIMEOUT_MS = 180_000;

interface BurstRun {
  received: number;
  p50: number;
  p99: number;
  drainMs: number;
  /** CPU time (all processes' threads) per message from the due second to the last arrival, in µs: holds on a busy machine. */
  cpuUsPerMessage?: number;
  /**
   * PostgreSQL: database transactions per message, from the burst's UPDATE until every replica
   * has stopped (round trips that hold a statement each; the figure a busy machine cannot move).
   */
  transactionsPerMessage?: number;
  /** PostgreSQL: the database server's CPU per message over the same span as cpuUsPerMessage, in µs. */
  serverCpuUsPerMessage?: number;
  /** conversations.open calls: each process opens the DM channels it has not seen yet (none are seeded). */
  dmOpens?: number;
  /**
   * CPU per message (µs, all processes) for the first WARM_UP_MESSAGES delivered and for the rest:
   * every process pays for its first reminders (cold code, its own DM channels), so more processes
   * pay it more often.
   */
  coldCpuUs?: number;
  warmCpuUs?: number;
}

interface FakeReady {
  url: string;
  control: string;
}

const summarize = (times: number[], dueAt: number): BurstRun => {
  const lateness = times.map((t) => t - dueAt).sort((a, b) => a - b);
  return { received: times.length, p50: percentile(lateness, 50), p99: percentile(lateness, 99), drainMs: lateness.at(-1) ?? NaN };
};

async function fakeStats(control: string, withTimes = false): Promise<{ counts: Record<string, number>; times: number[] }> {
  return (await (await fetch(`${control}/stats${withTimes ? '?times=chat.postMessage' : ''}`)).json()) as { counts: Record<string, number>; times: number[] };
}

/** `count` coaches on `databaseUrl`: move the burst to one second, wait until the fake has it all. */
async function runBurst(fake: FakeReady, databaseUrl: string, count: number): Promise<BurstRun> {
  let replicas: Replica[] = [];
  const postgres = databaseUrl.startsWith('postgres');
  let transactionsBefore = NaN;
  let run: BurstRun | undefined;
  try {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each replica too (written when it stops). Node
    // refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
    const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    replicas = await startReplicas(count, { DATABASE_URL: databaseUrl, SLACK_SIGNING_SECRET: 'bench', SLACK_API_URL: fake.url }, () => ({}), { readyTimeoutMs: 120_000, nodeArgs });
    await fetch(`${fake.control}/reset`, { method: 'POST' });
    const dueAt = Math.ceil((Date.now() + NOTICE_MS) / 1_000) * 1_000;
    if (postgres) transactionsBefore = await transactionsSoFar(databaseUrl);
    const db = await openStore(databaseUrl);
    try {
      await scheduleBurstAt(db, new Date(dueAt));
    } finally {
      await closeStore(db);
    }
    const cpuOfAll = () => replicas.reduce((sum, r) => sum + (cpuMsOf(r.child.pid) ?? NaN), 0);
    let cpuAtDue = NaN;
    let serverCpuAtDue = NaN;
    const sample = setTimeout(() => {
      cpuAtDue = cpuOfAll();
      if (postgres) serverCpuAtDue = postgresServerCpuMs();
    }, Math.max(0, dueAt - Date.now()));
    const deadline = dueAt + DRAIN_TIMEOUT_MS;
    // Polled every 100 ms: the first poll past WARM_UP_MESSAGES splits the CPU into cold and warm.
    let warmFrom: { received: number; cpuMs: number } | undefined;
    for (;;) {
      const received = (await fakeStats(fake.control)).counts['chat.postMessage'] ?? 0;
      if (!warmFrom && received >= WARM_UP_MESSAGES && received < BURST.reminders) warmFrom = { received, cpuMs: cpuOfAll() };
      if (received >= BURST.reminders || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clearTimeout(sample);
    const cpuAtEnd = cpuOfAll();
    const cpuMs = cpuAtEnd - cpuAtDue;
    const serverCpuMs = postgres ? postgresServerCpuMs() - serverCpuAtDue : NaN;
    const stats = await fakeStats(fake.control, true);
    const times = { ...summarize(stats.times, dueAt), dmOpens: stats.counts['conversations.open'] ?? 0 };
    const split = warmFrom
      ? { coldCpuUs: ((warmFrom.cpuMs - cpuAtDue) * 1000) / warmFrom.received, warmCpuUs: ((cpuAtEnd - warmFrom.cpuMs) * 1000) / Math.max(1, times.received - warmFrom.received) }
      : {};
    run = { ...times, ...split, cpuUsPerMessage: (cpuMs * 1000) / Math.max(1, times.received), ...(postgres ? { serverCpuUsPerMessage: (serverCpuMs * 1000) / Math.max(1, times.received) } : {}) };
  } finally {
    await stopReplicas(replicas);
  }
  if (postgres) run.transactionsPerMessage = ((await transactionsSoFar(databaseUrl)) - transactionsBefore) / Math.max(1, run.received);
  return run;
}

/** The same 10,000 chat.postMessage calls with nothing but an HTTP client (bench/bare-sender-child.ts). */
async function runBare(fake: FakeReady): Promise<BurstRun> {
  const result = await runChild<{ received: number; lateness: number[]; cpuMsAfterDue: number }>('bench/bare-sender-child.ts', { SLACK_API_URL: fake.url, FAKE_CONTROL: fake.control }, [String(BURST.reminders)]);
  const lateness = result.lateness;
  return { received: result.received, p50: percentile(lateness, 50), p99: percentile(lateness, 99), drainMs: lateness.at(-1) ?? NaN, cpuUsPerMessage: (result.cpuMsAfterDue * 1000) / Math.max(1, result.received) };
}

const seconds = (ms: number) => round(ms / 1000, 2);

export async function benchReplicas(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const section = 'Reminder burst, replicas';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-replicas-'));
  const fakeChild = await startChild<FakeReady>('bench/servers/fake-slack.ts');
  const fake = fakeChild.ready;
  const databases: PostgresDatabase[] = [];
  try {
    // Seeded once per store kind; each run gets a fresh copy (a file copy, a template database).
    const seededFile = path.join(dir, 'seeded.db');
    const sqlite = await openStore(seededFile);
    await seedBurst(sqlite, BURST);
    await closeStore(sqlite);

    let template: PostgresDatabase | undefined;
    try {
      template = await createPostgresDatabase(BENCH_DATABASE_URL, { prefix: 'bench_replicas_seed' });
      databases.push(template);
      const pgSeed = await openStore(template.url);
      await seedBurst(pgSeed, BURST);
      await closeStore(pgSeed);
    } catch (error) {
      process.stderr.write(`bench: replicas: PostgreSQL skipped (${(error as Error).message})\n`);
      template = undefined;
    }
    const copyOfPostgres = async () => {
      const copy = await createPostgresDatabase(BENCH_DATABASE_URL, { template: template!.name, prefix: 'bench_replicas' });
      databases.push(copy);
      return copy.url;
    };

    // In turn, on the same fake: the floor first and last, so a machine that got busier shows.
    const bareBefore = await runBare(fake);
    const copyFile = path.join(dir, 'run.db');
    fs.copyFileSync(seededFile, copyFile);
    const onSqlite = await runBurst(fake, copyFile, 1);
    const onePg = template ? await runBurst(fake, await copyOfPostgres(), 1) : undefined;
    const threePg = template ? await runBurst(fake, await copyOfPostgres(), 3) : undefined;
    const bareAfter = await runBare(fake);
    // The floor is the better of its two runs: the target compares against the machine at its best.
    const bare = bareBefore.p99 <= bareAfter.p99 ? bareBefore : bareAfter;

    const runFigures = (label: string, run: BurstRun | undefined, extra: Partial<Figure> = {}): Figure[] =>
      run
        ? [
            { section, name: `${label}: lateness p50`, value: seconds(run.p50), unit: 's' },
            { section, name: `${label}: lateness p99`, value: seconds(run.p99), unit: 's', ...extra },
            { section, name: `${label}: time to drain`, value: seconds(run.drainMs), unit: 's', note: `${run.received} of ${BURST.reminders} received; ${run.dmOpens ?? 0} DM channels opened; ${round(run.cpuUsPerMessage ?? NaN)} µs CPU per reminder${run.coldCpuUs === undefined ? '' : ` (the first ~${WARM_UP_MESSAGES.toLocaleString('en')}: ${round(run.coldCpuUs)} µs, the rest: ${round(run.warmCpuUs ?? NaN)} µs)`}${run.transactionsPerMessage === undefined ? '' : `; ${round(run.transactionsPerMessage, 2)} database transactions and ${round(run.serverCpuUsPerMessage ?? NaN)} µs of PostgreSQL's CPU per reminder`}` },
          ]
        : [{ section, name: label, unit: '', note: 'skipped: no PostgreSQL answered at BENCH_DATABASE_URL' }];
    const threeVsOne = threePg && onePg ? threePg.p99 / onePg.p99 : undefined;
    const threeVsBare = threePg ? threePg.p99 / bare.p99 : undefined;
    return {
      figures: [
        { section, name: 'bare HTTP sender (the floor): lateness p99', value: seconds(bare.p99), unit: 's', note: `p50 ${seconds(bare.p50)} s, drained in ${seconds(bare.drainMs)} s, ${round(bare.cpuUsPerMessage ?? NaN)} µs CPU per send; runs before and after the coaches: p99 ${seconds(bareBefore.p99)} s / ${seconds(bareAfter.p99)} s` },
        ...runFigures('SQLite, one process', onSqlite),
        ...runFigures('PostgreSQL, one replica', onePg),
        ...runFigures('PostgreSQL, three replicas', threePg),
        {
          section,
          name: 'three replicas / one replica: p99 lateness',
          value: threeVsOne === undefined ? undefined : round(threeVsOne, 2),
          unit: '×',
          target: '≤ 1',
          pass: threeVsOne === undefined ? undefined : threeVsOne <= 1,
          note: 'same burst, same fake, one after the other',
        },
        {
          section,
          name: 'three replicas / bare HTTP floor: p99 lateness',
          value: threeVsBare === undefined ? undefined : round(threeVsBare, 2),
          unit: '×',
          target: '≤ 1.2',
          pass: threeVsBare === undefined ? undefined : threeVsBare <= 1.2,
        },
      ],
      details: { bareBefore, bareAfter, onSqlite, onePg, threePg },
    };
  } finally {
    await fakeChild.stop();
    for (const database of databases.reverse()) await database.drop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
