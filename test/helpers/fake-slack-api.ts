// A small fake of Slack's Web API on loopback (node:http, 127.0.0.1, port 0) for tests and the
// benchmark: it answers the methods the coach uses, records every call, serves response_url and
// file-upload URLs, and can be scripted to fail ("429 with Retry-After for the next N calls",
// "500 for N calls", "answer error X"). Point the real @slack/bolt app at it with SLACK_API_URL.
// Posted messages are kept per conversation with their metadata, so conversations.history and
// conversations.replies answer as Slack would, and deliveries can be counted per idempotency key.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstMultipartPart, parseBody } from './fake-slack-bodies.ts';
import { FakeConversations, type FakeSlackMessage } from './fake-slack-conversations.ts';
import { FailureScripts, type ScriptedFailure } from './fake-slack-failures.ts';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, FakeSlackOAuth, type FakeInstall } from './fake-slack-oauth.ts';

export { FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeInstall } from './fake-slack-oauth.ts';
export type { FakeSlackMessage } from './fake-slack-conversations.ts';
export type { ScriptedFailure } from './fake-slack-failures.ts';

export interface FakeSlackCall {
  /** A Web API method (`chat.postMessage`), or `response_url` / `upload` for those endpoints. */
  method: string;
  params: Record<string, unknown>;
  /** The bearer token sent, to check the right token is used (never printed). */
  token?: string;
  /** Set when the fake answered with a scripted failure. */
  failed?: string;
  /** For `response_url` calls: which response URL id was used. */
  responseId?: string;
  /** For `upload` calls: the bytes received. */
  bytes?: Buffer;
  /** When the fake answered it (ms since the epoch): the benchmark measures lateness from this. */
  at?: number;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  realName?: string;
  tz?: string;
  /** Sent only when users.info is asked with include_locale, as Slack does. */
  locale?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

/** Pseudo-method for waitFor/callsTo: answers by ack body or response_url. */
const ANSWERS = 'answers';

export class FakeSlackApi {
  readonly calls: FakeSlackCall[] = [];
  /** Every request's method (or path) as it arrives, before any hold: to see a call Slack is "still answering". */
  readonly arrived: string[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  private readonly conversations = new FakeConversations();
  /** Every message posted (chat.postMessage) or seeded, oldest first. */
  readonly messages: FakeSlackMessage[] = this.conversations.messages;
  private readonly failures = new FailureScripts();
  /** Conversations that answer every post with an error until allowed again (an archived channel). */
  private readonly refused = new Map<string, string>();
  private server: http.Server | undefined;
  private origin = '';
  private nextFile = 1;
  private waiters: { method: string; count: number; resolve: () => void }[] = [];
  private holds: { method: string; released: Promise<void> }[] = [];
  private readonly delays = new Map<string, number>();
  private readonly oauth = new FakeSlackOAuth();

  constructor(readonly teamId = 'T1') {}

  /** Where the fake's consent screen sends people back (the coach's /slack/oauth_redirect). */
  redirectUrl = '';

  /** The consent screen's URL, for SLACK_OAUTH_URL (https://slack.com/oauth/v2/authorize in production). */
  get authorizeUrl(): string {
    return `${this.origin}/oauth/v2/authorize`;
  }

  /** The next visit to the consent screen is approved as this install ("Allow" clicked). */
  approveNext(install: FakeInstall): void {
    this.oauth.approveNext(install);
  }

  /** Every bot token issued to an install, newest last ('T1', or 'E1' for an org-wide install). */
  tokensOf(key: string): string[] {
    return this.oauth.tokensOf(key);
  }

  /** The app was removed there: every token of that install stops working, as in Slack. */
  revokeInstall(key: string): void {
    for (const token of this.tokensOf(key)) this.oauth.revoke(token);
  }

  /** Successful token refreshes (oauth.v2.access with grant_type=refresh_token). */
  refreshes(): FakeSlackCall[] {
    return this.callsTo('oauth.v2.access').filter((c) => c.params.grant_type === 'refresh_token');
  }

  /** Set by a Socket Mode test: the ws:// URL apps.connections.open hands out. */
  socketUrl: string | undefined;

  /** The Web API base URL, for SLACK_API_URL (ends with a slash, as WebClient expects). */
  get url(): string {
    return `${this.origin}/api/`;
  }

  /** A response_url Slack would put in a slash command or interaction payload. */
  responseUrl(id: string): string {
    return `${this.origin}/response/${encodeURIComponent(id)}`;
  }

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /** Fail the next `times` calls (of `method`, or of any method) with `failure`, then answer normally. */
  failNext(times: number, failure: ScriptedFailure, method?: string): void {
    this.failures.failNext(times, failure, method);
  }

  /** Fail every call (of `method`, or any) for `ms` from now, or from `afterMs` from now: a timed outage. */
  failFor(ms: number, failure: ScriptedFailure, method?: string, afterMs = 0): void {
    this.failures.failFor(ms, failure, method, afterMs);
  }

  /**
   * From now on, every chat.postMessage to `channel` answers `ok: false, error` (`is_archived`,
   * `not_in_channel`…), as Slack does for as long as the channel stays that way.
   */
  refuse(channel: string, error: string): void {
    this.refused.set(channel, error);
  }

  allow(channel: string): void {
    this.refused.delete(channel);
  }

  /** Hold the next answer to `method` until the returned function is called (a slow Slack). */
  holdNext(method: string): () => void {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.push({ method, released });
    return release;
  }

  /** Answer every call to `method` `ms` late (0: at once again): a slow Slack under load. */
  slowDown(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /**
   * How many messages carry each metadata key (`event_payload.key`): a key counted twice is a
   * duplicate delivery. For the crash tests: the coach puts its job's idempotency key there.
   */
  deliveriesByKey(): Map<string, number> {
    return this.conversations.deliveriesByKey();
  }

  /** Keys delivered more than once, with their counts (empty when there is no duplicate). */
  duplicateKeys(): [string, number][] {
    return [...this.deliveriesByKey()].filter(([, n]) => n > 1);
  }

  /** Put a message in a conversation as if posted earlier (another process, before a crash). */
  seedMessage(message: Omit<FakeSlackMessage, 'ts'> & { ts?: string }): FakeSlackMessage {
    return this.conversations.add(message);
  }

  callsTo(method: string): FakeSlackCall[] {
    if (method === ANSWERS) return this.calls.filter((c) => !c.failed && (c.method === 'ack' || c.method === 'response_url'));
    return this.calls.filter((c) => c.method === method && !c.failed);
  }

  /** Methods called so far, in order, with failed attempts marked, e.g. `chat.postMessage!429`. */
  methods(): string[] {
    return this.calls.map((c) => (c.failed ? `${c.method}!${c.failed}` : c.method));
  }

  /**
   * A command answered inside its HTTP ack: Slack shows that body to the person just like a
   * response_url message, so the harness records it here (method 'ack').
   */
  recordAck(responseId: string, params: Record<string, unknown>): void {
    this.record({ method: 'ack', params, responseId });
  }

  /** Every answer a person saw to a command or button: ack bodies and response_url messages, in order. */
  answers(): FakeSlackCall[] {
    return this.callsTo(ANSWERS);
  }

  waitForAnswers(count = 1): Promise<void> {
    return this.waitFor(ANSWERS, count);
  }

  /** Resolves once `count` successful calls of `method` have been recorded (work Bolt finishes after the ack). */
  waitFor(method: string, count = 1): Promise<void> {
    if (this.callsTo(method).length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ method, count, resolve }));
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
        this.arrived.push(method ?? '');
        const hold = this.holds.find((h) => h.method === method);
        if (hold) this.holds = this.holds.filter((h) => h !== hold);
        const delay = this.delays.get(method ?? '') ?? 0;
        const slow = delay > 0 ? new Promise<void>((resolve) => setTimeout(resolve, delay)) : Promise.resolve();
        void Promise.all([hold?.released, slow]).then(() => this.answer(req, Buffer.concat(chunks), res));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };

    if (url.pathname === '/oauth/v2/authorize') {
      const back = this.oauth.consent(url.searchParams, this.redirectUrl);
      this.record({ method: 'oauth.authorize', params: Object.fromEntries(url.searchParams) });
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      this.record({ method: 'upload', params: { fileId }, bytes: firstMultipartPart(req.headers['content-type'] ?? '', body), token });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK - ' + body.length);
      return;
    }
    const params = parseBody(req.headers['content-type'] ?? '', body);
    if (url.pathname.startsWith('/response/')) {
      this.record({ method: 'response_url', params, responseId: decodeURIComponent(url.pathname.slice('/response/'.length)) });
      json(200, { ok: true });
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      json(404, { ok: false, error: 'unknown_path' });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const failure = this.failures.take(method, Date.now());
    if (failure) {
      this.calls.push({ method, params, token, failed: failure.failed });
      json(failure.status, failure.body, failure.headers);
      return;
    }
    if (token && this.oauth.isRevoked(token)) {
      this.calls.push({ method, params, token, failed: 'token_revoked' });
      json(200, { ok: false, error: 'token_revoked' });
      return;
    }
    if (method === 'oauth.v2.access') {
      const result = this.oauth.exchange(params);
      if (result.ok) this.record({ method, params });
      else this.calls.push({ method, params, failed: String(result.error) });
      json(200, result);
      return;
    }
    const refusal = method === 'chat.postMessage' ? this.refused.get(String(params.channel)) : undefined;
    if (refusal) {
      this.calls.push({ method, params, token, failed: refusal });
      json(200, { ok: false, error: refusal });
      return;
    }
    const result = this.handle(method, params, token);
    this.record({ method, params, token });
    json(200, result);
  }

  private handle(method: string, params: Record<string, unknown>, token?: string): Record<string, unknown> {
    const ts = () => this.conversations.newTs();
    const limit = Math.max(1, Math.min(1000, Number(params.limit) || 100));
    switch (method) {
      case 'auth.test': {
        // Per token: an install's token answers for its own workspace or org.
        const installed = token ? this.oauth.authTest(token) : undefined;
        if (installed) return installed;
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake team', user: 'service_coach', team_id: this.teamId, user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID };
      }
      case 'auth.revoke':
        if (token) this.oauth.revoke(token);
        return { ok: true, revoked: true };
      case 'chat.postMessage': {
        const channel = String(params.channel);
        const stored = this.seedMessage({
          channel,
          text: params.text,
          ...(params.thread_ts ? { thread_ts: paramText(params.thread_ts) } : {}),
          ...(params.metadata ? { metadata: params.metadata } : {}),
        });
        return { ok: true, channel, ts: stored.ts, message: { text: params.text, blocks: params.blocks, thread_ts: params.thread_ts } };
      }
      case 'conversations.history':
        return this.conversations.history(params, limit);
      case 'conversations.replies':
        return this.conversations.replies(params, limit);
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D_${String(params.users)}` } };
      case 'users.info': {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: this.teamId,
            name: user.name,
            real_name: user.realName ?? user.name,
            tz: user.tz,
            ...(user.locale && String(params.include_locale) === 'true' ? { locale: user.locale } : {}),
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            profile: { display_name: user.realName ?? user.name, real_name: user.realName ?? user.name },
          },
        };
      }
      case 'views.publish':
        return { ok: true, view: { id: 'V1', type: 'home' } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.nextFile++}`;
        return { ok: true, upload_url: `${this.origin}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (params.files as { id: string; title?: string }[] | undefined) ?? [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'apps.connections.open':
        // Socket Mode: where the app's WebSocket should connect (a loopback fake in tests).
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private record(call: FakeSlackCall): void {
    this.calls.push({ ...call, at: Date.now() });
    const done = this.waiters.filter((w) => this.callsTo(w.method).length >= w.count);
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve();
  }
}

/** A text parameter of a recorded Web API call ('' when it is missing): Slack sends these as strings. */
export function paramText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}
