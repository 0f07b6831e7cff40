// Reminder dispatch: 100,000 open promises in the db, 10,000 heads-ups falling due in the same
// second; the real scheduler loop (real clock) sends them as DMs through the real Slack messenger
// to a fake Slack Web API in another process. Lateness = when the fake received a reminder minus
// when it was due. Also: the coach's start-up time on that db and its peak RSS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild, startChild } from './child.ts';
import { percentile, round, type Figure } from './figures.ts';

interface DispatchResult {
  moved: number;
  received: number;
  startupMs: number;
  allDeliveredMs: number;
  cpuMsAfterDue: number;
  lateness: number[];
  counts: Record<string, number>;
  peakRssMb: number;
  maxRssMb: number;
}

export async function runDispatch(seedMode: string, kind: string, count: number): Promise<{ seed: { seconds: number }; run: DispatchResult; dbMb: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-dispatch-'));
  const dbFile = path.join(dir, 'coach.db');
  const fake = await startChild<{ url: string; control: string }>('bench/servers/fake-slack.ts');
  try {
    const seed = await runChild<{ seconds: number }>('bench/dispatch-child.ts', {}, [seedMode, dbFile]);
    const dbMb = fs.statSync(dbFile).size / 1024 / 1024;
    const run = await runChild<DispatchResult>(
      'bench/dispatch-child.ts',
      { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', SLACK_API_URL: fake.ready.url, FAKE_CONTROL: fake.ready.control },
      ['dispatch', dbFile, kind, String(count)],
    );
    return { seed, run, dbMb };
  } finally {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same 10,000 sends with nothing but an HTTP client: the machine's floor for the burst. */
async function runBareSender(count: number): Promise<{ received: number; lateness: number[]; cpuMsAfterDue: number }> {
  const fake = await startChild<{ url: string; control: string }>('bench/servers/fake-slack.ts');
  try {
    return await runChild('bench/bare-sender-child.ts', { SLACK_API_URL: fake.ready.url, FAKE_CONTROL: fake.ready.control }, [String(count)]);
  } finally {
    await fake.stop();
  }
}

export async function benchReminders(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const bare = await runBareSender(10_000);
  const { seed, run, dbMb } = await runDispatch('seed-promises', 'promise.headsup', 10_000);
  const section = 'Reminder dispatch';
  const p = (q: number) => percentile(run.lateness, q);
  const bareP = (q: number) => percentile(bare.lateness, q);
  return {
    figures: [
      {
        section,
        name: 'bare HTTP client, same 10,000 sends: lateness p99',
        value: round(bareP(99) / 1000, 2),
        unit: 's',
        note: `the floor: p50 ${round(bareP(50) / 1000, 2)} s, ${round((bare.cpuMsAfterDue * 1000) / bare.received)} µs CPU per send; ${bare.received} received`,
      },
      { section, name: 'heads-ups due in the same second / delivered', value: run.received, unit: '', note: `${run.moved} due, 100,000 open promises; ${run.counts['conversations.open'] ?? 0} conversations.open` },
      { section, name: 'time until the fake had all of them', value: round(run.allDeliveredMs / 1000, 2), unit: 's', note: 'after the due second' },
      { section, name: 'lateness p50', value: round(p(50) / 1000, 2), unit: 's' },
      { section, name: 'lateness p99', value: round(p(99) / 1000, 2), unit: 's', target: '< 2 s', pass: p(99) < 2_000 && run.received >= 10_000 },
      { section, name: 'lateness max', value: round((run.lateness.at(-1) ?? NaN) / 1000, 2), unit: 's' },
      { section, name: 'coach CPU per reminder once due', value: round((run.cpuMsAfterDue * 1000) / run.received), unit: 'µs', note: 'all threads, from the due second to the last delivery' },
      { section, name: 'peak RSS of the coach', value: round(run.maxRssMb), unit: 'MB', target: '< 250 MB', pass: run.maxRssMb < 250 },
      { section, name: 'start-up with 100,000 open promises', value: round(run.startupMs), unit: 'ms', note: `db ${round(dbMb)} MB; seeding took ${round(seed.seconds)} s` },
    ],
    details: { bare: { received: bare.received, p50: bareP(50), p99: bareP(99), cpuMsAfterDue: bare.cpuMsAfterDue }, seedSeconds: seed.seconds, dbMb, startupMs: run.startupMs, allDeliveredMs: run.allDeliveredMs, counts: run.counts, peakRssMb: run.peakRssMb, maxRssMb: run.maxRssMb },
  };
}

export async function benchDailyFanOut(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const { run } = await runDispatch('seed-channels', 'principle.post', 10_000);
  const section = 'Daily fan-out';
  return {
    figures: [
      { section, name: 'channels due at 09:00 / posted', value: run.received, unit: '', note: `${run.moved} due in the same second` },
      { section, name: 'time until all were posted', value: round(run.allDeliveredMs / 1000, 2), unit: 's', note: `p50 ${round(percentile(run.lateness, 50) / 1000, 2)} s, p99 ${round(percentile(run.lateness, 99) / 1000, 2)} s` },
      { section, name: 'peak RSS of the coach', value: round(run.maxRssMb), unit: 'MB' },
    ],
    details: { allDeliveredMs: run.allDeliveredMs, counts: run.counts, maxRssMb: run.maxRssMb },
  };
}
