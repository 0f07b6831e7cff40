// Child process of the stats section: seed a year of a 1,000-person team (test/helpers/seed-team-history.ts,
// shared with the scale test), then ask `/coach stats` as a manager. Prints one JSON line.
import { dbGet } from '../test/helpers/sql.ts';
import { sql } from 'kysely';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { buildCoachApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { Actor, Address, Platform } from '../src/ports.ts';
import { RecordingMessenger } from '../test/helpers/recording-messenger.ts';
import { seedTeamHistory, TEAM_PEOPLE, TEAM_WEEKS } from '../test/helpers/seed-team-history.ts';

const [dbFile = ''] = process.argv.slice(2);
const PEOPLE = TEAM_PEOPLE;
const WEEKS = TEAM_WEEKS;
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
await seedTeamHistory(db, { people: PEOPLE, weeks: WEEKS });
const seedSeconds = (performance.now() - seedStarted) / 1000;
const sqlite = app.config.database.dialect === 'sqlite';
if (sqlite) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
const TABLES_SIZE = `SELECT SUM(pg_total_relation_size(c.oid)) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
  WHERE s.nspname = current_schema() AND c.relkind = 'r'`;
const dbMb = sqlite ? fs.statSync(dbFile).size / 1024 / 1024 : Number((await dbGet<{ n: number }>(db, TABLES_SIZE))?.n ?? 0) / 1024 / 1024;

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
  participation: ((await dbGet(db, 'SELECT COUNT(*) AS n FROM participation')) as { n: number }).n,
  promises: ((await dbGet(db, 'SELECT COUNT(*) AS n FROM promises')) as { n: number }).n,
};
await app.stop();
process.stdout.write(`${JSON.stringify({ rows, answerMs, chartMs, dbMb, seedSeconds, peopleShown })}\n`);
process.exit(0);
