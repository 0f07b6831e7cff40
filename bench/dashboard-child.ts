// Child process of the dashboard section: the stats section's seed (1,000 people, a year), the
// dashboard on a loopback HTTP server, signed in with a one-time link; then the overview and the
// people table (its default eight weeks, and the whole year), timed by the coach's own Server-Timing header (and end to end),
// against `/coach stats last week` in the same process as the baseline. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { createDashboard } from '../adapters/dashboard/dashboard.ts';
import { createHttpApp, listen } from '../adapters/http/http-server.ts';
import { loadConfig } from '../src/config.ts';
import { buildCoachApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { Actor, Address, Platform } from '../src/ports.ts';
import { RecordingMessenger } from '../test/helpers/recording-messenger.ts';
import { seedTeamHistory, TEAM_PEOPLE, TEAM_WEEKS } from '../test/helpers/seed-team-history.ts';
import { CookieClient } from '../test/helpers/dashboard-harness.ts';

const [dbFile = ''] = process.argv.slice(2);
const now = new Date('2026-11-23T09:00:00Z');
const config = loadConfig({ DATABASE_URL: dbFile, DEFAULT_TIMEZONE: 'Europe/London', COACH_MANAGERS: 'U_LEAD', LOG_LEVEL: 'silent' });
const app = buildCoachApp({ config, clock: { now: () => now }, logger: silentLogger });
const messenger = new RecordingMessenger();
for (const platform of ['console', 'slack', 'teams'] as Platform[]) app.messenger.register(platform, messenger);
await app.start({ loop: false });
const lead: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', tz: 'Europe/London' };
const support: Address = { platform: 'slack', workspaceId: 'T1', key: 'C_SUPPORT', label: '#support' };
await app.coach.handle({ kind: 'command', from: lead, address: support, command: 'coach', text: 'subscribe 09:00 Europe/London weekdays', at: now });
await seedTeamHistory(app.db, { people: TEAM_PEOPLE, weeks: TEAM_WEEKS });

const http = createHttpApp(() => ({}));
const server = await listen(http, 0, silentLogger, '127.0.0.1');
const base = `http://127.0.0.1:${server.port}`;
const dashboard = createDashboard(app, { baseUrl: base });
dashboard.mount(http);
const client = new CookieClient(base);
await client.request(await dashboard.createSignInLink({ platform: 'slack', workspaceId: 'T1', userId: 'U_LEAD', name: 'Lead' }));

const timed = async (path: string, expect: string) => {
  const started = performance.now();
  const res = await client.request(path);
  const wallMs = performance.now() - started;
  if (res.status !== 200 || !res.body.includes(expect)) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 300)}`);
  const serverMs = Number(/app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]);
  return { serverMs, wallMs, bytes: res.body.length };
};
const runs = 5;
const overview: { serverMs: number; wallMs: number; bytes: number }[] = [];
const people: { serverMs: number; wallMs: number; bytes: number }[] = [];
const peopleDefault: { serverMs: number; wallMs: number; bytes: number }[] = [];
const statsMs: number[] = [];
for (let i = 0; i < runs; i++) {
  overview.push(await timed('/dashboard', 'People taking part'));
  peopleDefault.push(await timed('/dashboard/people?sort=acknowledged&dir=desc', '1000 people'));
  people.push(await timed('/dashboard/people?from=2025-W48&to=2026-W47&sort=acknowledged&dir=desc', '1000 people'));
  const started = performance.now();
  const [answer] = await app.coach.handle({ kind: 'command', from: lead, address: support, command: 'coach', text: 'stats last week', at: now });
  statsMs.push(performance.now() - started);
  if (!answer?.text.includes('People taking part: 1000')) throw new Error(`unexpected stats answer: ${answer?.text.slice(0, 200)}`);
}
await server.close();
await app.stop();
process.stdout.write(`${JSON.stringify({ overview, peopleDefault, people, statsMs })}\n`);
process.exit(0);
