// Teams messages: "promise-callback …" in a personal chat, POSTed to /api/messages of the coach (a
// real src/main.ts process with TEAMS_ENABLED, unauthenticated) versus a bare CloudAdapter echo
// bot; both reply once per message to a fake connector in its own process. Unlike Slack, Teams
// holds the HTTP request open until the turn (and its reply) is done, so latency includes the reply.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCoachServer } from '../test/helpers/coach-server-process.ts';
import { startChild } from './child.ts';
import { round, type Figure } from './figures.ts';
import { compareInRounds, CONNECTIONS, cpuNote, measure, ROUNDS_NOTE, throughputRatioFigure, type LoadResult, type RoundsResult } from './load.ts';

export async function benchTeams(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const connector = await startChild<{ url: string; control: string }>('bench/servers/fake-connector.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-teams-'));
  // One conversation per person, 1,000 people in turn: Teams allows 7 sends/second per
  // conversation, which the coach honours, so one shared chat would measure that limit instead.
  // Teams also allows 50 requests/second per app per tenant, which the coach's send limiter honours:
  // with `tenants` = 1 that limit is what gets measured, so the comparison spreads people over 100
  // tenants (a multi-tenant app) and the single-tenant figure is reported beside it.
  const activityIn = (tenants: number) => (n: number) => {
    const tenant = `tenant-${n % tenants}`;
    return JSON.stringify({
    type: 'message',
    channelId: 'msteams',
    serviceUrl: connector.ready.url,
    id: `17${String(n).padStart(11, '0')}`,
    timestamp: new Date().toISOString(),
    from: { id: `29:agent-${n % 1_000}`, name: `Agent ${n % 1_000}`, aadObjectId: `aad-agent-${n % 1_000}` },
    recipient: { id: '28:coach-bot', name: 'Service Coach' },
    conversation: { id: `a:personal-aad-agent-${n % 1_000}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    text: 'promise-callback ACME-4411 in 2h refund status',
    locale: 'en-US',
    localTimezone: 'America/New_York',
    });
  };
  const activity = activityIn(100);
  const request = () => ({ headers: { 'content-type': 'application/json' }, body: activity(0) });
  let bare: RoundsResult;
  let coach: RoundsResult;
  let ratio: number;
  let ratios: number[];
  let oneTenant: LoadResult;
  try {
    const bot = await startChild<{ port: number }>('bench/servers/bare-teams.ts');
    const server = await startCoachServer({ TEAMS_ENABLED: 'true', DATABASE_URL: path.join(dir, 'coach.db') });
    try {
      ({ baseline: bare, subject: coach, ratio, ratios } = await compareInRounds(
        { url: `http://127.0.0.1:${bot.ready.port}/api/messages`, request, bodyFor: activity, pid: bot.child.pid },
        { url: `${server.baseUrl}/api/messages`, request, bodyFor: activity, pid: server.child.pid },
      ));
      oneTenant = await measure({ url: `${server.baseUrl}/api/messages`, request, bodyFor: activityIn(1) });
    } finally {
      server.child.kill('SIGTERM');
      await Promise.all([server.exited, bot.stop()]);
    }
  } finally {
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const section = 'Teams messages';
  return {
    figures: [
      { section, name: 'bare CloudAdapter echo bot: requests/s', value: round(bare.rps), unit: 'req/s', note: `${ROUNDS_NOTE}, taken in turn with the coach's; p50 ${bare.p50} ms, worst p99 ${bare.p99} ms${cpuNote(bare)}` },
      { section, name: 'coach: requests/s', value: round(coach.rps), unit: 'req/s', note: `${ROUNDS_NOTE}; p50 ${coach.p50} ms, worst p99 ${coach.p99} ms${cpuNote(coach)}; ${coach.failed} failed` },
      throughputRatioFigure(section, 'coach / bare echo bot throughput', ratio, ratios),
      { section, name: 'coach, all in one tenant: requests/s', value: round(oneTenant.rps), unit: 'req/s', note: `Teams' 50 req/s per tenant, honoured by design; p99 ${oneTenant.p99} ms` },
    ],
    details: { bare, coach, ratios, oneTenant, connections: CONNECTIONS },
  };
}
