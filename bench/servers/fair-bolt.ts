// The fair baseline for /promise-callback: a bare Bolt app doing the same job by hand, the way a
// competent developer would without the coach: look the person up once (users.info, cached, for
// their zone), parse the due time with chrono-node in that zone, insert the promise and its reminder
// rows (heads-up, due, nudge, escalation, missed) in one better-sqlite3 transaction, and answer in
// the ack. Same ExpressReceiver and express setup as the coach. No ladder rules, no rendering of
// blocks, no job engine: what is left between it and the coach is the coach's own cost.
// DATABASE_FILE: its SQLite file. Prints {"port"} when ready.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import Database from 'better-sqlite3';
import * as chrono from 'chrono-node';
import express from 'express';

const db = new Database(process.env.DATABASE_FILE ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS promises (id INTEGER PRIMARY KEY, team_id TEXT NOT NULL, user_id TEXT NOT NULL, who TEXT NOT NULL, note TEXT, due_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY, promise_id INTEGER NOT NULL REFERENCES promises(id), step TEXT NOT NULL, due_at INTEGER NOT NULL, sent_at INTEGER);
  CREATE INDEX IF NOT EXISTS reminders_due ON reminders (due_at) WHERE sent_at IS NULL;
`);
const insertPromise = db.prepare('INSERT INTO promises (team_id, user_id, who, note, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
const insertReminder = db.prepare('INSERT INTO reminders (promise_id, step, due_at) VALUES (?, ?, ?)');
const MINUTE = 60_000;
const STEPS: [string, number][] = [
  ['headsup', -15 * MINUTE],
  ['due', 0],
  ['nudge', 15 * MINUTE],
  ['escalate', 60 * MINUTE],
  ['missed', 24 * 60 * MINUTE],
];
const savePromise = db.transaction((teamId: string, userId: string, who: string, note: string, dueAt: number, now: number): number => {
  const id = Number(insertPromise.run(teamId, userId, who, note, dueAt, now).lastInsertRowid);
  for (const [step, offset] of STEPS) insertReminder.run(id, step, Math.max(now, dueAt + offset));
  return id;
});

const expressApp = express();
const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/slack/events', app: expressApp });
const app = new App({ token: process.env.SLACK_BOT_TOKEN, receiver, clientOptions: { slackApiUrl: process.env.SLACK_API_URL }, logLevel: LogLevel.ERROR, deferInitialization: true });

const zones = new Map<string, Promise<string>>();
const zoneOf = (userId: string): Promise<string> => {
  let zone = zones.get(userId);
  if (!zone) {
    zone = app.client.users.info({ user: userId }).then((r) => r.user?.tz ?? 'UTC', () => 'UTC');
    zones.set(userId, zone);
  }
  return zone;
};
/** chrono-node takes a zone as an offset in minutes at the reference instant. */
const offsetMinutes = (zone: string, at: Date): number => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at);
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
};
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatDue = (at: Date, zone: string): string => {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    formatters.set(zone, format);
  }
  return format.format(at);
};

app.command('/promise-callback', async ({ ack, command }) => {
  const [who = '', ...rest] = command.text.trim().split(/\s+/);
  const zone = await zoneOf(command.user_id);
  const now = new Date();
  const [found] = chrono.parse(rest.join(' '), { instant: now, timezone: offsetMinutes(zone, now) }, { forwardDate: true });
  if (!who || !found) {
    await ack({ response_type: 'ephemeral', text: 'Try `/promise-callback ACME-4411 by 3pm refund status`.' });
    return;
  }
  const dueAt = found.start.date();
  const note = (rest.join(' ').slice(0, found.index) + rest.join(' ').slice(found.index + found.text.length)).trim();
  const id = savePromise(command.team_id, command.user_id, who, note, dueAt.getTime(), now.getTime());
  await ack({ response_type: 'ephemeral', text: `Got it — callback promise #${id} saved ✅ Call ${who} back by ${formatDue(dueAt, zone)}. I'll remind you 15 min before.` });
});

await app.init();
const server = http.createServer(expressApp);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.once('SIGTERM', () =>
  server.close(() => {
    db.close();
    process.exit(0);
  }),
);
