// Start-up time to ready and idle RSS: the coach as `npm start` runs it (src/main.ts, Slack over
// HTTP against the fake Web API, a fresh db), from spawn until it logs "service coach ready" (which
// includes auth.test against the fake and running migrations). Idle RSS is read from /proc after
// two quiet seconds. The bare Bolt app's figures, started the same way, are the baseline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCoachServer } from '../test/helpers/coach-server-process.ts';
import { readRssMb, startChild } from './child.ts';
import { median, round, type Figure } from './figures.ts';

const RUNS = 3;

export async function benchStartup(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const fake = await startChild<{ url: string }>('bench/servers/fake-slack.ts');
  const coachMs: number[] = [];
  const boltMs: number[] = [];
  let coachRss: number | undefined;
  let boltRss: number | undefined;
  const env = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', SLACK_API_URL: fake.ready.url };
  try {
    for (let i = 0; i < RUNS; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-start-'));
      let started = performance.now();
      const coach = await startCoachServer({ ...env, DATABASE_URL: path.join(dir, 'coach.db') });
      coachMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      coachRss = await readRssMb(coach.child.pid);
      coach.child.kill('SIGTERM');
      await coach.exited;
      fs.rmSync(dir, { recursive: true, force: true });

      started = performance.now();
      const bolt = await startChild<{ port: number }>('bench/servers/bare-bolt.ts', env);
      boltMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      boltRss = await bolt.rssMb();
      await bolt.stop();
    }
  } finally {
    await fake.stop();
  }
  const section = 'Start-up';
  return {
    figures: [
      { section, name: 'coach: spawn → ready (median of 3)', value: round(median(coachMs)), unit: 'ms', note: `bare Bolt: ${round(median(boltMs))} ms` },
      { section, name: 'coach: idle RSS', value: coachRss === undefined ? undefined : round(coachRss), unit: 'MB', note: `bare Bolt: ${boltRss === undefined ? '?' : round(boltRss)} MB` },
    ],
    details: { coachMs, boltMs, coachRss, boltRss },
  };
}
