// "Add to Slack" mode is chosen by SLACK_CLIENT_ID/SECRET/STATE_SECRET; it needs the key that
// encrypts tokens at rest, and the coach refuses to start without it, in one plain message.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCoach } from '../../helpers/run-coach-process.ts';
import { FakeSlackApi } from '../../helpers/fake-slack-api.ts';
import { startCoachServer } from '../../helpers/coach-server-process.ts';
import type { SlackHarness } from './slack-harness.ts';
import { OAUTH_ENV, addToSlack } from './slack-install-flow.ts';

const tempDir = useTempDir();
const withSigning = { ...OAUTH_ENV, SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789' };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
};

describe('Slack configuration', () => {
  it('client id, secret, state secret and encryption key: OAuth mode, with no bot token', () => {
    const config = loadConfig(withSigning);
    expect(config.slack?.botToken).toBeUndefined();
    expect(config.slack?.oauth?.clientId).toBe('1234.5678');
    expect(config.slack?.oauth?.encryptionKey).toHaveLength(32);
  });

  it('a bot token alone keeps the single-workspace mode', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(config.slack?.botToken).toBe('xoxb-1');
    expect(config.slack?.oauth).toBeUndefined();
  });

  it('says exactly what is missing or wrong', () => {
    const { SLACK_TOKEN_ENCRYPTION_KEY: _key, ...noKey } = withSigning;
    expect(problemsOf(noKey)).toEqual(['SLACK_TOKEN_ENCRYPTION_KEY is missing: "Add to Slack" keeps each workspace\'s token in the database, encrypted with it. Make one with `openssl rand -hex 32`.']);
    expect(problemsOf({ ...withSigning, SLACK_TOKEN_ENCRYPTION_KEY: 'too-short' })).toEqual(['SLACK_TOKEN_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64 (make one with `openssl rand -hex 32`).']);
    expect(problemsOf({ ...withSigning, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET ("Add to Slack" for many workspaces), not both.',
    ]);
    expect(problemsOf({ ...withSigning, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      'SLACK_APP_TOKEN (Socket Mode) cannot be used with "Add to Slack": installs need the public /slack/oauth_redirect. Unset SLACK_APP_TOKEN.',
    ]);
  });

  it('npm start refuses to run "Add to Slack" without the encryption key, in one plain message', { timeout: 60_000 }, async () => {
    const { SLACK_TOKEN_ENCRYPTION_KEY: _key, ...noKey } = withSigning;
    const run = await runCoach('', { ...noKey, DATABASE_URL: path.join(tempDir(), 'coach.db') });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Service Coach cannot start.\nThe configuration has 1 problem(s):\n- SLACK_TOKEN_ENCRYPTION_KEY is missing: "Add to Slack" keeps each workspace\'s token in the database, encrypted with it. Make one with `openssl rand -hex 32`.\n',
    );
  });

  it('npm start in "Add to Slack" mode serves the install flow, welcomes the installer, and never logs a token', { timeout: 90_000 }, async () => {
    const api = new FakeSlackApi();
    await api.start();
    const server = await startCoachServer({ ...withSigning, SLACK_API_URL: api.url, SLACK_OAUTH_URL: api.authorizeUrl, DATABASE_URL: path.join(tempDir(), 'coach.db') }, { readyTimeoutMs: 60_000 });
    try {
      api.redirectUrl = `${server.baseUrl}/slack/oauth_redirect`;
      const page = await addToSlack({ baseUrl: server.baseUrl, api } as unknown as SlackHarness, { team: { id: 'T_ACME', name: 'Acme' }, installerUserId: 'U_ANN' });
      expect(page.html).toContain('Service Coach was added to Acme.');
      await api.waitFor('chat.postMessage', 1);
      const [token] = api.tokensOf('T_ACME');
      expect(api.callsTo('chat.postMessage')[0]?.token).toBe(token);
      expect(server.logs.join('')).toContain('slack app installed');
      expect(server.logs.join('')).not.toContain(token ?? 'xoxb-');
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      await api.stop();
    }
  });
});
