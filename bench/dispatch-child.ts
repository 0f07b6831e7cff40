// Runs in its own process for the reminder and daily fan-out sections, so the peak RSS it reports
// is the coach's alone. Modes:
//   seed-promises <db>   100,000 open promises (1,000 agents) with their reminder ladders
//   seed-channels <db>   10,000 channels subscribed to the daily principle
//   dispatch <db> <kind> <count>
//       start the coach on that db (real scheduler loop, real clock, real Slack messenger against
//       SLACK_API_URL), move `count` jobs of `kind` to fall due in the same second, and wait until
//       the fake Slack API has received `count` chat.postMessage calls.
// Prints one JSON line with its figures.
import { dbGet, dbRun } from '../test/helpers/sql.ts';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { buildCoachApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { openStore, closeStore } from '../src/store/open-store.ts';
import { insertPromise } from '../src/store/promises-repo.ts';
import { planLadder } from '../src/coach/promises/ladder.ts';
import { ensureChannel, saveSubscription } from '../src/store/channels-repo.ts';
import { scheduleJob } from '../src/store/jobs-repo.ts';
import { channelSubject, PRINCIPLE_POST_JOB } from '../src/coach/principles-feature.ts';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.ts';
import type { Actor, Address } from '../src/ports.ts';

const [mode = '', dbFile = '', kind = '', countText = '0'] = process.argv.slice(2);
const LADDER = { headsUpMinutes: 15, nudgeMinutes: 15, escalateMinutes: 60, graceMinutes: 5, missedAfterHours: 24, retryAfterMinutes: 60, retentionDays: 90 };
const DAY = 24 * 3_600_000;
const NOTICE_MS = 20_000;

async function seedPromises(): Promise<Record<string, unknown>> {
  const db = await openStore(dbFile);
  const started = performance.now();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 100_000; i++) {
      const agent: Actor = { platform: 'slack', workspaceId: 'T1', userId: `U_AGENT${i % 1_000}`, name: `Agent ${i % 1_000}`, tz: 'Europe/London' };
      // Spread over the next 2–30 days; the benchmark moves 10,000 of them to one second later.
      const dueAt = new Date(now.getTime() + 2 * DAY + ((i * 7_919) % (28 * DAY)));
      const p = await insertPromise(trx, { agent, tz: 'Europe/London', addressKey: 'C_SUPPORT', who: `CUST-${i}`, note: 'refund status', dueAt, tipId: null, createdAt: now });
      await planLadder(trx, p, LADDER, now, false);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await closeStore(db);
  return { seeded: 100_000, seconds };
}

async function seedChannels(): Promise<Record<string, unknown>> {
  const db = await openStore(dbFile);
  const started = performance.now();
  const now = new Date();
  const later = new Date(now.getTime() + 2 * DAY);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 10_000; i++) {
      const address: Address = { platform: 'slack', workspaceId: `T${i % 50}`, key: `C_TEAM${i}`, label: `#team-${i}` };
      await ensureChannel(trx, address, 'Europe/London', now);
      await saveSubscription(trx, address, { subscribed: true, postTime: '09:00', timezone: 'Europe/London', postDays: 'daily' }, 'U_LEAD', now);
      await scheduleJob(
        trx,
        { kind: PRINCIPLE_POST_JOB, platform: 'slack', workspaceId: address.workspaceId, subject: channelSubject(address), dueAt: later, payload: { key: address.key, label: address.label }, idempotencyKey: `bench:${address.key}` },
        now,
      );
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await closeStore(db);
  return { seeded: 10_000, seconds };
}

async function dispatch(): Promise<Record<string, unknown>> {
  const count = Number(countText);
  const control = process.env.FAKE_CONTROL ?? '';
  const config = loadConfig({ ...process.env, DATABASE_URL: dbFile, DEFAULT_TIMEZONE: 'Europe/London' });
  const logger = createLogger({ level: 'warn' });
  const bootStarted = performance.now();
  const app = buildCoachApp({ config, logger });
  const adapter = createSlackAdapter({ config: config.slack!, coach: app.coach, addressBook: app.addressBook, clock: app.clock, logger }, { replayGuard: app.replayGuard });
  app.messenger.register('slack', adapter.messenger);
  await app.start({ loop: false });
  const startupMs = performance.now() - bootStarted;
  const readyRssMb = process.memoryUsage().rss / 1024 / 1024;

  // `count` jobs fall due in the same second, 20 seconds from now: as in a coach that has been
  // running, the scheduler sees them coming (reminders are planned minutes to days ahead) and may
  // prepare them within its lookahead; lateness is still measured from the due second.
  const dueAt = Math.ceil((Date.now() + NOTICE_MS) / 1_000) * 1_000;
  await app.db.transaction().execute(async (trx) => {
    if (kind === 'promise.headsup') {
      // Every 10th promise: its heads-up now, its due time 15 minutes later (a consistent ladder).
      await dbRun(trx, `UPDATE promises SET due_at = ?, original_due_at = ?, deadline_at = ? WHERE id % 10 = 0`, dueAt + 15 * 60_000, dueAt + 15 * 60_000, dueAt + 15 * 60_000);
      await dbRun(trx, `UPDATE jobs SET due_at = ? WHERE kind = 'promise.headsup' AND status = 'pending' AND CAST(substr(subject, 9) AS INTEGER) % 10 = 0`, dueAt);
    } else {
      await dbRun(trx, `UPDATE jobs SET due_at = ? WHERE kind = ? AND status = 'pending'`, dueAt, kind);
    }
  });
  const moved = ((await dbGet(app.db, `SELECT COUNT(*) AS n FROM jobs WHERE kind = ? AND status = 'pending' AND due_at = ?`, kind, dueAt)) as { n: number }).n;
  await fetch(`${control}/reset`, { method: 'POST' });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  await app.scheduler.start();
  // CPU the coach spends from the due second until the last one arrives (all its threads): the
  // figure that holds when the machine is busy and wall-clock lateness is not comparable.
  let cpuAtDue: NodeJS.CpuUsage | undefined;
  setTimeout(() => (cpuAtDue = process.cpuUsage()), Math.max(0, dueAt - Date.now()));
  let received = 0;
  const deadline = Date.now() + 180_000;
  while (received < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stats = (await (await fetch(`${control}/stats`)).json()) as { counts: Record<string, number> };
    received = stats.counts['chat.postMessage'] ?? 0;
  }
  const allAt = Date.now();
  const cpu = process.cpuUsage(cpuAtDue);
  clearInterval(sampler);
  const { times } = (await (await fetch(`${control}/stats?times=chat.postMessage`)).json()) as { times: number[] };
  const { counts } = (await (await fetch(`${control}/stats`)).json()) as { counts: Record<string, number> };
  await app.stop();
  const lateness = times.map((t) => t - dueAt).sort((a, b) => a - b);
  return {
    moved,
    received,
    startupMs,
    readyRssMb,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
    allDeliveredMs: allAt - dueAt,
    cpuMsAfterDue: (cpu.user + cpu.system) / 1000,
    lateness,
    counts,
    peakRssMb: peakRss / 1024 / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const result = mode === 'seed-promises' ? await seedPromises() : mode === 'seed-channels' ? await seedChannels() : await dispatch();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
