// A fake Bot Framework connector (the Teams service the bot talks back to) on 127.0.0.1, port 0.
// Test activities carry its URL as `serviceUrl`, so the real CloudAdapter sends its replies,
// updates, proactive posts and createConversation calls here. It records every call and answers
// like the real service: any activity id, URL-encoded conversation ids (Teams channel ids contain
// `:`, `@` and `;messageid=`). Scripted failures let tests (and the benchmark) exercise 429s,
// 500s and the 403 "bot is not part of the conversation roster".

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  /** The raw path, still URL-encoded. */
  path: string;
  /** 'reply' | 'send' | 'update' | 'delete' | 'createConversation' | 'other' */
  op: 'reply' | 'send' | 'update' | 'delete' | 'createConversation' | 'other';
  /** Decoded conversation id, when the path names one. */
  conversationId?: string;
  /** Decoded activity id (reply-to or updated activity), when the path names one. */
  activityId?: string;
  body: any;
  /** What the fake answered. */
  status: number;
  /** The id the fake gave the created activity or conversation, if any. */
  createdId?: string;
  headers: http.IncomingHttpHeaders;
}

interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
  remaining: number;
}

export interface FakeBotConnector {
  /** `http://127.0.0.1:PORT/` — the serviceUrl of test activities. */
  url: string;
  calls: ConnectorCall[];
  /** Calls that delivered a message (replies, sends, updates), in order. */
  deliveries(): ConnectorCall[];
  /** Answer the next `count` calls with 429 and this Retry-After (seconds). */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  /** Answer the next `count` calls with 500. */
  failNext(count: number, status?: number): void;
  /** Every send to this conversation (decoded id) gets 403 BotNotInConversationRoster. */
  forbidConversation(conversationId: string): void;
  /** Undo forbidConversation: the app was installed there again. */
  allowConversation(conversationId: string): void;
  /** createConversation with this member id gets 403: the app is not installed for that user. */
  forbidUser(memberId: string): void;
  /** Forget recorded calls (keeps scripts). */
  clear(): void;
  close(): Promise<void>;
}

const ROSTER_403 = { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } };

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const failures: ScriptedFailure[] = [];
  const forbiddenConversations = new Set<string>();
  const forbiddenUsers = new Set<string>();
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const call: ConnectorCall = { method, path, op: 'other', body, status: 200, headers: req.headers };
      const match = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?\/?$/.exec(path);
      if (match) {
        call.conversationId = match[1] !== undefined ? decodeURIComponent(match[1]) : undefined;
        call.activityId = match[2] !== undefined ? decodeURIComponent(match[2]) : undefined;
        if (!call.conversationId && method === 'POST') call.op = 'createConversation';
        else if (call.conversationId && call.activityId && method === 'POST') call.op = 'reply';
        else if (call.conversationId && call.activityId && method === 'PUT') call.op = 'update';
        else if (call.conversationId && call.activityId && method === 'DELETE') call.op = 'delete';
        else if (call.conversationId && method === 'POST') call.op = 'send';
      }
      calls.push(call);

      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };

      const scripted = failures[0];
      if (scripted) {
        scripted.remaining -= 1;
        if (scripted.remaining <= 0) failures.shift();
        const headers: Record<string, string> = scripted.retryAfterSeconds !== undefined ? { 'retry-after': String(scripted.retryAfterSeconds) } : {};
        const code = scripted.status === 429 ? 'TooManyRequests' : 'ServiceError';
        return answer(scripted.status, { error: { code, message: `scripted ${scripted.status}` } }, headers);
      }
      const baseConversation = call.conversationId?.split(';')[0];
      if (call.conversationId && (forbiddenConversations.has(call.conversationId) || (baseConversation && forbiddenConversations.has(baseConversation)))) {
        return answer(403, ROSTER_403);
      }
      switch (call.op) {
        case 'createConversation': {
          const member = body?.members?.[0]?.id as string | undefined;
          if (member && forbiddenUsers.has(member)) return answer(403, ROSTER_403);
          const id = `a:personal-${nextId++}`;
          call.createdId = id;
          return answer(201, { id, serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
        }
        case 'reply':
        case 'send': {
          const id = `1${String(nextId++).padStart(12, '0')}`;
          call.createdId = id;
          return answer(200, { id });
        }
        case 'update':
          return answer(200, { id: call.activityId });
        case 'delete':
          return answer(200, undefined);
        default:
          return answer(200, {});
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    deliveries: () => calls.filter((c) => (c.op === 'reply' || c.op === 'send' || c.op === 'update') && c.status < 300),
    rateLimitNext: (count, retryAfterSeconds) => failures.push({ status: 429, retryAfterSeconds, remaining: count }),
    failNext: (count, status = 500) => failures.push({ status, remaining: count }),
    forbidConversation: (id) => forbiddenConversations.add(id),
    allowConversation: (id) => forbiddenConversations.delete(id),
    forbidUser: (id) => forbiddenUsers.add(id),
    clear: () => {
      calls.splice(0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
