// Slack slash commands: signed /promise-callback requests at the coach's HTTP endpoint (a real
// `src/main.ts` process, Slack Web API faked on loopback in another process) versus a fair
// baseline: a bare Bolt app doing the same job by hand (bench/servers/fair-bolt.ts: chrono-node
// parse, one better-sqlite3 transaction for the promise and its reminder rows, the answer in the
// ack). A bare Bolt app that only acks is measured too, as context: it does no work at all. Same
// autocannon settings, same invocation, same machine.
import { freshBenchSchema } from './postgres.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedHeaders, slashCommandBody } from '../test/helpers/slack-requests.ts';
import { startCoachServer } from '../test/helpers/coach-server-process.ts';
import { startChild } from './child.ts';
import { round, type Figure } from './figures.ts';
import { compareInRounds, CONNECTIONS, cpuNote, measure, ROUNDS_NOTE, throughputRatioFigure, type LoadResult, type RoundsResult } from './load.ts';

const SECRET = 'bench-signing-secret';

interface FakeReady {
  url: string;
  responseUrl: string;
  control: string;
}

export async function benchSlackCommands(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const fake = await startChild<FakeReady>('bench/servers/fake-slack.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-slack-'));
  const env = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.ready.url };
  // A fresh signature for every request, on both servers alike: the coach refuses a replayed one
  // (and Bolt accepts a 5-minute window), so each request carries its own trigger_id, as Slack's do.
  const requestFor = (n: number) => {
    const body = slashCommandBody({ command: '/promise-callback', text: 'ACME-4411 in 2h refund status', responseUrl: fake.ready.responseUrl, triggerId: `${n}.${Date.now()}.bench` });
    return { headers: signedHeaders(SECRET, body), body };
  };
  const request = () => requestFor(0);
  let fair: RoundsResult;
  let bare: LoadResult;
  let bareRespond: LoadResult;
  let coach: RoundsResult;
  let ratio: number;
  let ratios: number[];
  let answered = 0;
  let onPostgres: LoadResult | undefined;
  try {
    // Context, not the target's baseline: the same bare app also sending one answer via response_url.
    // Measured first, on its own: its answers land on the fake, which then counts only the coach's.
    const boltRespond = await startChild<{ port: number }>('bench/servers/bare-bolt.ts', { ...env, BARE_BOLT_RESPOND: '1' });
    try {
      bareRespond = await measure({ url: `http://127.0.0.1:${boltRespond.ready.port}/slack/events`, request, requestFor });
    } finally {
      await boltRespond.stop();
    }
    // Context too: a bare Bolt app that only acks (the old baseline), one run of its own.
    const ackOnly = await startChild<{ port: number }>('bench/servers/bare-bolt.ts', env);
    try {
      bare = await measure({ url: `http://127.0.0.1:${ackOnly.ready.port}/slack/events`, request, pid: ackOnly.child.pid });
    } finally {
      await ackOnly.stop();
    }
    const bolt = await startChild<{ port: number }>('bench/servers/fair-bolt.ts', { ...env, DATABASE_FILE: path.join(dir, 'fair-bolt.db') });
    const server = await startCoachServer({ ...env, DATABASE_URL: path.join(dir, 'coach.db') }, process.env.BENCH_CPU_PROF ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] } : {});
    try {
      ({ baseline: fair, subject: coach, ratio, ratios } = await compareInRounds(
        { url: `http://127.0.0.1:${bolt.ready.port}/slack/events`, request, requestFor, verifyBody: (body) => body.includes('callback promise'), pid: bolt.child.pid },
        // A known person's answer rides in the ack: a body that confirms the promise.
        { url: `${server.baseUrl}/slack/events`, request, requestFor, verifyBody: (body) => body.includes('callback promise'), pid: server.child.pid },
        async () => {
          // Let the warm-up's answers land, then count only the measured rounds'.
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await fetch(`${fake.ready.control}/reset`, { method: 'POST' });
        },
      ));
      // Answers that did not ride in the ack go out after it: give them a moment to land, then count them.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const stats = (await (await fetch(`${fake.ready.control}/stats`)).json()) as { counts: Record<string, number> };
        answered = coach.ok - coach.mismatches + (stats.counts.response_url ?? 0);
        if (answered >= coach.ok || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      server.child.kill('SIGTERM');
      await Promise.all([server.exited, bolt.stop()]);
    }
    // The same coach on PostgreSQL (one run, after the SQLite rounds): the same requests, answered in the ack.
    const schema = await freshBenchSchema();
    if (schema) {
      const pgServer = await startCoachServer({ ...env, DATABASE_URL: schema.url });
      try {
        onPostgres = await measure({ url: `${pgServer.baseUrl}/slack/events`, request, requestFor, verifyBody: (body) => body.includes('callback promise'), pid: pgServer.child.pid });
      } finally {
        pgServer.child.kill('SIGTERM');
        await pgServer.exited;
        await schema.drop();
      }
    }
  } finally {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ackOnlyRatio = coach.rps / bare.rps;
  const section = 'Slack /promise-callback';
  return {
    figures: [
      {
        section,
        name: 'fair Bolt (parse + one transaction + answer in the ack): requests/s',
        value: round(fair.rps),
        unit: 'req/s',
        note: `${ROUNDS_NOTE}, taken in turn with the coach's${cpuNote(fair)}; ${fair.ok - fair.mismatches} of ${fair.ok} answered in the ack`,
      },
      { section, name: 'fair Bolt: p99 latency', value: fair.p99, unit: 'ms', note: `worst round; p50 ${fair.p50} ms` },
      { section, name: 'bare Bolt (ack only, context): requests/s', value: round(bare.rps), unit: 'req/s', note: `one run; p50 ${bare.p50} ms, p99 ${bare.p99} ms${cpuNote(bare)}` },
      { section, name: 'bare Bolt (ack + respond(), context): requests/s', value: round(bareRespond.rps), unit: 'req/s', note: `p50 ${bareRespond.p50} ms, p99 ${bareRespond.p99} ms` },
      { section, name: 'coach: requests/s', value: round(coach.rps), unit: 'req/s', note: `${ROUNDS_NOTE}${cpuNote(coach)}` },
      { section, name: 'coach: p50 latency', value: coach.p50, unit: 'ms' },
      { section, name: `coach: p99 latency at ${CONNECTIONS} connections`, value: coach.p99, unit: 'ms', target: '< 50 ms', pass: coach.p99 < 50, note: 'worst round' },
      throughputRatioFigure(section, 'coach / fair Bolt throughput', ratio, ratios),
      {
        section,
        name: 'coach / fair Bolt by CPU per request',
        value: fair.cpuMsPerRequest && coach.cpuMsPerRequest ? round((fair.cpuMsPerRequest / coach.cpuMsPerRequest) * 100) : undefined,
        unit: '%',
        note: 'fair Bolt CPU ÷ coach CPU per answered request (all threads): the share that holds when a busy machine makes the rounds swing',
      },
      { section, name: 'coach / bare Bolt (ack only) throughput', value: round(ackOnlyRatio * 100), unit: '%', note: 'context: a baseline that does no work; not a target' },
      { section, name: 'coach / bare Bolt (ack + respond()) throughput', value: round((coach.rps / bareRespond.rps) * 100), unit: '%', note: 'context: same outbound call per request' },
      {
        section,
        name: 'coach: acked requests answered (in the ack or via response_url)',
        value: round((answered / Math.max(1, coach.ok)) * 100),
        unit: '%',
        note: `${answered} of ${coach.ok}: ${coach.ok - coach.mismatches} in the ack; ${coach.failed} failed`,
      },
      ...(onPostgres
        ? [
            { section, name: 'coach on PostgreSQL: requests/s', value: round(onPostgres.rps), unit: 'req/s', note: `one run after the SQLite rounds${cpuNote(onPostgres)}` },
            { section, name: 'coach on PostgreSQL: p50 latency', value: onPostgres.p50, unit: 'ms' },
            {
              section,
              name: `coach on PostgreSQL: p99 latency at ${CONNECTIONS} connections`,
              value: onPostgres.p99,
              unit: 'ms',
              target: '< 50 ms',
              pass: onPostgres.p99 < 50,
              note: `${onPostgres.ok - onPostgres.mismatches} of ${onPostgres.ok} answered in the ack; ${onPostgres.failed} failed`,
            },
          ]
        : [{ section, name: 'coach on PostgreSQL', unit: '', note: `skipped: no PostgreSQL answered at BENCH_DATABASE_URL` }]),
    ],
    details: { fair, bare, bareRespond, coach, ratios, answered, onPostgres },
  };
}
