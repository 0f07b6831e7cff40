// Token rotation ("token_rotation_enabled"): bot tokens expire after 12 hours. The coach refreshes
// one before a scheduled send as well as on an inbound request, and two processes that need it
// at the same moment refresh it once, under a database lock, on SQLite and on PostgreSQL.

import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { FakeInstall } from '../../helpers/fake-slack-api.ts';
import { nodeArgsFor, ROOT } from '../../helpers/node-script.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { findChannel } from '../../../src/store/channels-repo.ts';
import { pendingJobs } from '../../../src/store/jobs-repo.ts';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';
import { ENCRYPTION_KEY, OAUTH_ENV, addToSlack } from './slack-install-flow.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Installed at 08:00 with a 12-hour token: it expires at 20:00. */
const ROTATING: FakeInstall = { team: { id: 'T_ACME', name: 'Acme' }, installerUserId: 'U_ANN', rotation: { expiresInS: 12 * 3600 } };

const start = async (dialect: 'sqlite' | 'postgres' = 'sqlite') => {
  h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z', OAUTH_ENV, dialect);
  h.api.addUser({ id: 'U_ANN', name: 'ann', tz: 'Europe/London' });
  await addToSlack(h, ROTATING);
  await h.api.waitFor('chat.postMessage', 1); // the welcome DM
  return h;
};

describe('token rotation', () => {
  it('a daily post due after the token expired refreshes it first, once, and posts with the new token', async () => {
    const harness = await start();
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_ACME', channel: 'C_ACME', user: 'U_ANN' });
    await harness.api.waitForAnswers();
    harness.t.clock.set('2026-11-23T09:00:00Z');
    await harness.t.app.scheduler.tick();
    // The token expired at 20:00; Tuesday's post finds it expired and renews it before posting.
    harness.t.clock.set('2026-11-24T09:00:00Z');
    await harness.t.app.scheduler.tick();
    const [first, renewed] = harness.api.tokensOf('T_ACME');
    expect(harness.api.refreshes()).toHaveLength(1);
    expect(harness.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_ACME').map((c) => c.token)).toEqual([first, renewed]);
  });

  it('a command two hours before expiry refreshes the token on the way in', async () => {
    const harness = await start();
    harness.t.clock.set('2026-11-23T18:30:00Z');
    await harness.command('/coach', 'today', { team: 'T_ACME', channel: 'C_ACME', user: 'U_ANN' });
    await harness.api.waitForAnswers();
    expect(harness.api.refreshes()).toHaveLength(1);
    expect(harness.api.callsTo('users.info').at(-1)?.token).toBe(harness.api.tokensOf('T_ACME')[1]);
  });

  it('a refresh Slack refuses for good parks the workspace: nothing is retried, its channel waits for a reinstall', async () => {
    const harness = await start();
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_ACME', channel: 'C_ACME', user: 'U_ANN' });
    await harness.api.waitForAnswers();
    harness.t.clock.set('2026-11-23T09:00:00Z');
    await harness.t.app.scheduler.tick();
    // The token expired at 20:00 and Slack will not renew it: Tuesday's post parks the workspace, and
    // its discussion an hour later is not even attempted.
    harness.api.failNext(1, { error: 'invalid_refresh_token' }, 'oauth.v2.access');
    harness.t.clock.set('2026-11-24T09:00:00Z');
    await harness.t.app.scheduler.tick();
    harness.t.clock.set('2026-11-24T10:00:00Z');
    await harness.t.app.scheduler.tick();
    harness.t.clock.advanceMinutes(60);
    await harness.t.app.scheduler.tick();
    expect(harness.api.methods().filter((m) => m.startsWith('oauth.v2.access'))).toEqual(['oauth.v2.access', 'oauth.v2.access!invalid_refresh_token']);
    expect(harness.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_ACME')).toHaveLength(1); // Monday's
    expect(await pendingJobs(harness.t.app.db)).toEqual([]);
    expect((await findChannel(harness.t.app.db, { platform: 'slack', workspaceId: 'T_ACME', key: 'C_ACME' }))?.pausedReason).toBe('token_failed');
  });
});

interface Child {
  lines: string[];
  write(line: string): void;
  done: Promise<void>;
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, nodeArgsFor('test/helpers/refresh-token-child.ts'), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  return {
    lines,
    write: (line) => child.stdin.write(`${line}\n`),
    done: new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))))),
  };
}

describe.each(DIALECTS)('two processes need the token at the same moment (%s)', (dialect) => {
  it('it is refreshed once, and both get the new token', { timeout: 60_000 }, async () => {
    const harness = await start(dialect);
    // Slack takes its time answering the refresh, so the second process arrives while the first holds the lock.
    const release = harness.api.holdNext('oauth.v2.access');
    const env = { DATABASE_URL: harness.t.dbFile, SLACK_API_URL: harness.api.url, SLACK_TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY, COACH_NOW: '2026-11-23T18:30:00Z', WORKSPACE: 'T_ACME' };
    const children = [startChild(env), startChild(env)];
    await vi.waitFor(() => expect(children.every((c) => c.lines.includes('ready'))).toBe(true), { timeout: 30_000, interval: 50 });
    for (const child of children) child.write('go');
    // One refresh reaches Slack (the install's code exchange was the first oauth.v2.access), and is held.
    await vi.waitFor(() => expect(harness.api.arrived.filter((m) => m === 'oauth.v2.access')).toHaveLength(2), { timeout: 20_000, interval: 20 });
    if (dialect === 'postgres') {
      // The other process is waiting on the install's advisory lock, not refreshing on its own.
      await vi.waitFor(
        async () => expect(Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(harness.t.app.db)).rows[0]?.n)).toBeGreaterThanOrEqual(1),
        { timeout: 20_000, interval: 20 },
      );
    } else {
      await vi.waitFor(() => expect(children.every((c) => c.lines.includes('asking'))).toBe(true), { timeout: 20_000, interval: 20 });
    }
    release();
    await Promise.all(children.map((c) => c.done));
    const renewed = harness.api.tokensOf('T_ACME')[1];
    expect(children.map((c) => c.lines.at(-1))).toEqual([JSON.stringify({ token: renewed }), JSON.stringify({ token: renewed })]);
    expect(harness.api.refreshes()).toHaveLength(1);
    expect(harness.api.methods().filter((m) => m.startsWith('oauth.v2.access!'))).toEqual([]);
  });
});
