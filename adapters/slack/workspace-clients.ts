// The Web API clients the coach's own sends go through, per workspace: each asks for the token of
// the workspace it sends to (one bot token, or that workspace's install), so a send can only ever
// carry its own workspace's token. One client per token, built on first use; a rotated token
// simply gets a new one. Proactive clients never retry by themselves: the scheduler does.

import { webApi } from '@slack/bolt';
import type { PlatformMetrics } from '../../src/metrics.ts';
import { countCalls, countJsonCalls } from './count-api-calls.ts';
import { createSlackJsonTransport, type SlackCall } from './slack-json-caller.ts';

/** Old tokens' clients are dropped past this many (tokens rotate every 12 hours). */
const MAX_CLIENTS = 1_000;

export interface WorkspaceClients {
  /** WebClient for uploads and users.info. */
  proactiveClient: (workspaceId: string) => Promise<webApi.WebClient>;
  /** The lean JSON caller for posts and DMs. */
  jsonCaller: (workspaceId: string) => Promise<SlackCall>;
}

export function createWorkspaceClients(options: {
  tokenFor: (workspaceId: string) => Promise<string>;
  clientOptions: webApi.WebClientOptions;
  apiUrl?: string;
  metrics?: PlatformMetrics;
}): WorkspaceClients {
  const { tokenFor, clientOptions, metrics } = options;
  const webClients = new Map<string, webApi.WebClient>();
  const jsonCallers = new Map<string, SlackCall>();
  let transport: ((token: string) => SlackCall) | undefined;
  return {
    proactiveClient: async (workspaceId) => {
      const token = await tokenFor(workspaceId);
      let client = webClients.get(token);
      if (!client) {
        if (webClients.size >= MAX_CLIENTS) webClients.clear();
        client = new webApi.WebClient(token, { ...clientOptions, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
        countCalls(client, metrics);
        webClients.set(token, client);
      }
      return client;
    },
    jsonCaller: async (workspaceId) => {
      const token = await tokenFor(workspaceId);
      let call = jsonCallers.get(token);
      if (!call) {
        // One connection pool for every token.
        transport ??= createSlackJsonTransport(options.apiUrl ? { apiUrl: options.apiUrl } : {});
        if (jsonCallers.size >= MAX_CLIENTS) jsonCallers.clear();
        call = countJsonCalls(transport(token), metrics);
        jsonCallers.set(token, call);
      }
      return call;
    },
  };
}
