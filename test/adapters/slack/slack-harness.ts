// The real coach + the real Bolt app (HTTP receiver on loopback) + a fake Slack Web API, and
// signed requests shaped like Slack's. Reused by every Slack adapter test.

import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { PlatformAdapter } from '../../../adapters/platform-adapter.ts';
import { silentLogger } from '../../../src/logger.ts';
import type { Inbound } from '../../../src/ports.ts';
import { FakeSlackApi, paramText } from '../../helpers/fake-slack-api.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import type { StoreDialect } from '../../../src/store/open-store.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEAM = 'T1';
export const ALICE = { id: 'U_ALICE', name: 'alice', realName: 'Alice', tz: 'Europe/London' };
export const BOB = { id: 'U_BOB', name: 'bob', realName: 'Bob', tz: 'America/New_York', isAdmin: true };
export const SUPPORT = { id: 'C_SUPPORT', name: 'support' };

export interface SlackHarness {
  t: TestApp;
  api: FakeSlackApi;
  adapter: PlatformAdapter;
  /** Every Inbound the adapter handed to the coach, in order. */
  inbounds: Inbound[];
  baseUrl: string;
  send(body: string, contentType: string, headers?: Record<string, string>, signing?: { secret?: string; timestamp?: number }): Promise<{ status: number; body: string }>;
  command(
    command: string,
    text: string,
    options?: { user?: string; userName?: string; channel?: string; channelName?: string; team?: string; responseId?: string; /** An org-wide install's org. */ enterprise?: string },
  ): Promise<{ status: number; body: string }>;
  press(payload: Record<string, unknown>): Promise<{ status: number; body: string }>;
  event(event: Record<string, unknown>, options?: { eventId?: string; team?: string; retryNum?: number; /** An org-wide install's org. */ enterprise?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function startSlackHarness(dir: string, start = '2026-11-23T08:00:00Z', env: Record<string, string> = {}, dialect?: StoreDialect): Promise<SlackHarness> {
  const api = new FakeSlackApi(TEAM);
  await api.start();
  api.addUser(ALICE);
  api.addUser(BOB);
  // "Add to Slack" (SLACK_CLIENT_ID set): no bot token; the consent screen is the fake's.
  const oauth = Boolean(env.SLACK_CLIENT_ID);
  const t = await startTestApp({
    dir,
    start,
    dialect,
    env: { ...(oauth ? { SLACK_OAUTH_URL: api.authorizeUrl } : { SLACK_BOT_TOKEN: 'xoxb-test-token' }), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url, ...env },
  });
  const inbounds: Inbound[] = [];
  const coach = {
    handle: (inbound: Inbound) => {
      inbounds.push(inbound);
      return t.app.coach.handle(inbound);
    },
    home: t.app.coach.home.bind(t.app.coach),
    commandNames: t.app.coach.commandNames.bind(t.app.coach),
  };
  const adapter = createSlackAdapter(
    { config: t.app.config.slack!, coach, addressBook: t.app.addressBook, clock: t.clock, logger: silentLogger },
    // Same behaviour as production (429 waited out, then retried), without real back-off pauses.
    { replayGuard: t.app.replayGuard, interactiveRetry: { retries: 3, minTimeout: 0, maxTimeout: 0 }, db: t.app.db, workspaces: t.app.workspaces },
  );
  // The Slack messenger replaces the recording one, as main.ts registers it.
  t.app.messenger.register('slack', adapter.messenger);
  const expressApp = createHttpApp(() => ({ platforms: ['slack'] }));
  adapter.mount?.(expressApp);
  await adapter.start();
  const server = http.createServer(expressApp);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.redirectUrl = `${baseUrl}/slack/oauth_redirect`;

  const send: SlackHarness['send'] = async (body, contentType, headers = {}, signing = {}) => {
    const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(signing.secret ?? SIGNING_SECRET, timestamp, body),
        ...headers,
      },
      body,
    });
    return { status: response.status, body: await response.text() };
  };

  let nextEvent = 1;
  return {
    t,
    api,
    adapter,
    inbounds,
    baseUrl,
    send,
    command: async (command, text, o = {}) => {
      const form = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: o.team ?? TEAM,
        team_domain: 'acme',
        channel_id: o.channel ?? SUPPORT.id,
        channel_name: o.channelName ?? SUPPORT.name,
        user_id: o.user ?? ALICE.id,
        user_name: o.userName ?? ALICE.name,
        command,
        text,
        api_app_id: 'A_COACH',
        ...(o.enterprise ? { enterprise_id: o.enterprise } : {}),
        is_enterprise_install: o.enterprise ? 'true' : 'false',
        response_url: api.responseUrl(o.responseId ?? `${command}:${text}`),
        trigger_id: '123.456.abc',
      });
      // Exactly this content type: Bolt answers 400 to `; charset=…`.
      const answer = await send(form.toString(), 'application/x-www-form-urlencoded');
      // An answer inside the ack is what Slack shows the person: record it with the others.
      if (answer.status === 200 && answer.body.trim()) api.recordAck(o.responseId ?? `${command}:${text}`, JSON.parse(answer.body) as Record<string, unknown>);
      return answer;
    },
    press: (payload) => send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded'),
    event: (event, o = {}) => {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: o.team ?? TEAM,
        ...(o.enterprise ? { enterprise_id: o.enterprise } : {}),
        api_app_id: 'A_COACH',
        event: { event_ts: '1700000000.000001', ...event },
        type: 'event_callback',
        event_id: o.eventId ?? `Ev${nextEvent++}`,
        event_time: 1700000000,
        authorizations: [{ enterprise_id: o.enterprise ?? null, team_id: o.team ?? TEAM, user_id: 'U_COACH_BOT', is_bot: true, is_enterprise_install: Boolean(o.enterprise) }],
      });
      const headers: Record<string, string> = o.retryNum ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
      return send(body, 'application/json', headers);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await adapter.stop();
      await t.app.stop();
      await api.stop();
    },
  };
}

/** A block_actions payload for a button pressed on a message. */
export function buttonPress(options: {
  actionId: string;
  value?: string;
  user?: { id: string; name: string };
  channel?: string;
  messageTs?: string;
  ephemeral?: boolean;
  home?: boolean;
  responseId?: string;
  api: FakeSlackApi;
  team?: string;
}): Record<string, unknown> {
  const user = options.user ?? ALICE;
  const channel = options.channel ?? SUPPORT.id;
  const container = options.home
    ? { type: 'view', view_id: 'V1' }
    : { type: 'message', message_ts: options.messageTs ?? '1700000000.000001', channel_id: channel, is_ephemeral: Boolean(options.ephemeral) };
  return {
    type: 'block_actions',
    team: { id: options.team ?? TEAM, domain: 'acme' },
    user: { id: user.id, username: user.name, name: user.name, team_id: options.team ?? TEAM },
    api_app_id: 'A_COACH',
    token: 'legacy-verification-token',
    container,
    trigger_id: '123.456.abc',
    ...(options.home ? { view: { id: 'V1', type: 'home' } } : { channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : SUPPORT.name } }),
    ...(options.home || options.ephemeral ? {} : { message: { type: 'message', ts: options.messageTs ?? '1700000000.000001', text: 'x' } }),
    response_url: options.api.responseUrl(options.responseId ?? `press:${options.actionId}`),
    actions: [
      {
        action_id: options.actionId,
        block_id: 'b1',
        type: 'button',
        text: { type: 'plain_text', text: 'Got it' },
        ...(options.value !== undefined ? { value: options.value } : {}),
        action_ts: '1700000001.000001',
      },
    ],
  };
}

/** The visible text of a Slack message body: fallback text plus every text in its blocks. */
export function slackText(params: Record<string, unknown>): string {
  return `${paramText(params.text)}\n${JSON.stringify(params.blocks ?? [])}`;
}
