// Socket Mode: with SLACK_APP_TOKEN the coach opens a WebSocket (no public URL) instead of serving
// /slack/events. A loopback fake hands out the socket URL via apps.connections.open (through
// SLACK_API_URL, as an enterprise proxy would) and sends Slack-shaped envelopes over it.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { PlatformAdapter } from '../../../adapters/platform-adapter.ts';
import { silentLogger } from '../../../src/logger.ts';
import { FakeSlackApi, FAKE_BOT_USER_ID } from '../../helpers/fake-slack-api.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { ALICE, SUPPORT, TEAM } from './slack-harness.ts';

const tempDir = useTempDir();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A tiny Socket Mode server: says hello on connect, records acks, sends envelopes. */
async function startSocketServer() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: Record<string, unknown>[] = [];
  let socket: WebSocket | undefined;
  const connected = new Promise<void>((resolve) =>
    server.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A_COACH' }, debug_info: { host: 'fake' } }));
      resolve();
    }),
  );
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  };
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`,
    connected,
    received,
    until,
    send: (envelope: Record<string, unknown>) => socket!.send(JSON.stringify(envelope)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Slack in Socket Mode', () => {
  it('connects through SLACK_API_URL, acks a slash command envelope, answers via response_url, and handles events', async () => {
    const api = new FakeSlackApi(TEAM);
    await api.start();
    cleanup.push(() => api.stop());
    api.addUser(ALICE);
    const socket = await startSocketServer();
    cleanup.push(() => socket.close());
    api.socketUrl = socket.url;

    const t: TestApp = await startTestApp({
      dir: tempDir(),
      start: '2026-11-23T08:00:00Z',
      env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'unused-in-socket-mode', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: api.url },
    });
    cleanup.push(() => t.app.stop());
    const adapter: PlatformAdapter = createSlackAdapter({ config: t.app.config.slack!, coach: t.app.coach, addressBook: t.app.addressBook, clock: t.clock, logger: silentLogger }, { replayGuard: t.app.replayGuard });
    t.app.messenger.register('slack', adapter.messenger);
    await adapter.start();
    cleanup.push(() => adapter.stop());
    await socket.connected;
    // The socket URL came from the fake, called with the app-level token (not the bot token).
    expect(api.callsTo('apps.connections.open')[0]!.token).toBe('xapp-test-token');

    socket.send({
      envelope_id: 'env-command-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'legacy',
        team_id: TEAM,
        team_domain: 'acme',
        channel_id: SUPPORT.id,
        channel_name: SUPPORT.name,
        user_id: ALICE.id,
        user_name: ALICE.name,
        command: '/coach',
        text: 'today',
        api_app_id: 'A_COACH',
        response_url: api.responseUrl('socket-today'),
        trigger_id: '1.2.3',
      },
    });
    await socket.until(() => socket.received.some((m) => m.envelope_id === 'env-command-1'));
    await api.waitForAnswers();
    const answer = api.answers()[0]!.params;
    expect(answer.response_type).toBe('ephemeral');
    expect(String(answer.text)).toContain("Today's service principle");

    // Now the person is known: the answer rides in the envelope's ack.
    socket.send({
      envelope_id: 'env-command-2',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        team_id: TEAM,
        channel_id: SUPPORT.id,
        channel_name: SUPPORT.name,
        user_id: ALICE.id,
        user_name: ALICE.name,
        command: '/coach',
        text: 'help',
        api_app_id: 'A_COACH',
        response_url: api.responseUrl('socket-help'),
        trigger_id: '1.2.4',
      },
    });
    await socket.until(() => socket.received.some((m) => m.envelope_id === 'env-command-2'));
    const acked = socket.received.find((m) => m.envelope_id === 'env-command-2') as { payload?: { text?: string } };
    expect(acked.payload?.text).toContain('/coach subscribe');
    expect(api.callsTo('response_url')).toHaveLength(1);

    socket.send({
      envelope_id: 'env-event-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        token: 'legacy',
        team_id: TEAM,
        api_app_id: 'A_COACH',
        type: 'event_callback',
        event_id: 'EvSOCKET1',
        event_time: 1700000000,
        event: { type: 'member_joined_channel', user: FAKE_BOT_USER_ID, channel: SUPPORT.id, channel_type: 'C', team: TEAM, event_ts: '1700000000.000100' },
        authorizations: [{ team_id: TEAM, user_id: FAKE_BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
      },
    });
    await socket.until(() => socket.received.some((m) => m.envelope_id === 'env-event-1'));
    await api.waitFor('chat.postMessage');
    expect(String(api.callsTo('chat.postMessage')[0]!.params.text)).toContain('/coach subscribe');
  });
});
