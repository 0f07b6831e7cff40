// Operations: what the probes and an erasure cost on a big store. A year of a 1,000-person team
// (~470,000 rows, the stats benchmark's shape) plus 10,000 pending jobs in a SQLite file; the HTTP
// server the coach uses, on loopback. /readyz and /metrics are ratios against /healthz (which
// touches nothing) measured in the same run; forgetting one person is a ratio against computing
// one week's team stats on the same store, which a manager does all the time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHttpApp, listen } from '../adapters/http/http-server.ts';
import { isoWeekOf } from '../src/coach/stats/iso-week.ts';
import { PROMISE_SOURCE } from '../src/coach/stats/promise-source.ts';
import { weekStats } from '../src/coach/stats/weekly-stats.ts';
import { silentLogger } from '../src/logger.ts';
import { createCoachMetrics } from '../src/metrics.ts';
import { createReadinessCheck } from '../src/readiness.ts';
import { erasePerson } from '../src/store/erase-person.ts';
import { scheduleJobs } from '../src/store/jobs-repo.ts';
import { closeStore, openStore } from '../src/store/open-store.ts';
import { seedTeamHistory } from '../test/helpers/seed-team-history.ts';
import { median, round, type Figure } from './figures.ts';

const REQUESTS = 200;
const PENDING_JOBS = 10_000;

async function timeGets(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(url);
    await res.text();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

export async function benchOps(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-ops-'));
  const db = await openStore(path.join(dir, 'coach.db'));
  try {
    await seedTeamHistory(db);
    const now = new Date('2026-11-23T09:00:00Z');
    const kinds = ['promise.headsup', 'promise.due', 'promise.nudge', 'principle.post', 'digest'];
    const jobs = Array.from({ length: PENDING_JOBS }, (_, i) => ({ kind: kinds[i % kinds.length] as string, platform: 'slack' as const, workspaceId: 'T1', subject: `bench:${i}`, dueAt: new Date(now.getTime() + (i % 2 ? -1 : 1) * 60_000 * (i + 1)) }));
    for (let i = 0; i < jobs.length; i += 500) await scheduleJobs(db, jobs.slice(i, i + 500), now); // SQLite's limit on bound values
    const clock = { now: () => now };
    const http = createHttpApp(() => ({ platforms: ['slack'] }), {
      readiness: createReadinessCheck({ db, configuredPlatforms: ['slack'], startedPlatforms: () => ['slack'] }),
      metrics: createCoachMetrics({ db, clock }),
    });
    const server = await listen(http, 0, silentLogger);
    const base = `http://127.0.0.1:${server.port}`;
    const ms: Record<string, number> = {};
    try {
      for (const route of ['/healthz', '/readyz', '/metrics']) await timeGets(`${base}${route}`, 20); // warm-up
      // Interleaved rounds, so noise falls on all three alike.
      const rounds: Record<string, number[]> = { '/healthz': [], '/readyz': [], '/metrics': [] };
      for (let r = 0; r < 4; r++) for (const route of Object.keys(rounds)) rounds[route]!.push(...(await timeGets(`${base}${route}`, REQUESTS / 4)));
      for (const [route, times] of Object.entries(rounds)) ms[route] = median(times);
    } finally {
      await server.close();
    }

    const week = isoWeekOf(new Date('2026-11-10T12:00:00Z'), 'Europe/London');
    const statsStarted = performance.now();
    await weekStats(db, { platform: 'slack', workspaceId: 'T1' }, week, PROMISE_SOURCE);
    const statsMs = performance.now() - statsStarted;
    const forgetStarted = performance.now();
    const erased = await erasePerson(db, { platform: 'slack', workspaceId: 'T1', userId: 'U500' }, 'forgotten-bench', now);
    const forgetMs = performance.now() - forgetStarted;

    const section = 'Operations';
    const ratio = (a: number, b: number) => round(a / b, 1);
    return {
      figures: [
        { section, name: '/readyz vs /healthz', value: ratio(ms['/readyz']!, ms['/healthz']!), unit: '×', target: '< 5×', pass: ms['/readyz']! / ms['/healthz']! < 5, note: `median ${round(ms['/readyz']!, 2)} ms vs ${round(ms['/healthz']!, 2)} ms` },
        { section, name: '/metrics vs /healthz', value: ratio(ms['/metrics']!, ms['/healthz']!), unit: '×', note: `median ${round(ms['/metrics']!, 1)} ms with ${PENDING_JOBS.toLocaleString('en')} pending jobs on ~470,000 rows` },
        { section, name: 'forget one person vs one week of team stats', value: ratio(forgetMs, statsMs), unit: '×', note: `${round(forgetMs)} ms (${erased.participation} counts, ${erased.promises} promises re-keyed) vs ${round(statsMs)} ms` },
      ],
      details: { medianMs: ms, statsMs: round(statsMs), forgetMs: round(forgetMs), erased },
    };
  } finally {
    await closeStore(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
