// Child process of the stats section: seed a year of a 1,000-person team (same shape as
// test/coach/stats/stats-scale.test.ts), then ask `/coach stats` as a manager. Prints one JSON line.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { buildCoachApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { Actor, Address, Platform } from '../src/ports.ts';
import { parseIsoWeek } from '../src/coach/stats/iso-week.ts';
import { RecordingMessenger } from '../test/helpers/recording-messenger.ts';

const [dbFile = ''] = process.argv.slice(2);
const PEOPLE = 1_000;
const WEEKS = 52;
const HOUR = 3_600_000;
let now = new Date('2026-11-23T09:00:00Z');
const config = loadConfig({ DATABASE_URL: dbFile, DEFAULT_TIMEZONE: 'Europe/London', COACH_MANAGERS: 'U_LEAD', LOG_LEVEL: 'silent' });
const app = buildCoachApp({ config, clock: { now: () => now }, logger: silentLogger });
const messenger = new RecordingMessenger();
for (const platform of ['console', 'slack', 'teams'] as Platform[]) app.messenger.register(platform, messenger);
await app.start({ loop: false });
const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' };
const support: Address = { platform: 'slack', workspaceId: 'T1', key: 'C_SUPPORT', label: '#support' };
await app.coach.handle({ kind: 'command', from: lead, address: support, command: 'coach', text: 'today', at: now });

const seedStarted = performance.now();
const { db } = app;
const firstMonday = parseIsoWeek('2025-W48', 'Europe/London')!.start.getTime();
const part = db.prepare(`INSERT INTO participation (platform, workspace_id, user_id, kind, address_key, target, dedupe_key, at) VALUES ('slack', 'T1', ?, ?, 'C_SUPPORT', ?, ?, ?)`);
const prom = db.prepare(
  `INSERT INTO promises (platform, workspace_id, agent_id, agent_tz, created_at, original_due_at, due_at, deadline_at, status, closed_at) VALUES ('slack', 'T1', ?, 'Europe/London', ?, ?, ?, ?, ?, ?)`,
);
db.transaction(() => {
  for (let w = 0; w < WEEKS; w++) {
    const monday = firstMonday + w * 7 * 24 * HOUR + 9 * HOUR;
    for (let p = 0; p < PEOPLE; p++) {
      const user = `U${p}`;
      for (let d = 0; d < 5; d++) part.run(user, 'ack', `day${w}-${d}`, `a:${user}:${w}:${d}`, monday + d * 24 * HOUR);
      part.run(user, 'reaction', `post${w}`, `r:${user}:${w}`, monday + HOUR);
      part.run(user, 'reply', `disc${w}`, `d:${user}:${w}`, monday + 26 * HOUR);
      const created = monday + 2 * HOUR;
      prom.run(user, created, created + HOUR, created + HOUR, created + HOUR, 'kept', created + HOUR / 2);
      prom.run(user, created, created + HOUR, created + HOUR, created + HOUR, p % 10 === 0 ? 'missed' : 'late', created + 30 * HOUR);
    }
  }
})();
const seedSeconds = (performance.now() - seedStarted) / 1000;
db.pragma('wal_checkpoint(TRUNCATE)');
const dbMb = fs.statSync(dbFile).size / 1024 / 1024;

const ask = async (text: string) => {
  const started = performance.now();
  const answers = await app.coach.handle({ kind: 'command', from: lead, address: support, command: 'coach', text, at: now });
  const ms = performance.now() - started;
  if (!answers[0]?.text.includes('People taking part')) throw new Error(`unexpected stats answer: ${answers[0]?.text.slice(0, 200)}`);
  return { ms, text: answers[0].text };
};
const answerMs: number[] = [];
const chartMs: number[] = [];
let peopleShown = '';
// The answer is the numbers; the chart follows as a scheduler job due at once (rendering never
// delays the answer), so the two are timed apart: handle(), then the tick that sends the chart.
for (let i = 0; i < 5; i++) {
  now = new Date(now.getTime() + 1_000); // a new request each time (the chart job is keyed by its time)
  const r = await ask('stats last week');
  answerMs.push(r.ms);
  peopleShown = /People taking part: \d+/.exec(r.text)?.[0] ?? '';
  const started = performance.now();
  await app.scheduler.tick();
  chartMs.push(performance.now() - started);
  const sentNow = messenger.take();
  const charts = sentNow.filter((sent) => sent.kind === 'upload' && sent.file?.mimeType === 'image/png').length;
  if (charts !== 1) throw new Error(`expected the chart to be uploaded once, got ${charts}`);
}
const rows = {
  participation: (db.prepare('SELECT COUNT(*) AS n FROM participation').get() as { n: number }).n,
  promises: (db.prepare('SELECT COUNT(*) AS n FROM promises').get() as { n: number }).n,
};
await app.stop();
process.stdout.write(`${JSON.stringify({ rows, answerMs, chartMs, dbMb, seedSeconds, peopleShown })}\n`);
process.exit(0);
