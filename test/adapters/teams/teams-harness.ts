// The real coach + the real CloudAdapter behind the real HTTP endpoint (no app id: unauthenticated,
// as with the Bot Framework Emulator) + a fake Bot Framework connector on loopback that receives
// every reply. Tests send Teams-shaped activities and read what the connector recorded.

import { createHttpApp, listen, type RunningServer } from '../../../adapters/http/http-server.ts';
import type { PlatformAdapter } from '../../../adapters/platform-adapter.ts';
import { adapterInputs } from '../../../adapters/platform-adapter.ts';
import { createTeamsAdapter } from '../../../adapters/teams/teams-adapter.ts';
import { createSendLimiter } from '../../../adapters/teams/send-limiter.ts';
import { silentLogger } from '../../../src/logger.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../../helpers/fake-bot-connector.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

export const TENANT = 'tenant-contoso';
export const OTHER_TENANT = 'tenant-fabrikam';
export const BOT = { id: '28:coach-bot', name: 'Service Coach' };
export const CHANNEL_ID = '19:support-channel@thread.tacv2';

export interface TeamsUser {
  id: string; // 29:…
  aadObjectId: string;
  name: string;
  tenant?: string;
}

export const dana: TeamsUser = { id: '29:dana-teams-id', aadObjectId: 'aad-dana', name: 'Dana Reyes' };
export const lee: TeamsUser = { id: '29:lee-teams-id', aadObjectId: 'aad-lee', name: 'Lee Park' };

export interface TeamsHarness {
  t: TestApp;
  connector: FakeBotConnector;
  adapter: PlatformAdapter;
  /** POST an activity to /api/messages; resolves with the HTTP status once the turn has finished. */
  send(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<number>;
  url: string;
  close(): Promise<void>;
}

export async function startTeamsHarness(options: { dir: string; start: string; env?: Record<string, string>; openIdMetadataUrl?: string }): Promise<TeamsHarness> {
  const t = await startTestApp({ dir: options.dir, start: options.start, env: { TEAMS_ENABLED: 'true', ...options.env } });
  const connector = await startFakeBotConnector();
  // The limiter runs on the test's clock; sends in these tests stay under Teams' limits.
  const limiter = createSendLimiter({ now: () => t.clock.now().getTime() });
  const adapter = createTeamsAdapter(adapterInputs(t.app, t.app.config.teams!), { limiter, sendBudget: t.app.sendBudget, openIdMetadataUrl: options.openIdMetadataUrl });
  t.app.messenger.register('teams', adapter.messenger);
  const http = createHttpApp(() => ({ platforms: ['teams'] }), { metrics: t.app.metrics });
  adapter.mount?.(http);
  await adapter.start();
  const server: RunningServer = await listen(http, 0, silentLogger);
  const url = `http://127.0.0.1:${server.port}`;
  return {
    t,
    connector,
    adapter,
    url,
    send: async (activity, headers = {}) => {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      await res.text();
      return res.status;
    },
    close: async () => {
      await server.close();
      await adapter.stop();
      await connector.close();
      await t.app.stop();
    },
  };
}

let nextActivity = 1;

function base(connector: FakeBotConnector, user: TeamsUser, conversation: Record<string, unknown>, tenant: string) {
  return {
    channelId: 'msteams',
    serviceUrl: connector.url,
    id: `1${String(nextActivity++).padStart(12, '0')}`,
    timestamp: new Date().toISOString(),
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    conversation: { tenantId: tenant, ...conversation },
    channelData: { tenant: { id: tenant } },
  };
}

/** A message in the user's personal chat with the coach. */
export function personalMessage(connector: FakeBotConnector, user: TeamsUser, text: string, extra: Record<string, unknown> = {}) {
  const tenant = user.tenant ?? TENANT;
  return {
    ...base(connector, user, { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal' }, tenant),
    type: 'message',
    text,
    locale: 'en-US',
    localTimezone: 'America/New_York',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'America/New_York' }],
    ...extra,
  };
}

/** A message in a channel that @mentions the coach (Teams only delivers those). */
export function channelMessage(
  connector: FakeBotConnector,
  user: TeamsUser,
  text: string,
  options: { mentionBot?: boolean; threadRoot?: string; mentions?: TeamsUser[]; conversationId?: string } = {},
) {
  const tenant = user.tenant ?? TENANT;
  const channel = options.conversationId ?? CHANNEL_ID;
  const conversationId = options.threadRoot ? `${channel};messageid=${options.threadRoot}` : channel;
  const botMention = `<at>${BOT.name}</at>`;
  const entities: Record<string, unknown>[] = [];
  if (options.mentionBot !== false) entities.push({ type: 'mention', text: botMention, mentioned: { id: BOT.id, name: BOT.name } });
  for (const other of options.mentions ?? []) {
    entities.push({ type: 'mention', text: `<at>${other.name}</at>`, mentioned: { id: other.id, name: other.name, aadObjectId: other.aadObjectId } });
  }
  return {
    ...base(connector, user, { id: conversationId, conversationType: 'channel', isGroup: true }, tenant),
    channelData: { tenant: { id: tenant }, team: { id: '19:team@thread.tacv2', name: 'Support' }, channel: { id: channel, name: 'Support Desk' } },
    type: 'message',
    text: options.mentionBot === false ? text : `${botMention} ${text}`,
    entities,
  };
}

/** Pressing an Action.Submit button on the card with activity id `cardId`. */
export function cardSubmit(
  connector: FakeBotConnector,
  user: TeamsUser,
  cardId: string,
  data: { actionId: string; value?: string },
  where: { conversationId: string; personal?: boolean },
) {
  const tenant = user.tenant ?? TENANT;
  return {
    ...base(connector, user, { id: where.conversationId, conversationType: where.personal ? 'personal' : 'channel', isGroup: !where.personal }, tenant),
    type: 'message',
    replyToId: cardId,
    value: data,
  };
}

export function botAddedToChannel(connector: FakeBotConnector, user: TeamsUser) {
  const tenant = user.tenant ?? TENANT;
  return {
    ...base(connector, user, { id: CHANNEL_ID, conversationType: 'channel', isGroup: true }, tenant),
    channelData: { tenant: { id: tenant }, team: { id: '19:team@thread.tacv2', name: 'Support' }, eventType: 'teamMemberAdded', channel: { id: CHANNEL_ID, name: 'General' } },
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
  };
}

export function reaction(connector: FakeBotConnector, user: TeamsUser, messageId: string, conversationId: string = CHANNEL_ID) {
  const tenant = user.tenant ?? TENANT;
  return {
    ...base(connector, user, { id: `${conversationId};messageid=${messageId}`, conversationType: 'channel', isGroup: true }, tenant),
    type: 'messageReaction',
    replyToId: messageId,
    reactionsAdded: [{ type: 'like' }],
  };
}

/** The Adaptive Card of a recorded connector call (reply, send or update). */
export function cardOf(body: any): any {
  return body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Everything a person would read on a recorded message: card text, facts, buttons, fallback. */
export function visibleText(body: any): string {
  return JSON.stringify(cardOf(body) ?? {}) + '\n' + (body?.summary ?? '') + '\n' + (body?.text ?? '');
}
