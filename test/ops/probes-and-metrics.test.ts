// Probes and metrics over HTTP on a running coach (a real process, Slack on a loopback fake): the
// figures move when a command is answered and a job runs, METRICS_TOKEN guards /metrics, and
// /readyz turns 503 with a reason when the database goes away.
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { startCoachServer, type CoachServerProcess } from '../helpers/coach-server-process.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/test-store.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';

const LATEST = MIGRATIONS.at(-1)!.version;

const SECRET = 'ops-signing-secret';
const TOKEN = 'metrics-token-for-tests';

async function scrape(coach: CoachServerProcess, token = TOKEN): Promise<string> {
  const response = await fetch(`${coach.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample line (`name{labels} value`), or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  // Polls another process over HTTP: its own scheduler runs each second on its real clock.
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met in time; last value:\n${String(value).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function command(coach: CoachServerProcess, api: FakeSlackApi, cmd: string, text: string, id: string): Promise<string> {
  const body = slashCommandBody({ command: cmd, text, responseUrl: api.responseUrl(id) });
  const res = await postSlack(coach.baseUrl, body, signedHeaders(SECRET, body));
  expect(res.status).toBe(200);
  return res.body;
}

describe('health, readiness and metrics', () => {
  const tempDir = useTempDir();

  it('answers the probes, and the metrics move when a command is answered and a job runs', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    api.addUser({ id: 'U_ALICE', name: 'alice', tz: 'Europe/London' });
    const coach = await startCoachServer({
      DATABASE_URL: path.join(tempDir(), 'coach.db'),
      SLACK_BOT_TOKEN: 'xoxb-ops',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
      METRICS_TOKEN: TOKEN,
    });
    try {
      const health = await fetch(`${coach.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, platforms: ['slack'] });
      const ready = await fetch(`${coach.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, schema: LATEST, platforms: ['slack'] });

      // Without the token, or with a wrong one: refused, and the answer says what it wants.
      const anonymous = await fetch(`${coach.baseUrl}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: 'This endpoint needs Authorization: Bearer <METRICS_TOKEN>.' });
      expect((await fetch(`${coach.baseUrl}/metrics`, { headers: { authorization: 'Bearer guess' } })).status).toBe(401);

      const before = await scrape(coach);
      expect(before).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect(sample(before, 'service_coach_platform_api_calls_total{platform="slack",method="auth.test",status="ok"}')).toBe(1);
      expect(sample(before, 'service_coach_slack_command_seconds_count{command="/promise-callback"}')).toBeUndefined();
      expect(sample(before, 'service_coach_promises{state="open"}')).toBe(0);

      // A promise due in 10 minutes: confirmed (a new person: via response_url), and its heads-up is due at once.
      await command(coach, api, '/promise-callback', 'ACME-4411 in 10 minutes refund status', 'p1');
      await api.waitForAnswers(1);
      expect(JSON.stringify(api.answers()[0]?.params)).toContain('ACME-4411');
      const after = await waitFor(() => scrape(coach), (text) => sample(text, 'service_coach_job_runs_total{kind="promise.headsup",outcome="done"}') === 1);
      expect(sample(after, 'service_coach_slack_command_seconds_count{command="/promise-callback"}')).toBe(1);
      expect(sample(after, 'service_coach_slack_command_seconds_bucket{le="3",command="/promise-callback"}')).toBe(1);
      expect(sample(after, 'service_coach_promises{state="open"}')).toBe(1);
      expect(sample(after, 'service_coach_promises{state="overdue"}')).toBe(0);
      expect(sample(after, 'service_coach_jobs{kind="promise.due",state="pending"}')).toBe(1);
      expect(sample(after, 'service_coach_jobs{kind="promise.due",state="due"}')).toBe(0);
      expect(sample(after, 'service_coach_job_lateness_seconds_count{kind="promise.headsup"}')).toBe(1);
      expect(sample(after, 'service_coach_platform_api_calls_total{platform="slack",method="chat.postMessage",status="ok"}')).toBe(api.callsTo('chat.postMessage').length);
      expect(api.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(1);
    } finally {
      coach.child.kill('SIGTERM');
      await coach.exited;
      await api.stop();
    }
  }, 60_000);

  it.runIf(DIALECTS.includes('postgres'))('says 503 with the reason on /readyz when the database goes away, 200 again when it is back', async () => {
    const name = `coach_readyz_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const api = new FakeSlackApi('T1');
    await api.start();
    const coach = await startCoachServer({ DATABASE_URL: url.toString(), SLACK_BOT_TOKEN: 'xoxb-ops', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url });
    try {
      expect((await fetch(`${coach.baseUrl}/readyz`)).status).toBe(200);
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      const gone = await fetch(`${coach.baseUrl}/readyz`);
      expect(gone.status).toBe(503);
      expect(await gone.json()).toEqual({ ready: false, reason: `The database does not answer: database "${name}" does not exist` });
      // Alive all the same: an orchestrator keeps the process and stops sending it traffic.
      expect((await fetch(`${coach.baseUrl}/healthz`)).status).toBe(200);

      // Back, but empty: answering, not migrated — still not ready, and it says why.
      await admin.query(`CREATE DATABASE "${name}"`);
      const empty = await waitFor(async () => (await fetch(`${coach.baseUrl}/readyz`)).json() as Promise<{ reason?: string }>, (body) => !String(body.reason).includes('does not exist'));
      expect(empty).toEqual({ ready: false, reason: `The database is at schema version 0; this coach needs ${LATEST} (migrations have not run).` });
    } finally {
      coach.child.kill('SIGTERM');
      await coach.exited;
      await api.stop();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
