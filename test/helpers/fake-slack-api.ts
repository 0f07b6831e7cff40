// A small fake of Slack's Web API on loopback (node:http, 127.0.0.1, port 0) for tests and the
// benchmark: it answers the methods the coach uses, records every call, serves response_url and
// file-upload URLs, and can be scripted to fail ("429 with Retry-After for the next N calls",
// "500 for N calls", "answer error X"). Point the real @slack/bolt app at it with SLACK_API_URL.
// Posted messages are kept per conversation with their metadata, so conversations.history and
// conversations.replies answer as Slack would, and deliveries can be counted per idempotency key.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** A message as the fake keeps it: what conversations.history/replies serve. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: unknown;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export type ScriptedFailure =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 }
  | { error: string };

interface Script {
  method?: string;
  remaining: number;
  failure: ScriptedFailure;
  /** A timed outage: fails every call from `from` until `until` (Date.now() ms), however many. */
  from?: number;
  until?: number;
}

/** A workspace (or Grid org) that approves the app on the fake's consent screen. */
export interface FakeInstall {
  /** The workspace: unset for an org-wide install. */
  team?: { id: string; name: string };
  enterprise?: { id: string; name: string };
  isEnterpriseInstall?: boolean;
  /** Who clicked "Allow". */
  installerUserId: string;
  /** Slack's token rotation: tokens expire after `expiresInS` and come with a refresh token. */
  rotation?: { expiresInS: number };
}

interface IssuedToken {
  install: FakeInstall;
  /** The install this token was issued for: 'T1', or 'E1' for an org-wide install. */
  key: string;
}

export const FAKE_CLIENT_ID = '1234.5678';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

export const FAKE_BOT_USER_ID = 'U_COACH_BOT';
export const FAKE_BOT_ID = 'B_COACH';

/** Pseudo-method for waitFor/callsTo: answers by ack body or response_url. */
const ANSWERS = 'answers';

export class FakeSlackApi {
  readonly calls: FakeSlackCall[] = [];
  /** Every request's method (or path) as it arrives, before any hold: to see a call Slack is "still answering". */
  readonly arrived: string[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  /** Every message posted (chat.postMessage) or seeded, oldest first. */
  readonly messages: FakeSlackMessage[] = [];
  private readonly scripts: Script[] = [];
  /** Conversations that answer every post with an error until allowed again (an archived channel). */
  private readonly refused = new Map<string, string>();
  private server: http.Server | undefined;
  private origin = '';
  private nextTs = 1;
  private nextFile = 1;
  private waiters: { method: string; count: number; resolve: () => void }[] = [];
  private holds: { method: string; released: Promise<void> }[] = [];
  private readonly delays = new Map<string, number>();
  /** OAuth: approvals waiting on the consent screen, codes handed out, tokens issued and revoked. */
  private readonly approvals: FakeInstall[] = [];
  private readonly codes = new Map<string, FakeInstall>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();
  private readonly revoked = new Set<string>();
  private nextToken = 1;

  constructor(readonly teamId = 'T1') {}

  /** Where the fake's consent screen sends people back (the coach's /slack/oauth_redirect). */
  redirectUrl = '';

  /** The consent screen's URL, for SLACK_OAUTH_URL (https://slack.com/oauth/v2/authorize in production). */
  get authorizeUrl(): string {
    return `${this.origin}/oauth/v2/authorize`;
  }

  /** The next visit to the consent screen is approved as this install ("Allow" clicked). */
  approveNext(install: FakeInstall): void {
    this.approvals.push(install);
  }

  /** Every bot token issued to an install, newest last ('T1', or 'E1' for an org-wide install). */
  tokensOf(key: string): string[] {
    return [...this.tokens].filter(([, t]) => t.key === key).map(([token]) => token);
  }

  /** The app was removed there: every token of that install stops working, as in Slack. */
  revokeInstall(key: string): void {
    for (const token of this.tokensOf(key)) this.revoked.add(token);
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
    this.scripts.push({ method, remaining: times, failure });
  }

  /** Fail every call (of `method`, or any) for `ms` from now, or from `afterMs` from now: a timed outage. */
  failFor(ms: number, failure: ScriptedFailure, method?: string, afterMs = 0): void {
    const from = Date.now() + afterMs;
    this.scripts.push({ method, remaining: Number.POSITIVE_INFINITY, failure, from, until: from + ms });
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
    const counts = new Map<string, number>();
    for (const m of this.messages) {
      const key = m.metadata?.event_payload?.key;
      if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** Keys delivered more than once, with their counts (empty when there is no duplicate). */
  duplicateKeys(): [string, number][] {
    return [...this.deliveriesByKey()].filter(([, n]) => n > 1);
  }

  /** Put a message in a conversation as if posted earlier (another process, before a crash). */
  seedMessage(message: Omit<FakeSlackMessage, 'ts'> & { ts?: string }): FakeSlackMessage {
    const stored = { ...message, ts: message.ts ?? this.newTs() };
    this.messages.push(stored);
    return stored;
  }

  callsTo(method: string): FakeSlackCall[] {
    if (method === ANSWERS) return this.calls.filter((c) => !c.failed && (c.method === 'ack' || c.method === 'response_url'));
    return this.calls.filter((c) => c.method === method && !c.failed);
  }

  /** Methods called so far, in order, with failed attempts marked, e.g. `chat.postMessage!429`. */
  methods(): string[] {
    return this.calls.map((c) => (c.failed ? `${c.method}!${c.failed}` : c.method));
  }

  /** Resolves once `count` successful calls of `method` have been recorded (work Bolt finishes after the ack). */
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
      // The consent screen: approved ("Allow") → back to the app with a one-time code and the state
      // as given; nothing approved → Slack's "cancel" answer, error=access_denied.
      const approved = this.approvals.shift();
      const back = new URL(url.searchParams.get('redirect_uri') || this.redirectUrl);
      if (approved) {
        const code = `code-${this.nextToken++}`;
        this.codes.set(code, approved);
        back.searchParams.set('code', code);
      } else {
        back.searchParams.set('error', 'access_denied');
      }
      const state = url.searchParams.get('state');
      if (state) back.searchParams.set('state', state);
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
    const now = Date.now();
    const script = this.scripts.find((s) => s.remaining > 0 && (!s.method || s.method === method) && (s.until === undefined || (now >= (s.from ?? 0) && now < s.until)));
    if (script) {
      script.remaining -= 1;
      const { failure } = script;
      if ('error' in failure) {
        this.calls.push({ method, params, token, failed: failure.error });
        json(200, { ok: false, error: failure.error });
      } else if (failure.status === 429) {
        this.calls.push({ method, params, token, failed: '429' });
        json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSeconds) });
      } else {
        this.calls.push({ method, params, token, failed: '500' });
        json(500, { ok: false, error: 'internal_error' });
      }
      return;
    }
    if (token && this.revoked.has(token)) {
      this.calls.push({ method, params, token, failed: 'token_revoked' });
      json(200, { ok: false, error: 'token_revoked' });
      return;
    }
    if (method === 'oauth.v2.access') {
      const result = this.exchange(params);
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

  private newTs(): string {
    return `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
  }

  /** A stored message as Slack returns it: metadata only when asked with include_all_metadata. */
  private shown(m: FakeSlackMessage, params: Record<string, unknown>): Record<string, unknown> {
    const withMetadata = String(params.include_all_metadata) === 'true' || params.include_all_metadata === 1;
    return { type: 'message', ts: m.ts, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) };
  }

  /** oauth.v2.access: a one-time code for an install's tokens, or (token rotation) a refresh token for a new pair. */
  private exchange(params: Record<string, unknown>): Record<string, unknown> {
    if (params.client_id !== FAKE_CLIENT_ID || params.client_secret !== FAKE_CLIENT_SECRET) return { ok: false, error: 'invalid_client_id' };
    if (params.grant_type === 'refresh_token') {
      const old = this.refreshTokens.get(String(params.refresh_token));
      // Single use, as in Slack: a second refresh with the same token fails, and that pair is dead.
      if (!old) return { ok: false, error: 'invalid_refresh_token' };
      this.refreshTokens.delete(String(params.refresh_token));
      return { ok: true, ...this.issue(old.install), token_type: 'bot' };
    }
    const install = this.codes.get(String(params.code));
    if (!install) return { ok: false, error: 'invalid_code' };
    this.codes.delete(String(params.code));
    return {
      ok: true,
      app_id: 'A_COACH',
      authed_user: { id: install.installerUserId },
      token_type: 'bot',
      ...this.issue(install),
      bot_user_id: FAKE_BOT_USER_ID,
      team: install.team ?? null,
      enterprise: install.enterprise ?? null,
      is_enterprise_install: Boolean(install.isEnterpriseInstall),
    };
  }

  private issue(install: FakeInstall): Record<string, unknown> {
    const key = install.isEnterpriseInstall ? (install.enterprise?.id ?? '') : (install.team?.id ?? '');
    const n = this.nextToken++;
    const access = install.rotation ? `xoxe.xoxb-${key}-${n}` : `xoxb-${key}-${n}`;
    this.tokens.set(access, { install, key });
    const scope = 'channels:history,channels:read,chat:write,commands,files:write,groups:history,groups:read,im:history,im:write,reactions:read,users:read';
    if (!install.rotation) return { access_token: access, scope };
    const refresh = `xoxe-1-${key}-${n}`;
    this.refreshTokens.set(refresh, { install, key });
    return { access_token: access, scope, refresh_token: refresh, expires_in: install.rotation.expiresInS };
  }

  private handle(method: string, params: Record<string, unknown>, token?: string): Record<string, unknown> {
    const ts = () => this.newTs();
    const limit = Math.max(1, Math.min(1000, Number(params.limit) || 100));
    switch (method) {
      case 'auth.test': {
        // Per token: an install's token answers for its own workspace or org.
        const issued = token ? this.tokens.get(token) : undefined;
        if (issued) {
          const { install } = issued;
          return {
            ok: true,
            url: `https://${install.team?.id ?? install.enterprise?.id}.fake.slack.test/`,
            team: install.team?.name ?? install.enterprise?.name,
            user: 'service_coach',
            ...(install.team ? { team_id: install.team.id } : {}),
            ...(install.enterprise ? { enterprise_id: install.enterprise.id } : {}),
            ...(install.isEnterpriseInstall ? { is_enterprise_install: true } : {}),
            user_id: FAKE_BOT_USER_ID,
            bot_id: FAKE_BOT_ID,
          };
        }
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake team', user: 'service_coach', team_id: this.teamId, user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID };
      }
      case 'auth.revoke':
        if (token) this.revoked.add(token);
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
      case 'conversations.history': {
        // Newest first, top-level messages only (thread replies live in conversations.replies).
        const inChannel = this.messages.filter((m) => m.channel === String(params.channel) && (!m.thread_ts || m.thread_ts === m.ts));
        const newest = inChannel.reverse().slice(0, limit);
        return { ok: true, messages: newest.map((m) => this.shown(m, params)), has_more: inChannel.length > limit };
      }
      case 'conversations.replies': {
        // The parent first, then its replies, oldest first.
        const root = String(params.ts);
        const thread = this.messages.filter((m) => m.channel === String(params.channel) && (m.ts === root || m.thread_ts === root));
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        return { ok: true, messages: thread.slice(0, limit).map((m) => this.shown(m, params)), has_more: thread.length > limit };
      }
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

/** WebClient sends form bodies with nested values (blocks, files) as JSON strings; respond() sends JSON. */
function parseBody(contentType: string, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (!text) return {};
  if (contentType.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** WebClient uploads the bytes as multipart/form-data: keep just the file's bytes. */
function firstMultipartPart(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return body;
  const start = body.indexOf('\r\n\r\n');
  const end = body.indexOf(`\r\n--${boundary}`, start);
  return start < 0 || end < 0 ? body : body.subarray(start + 4, end);
}

/** A text parameter of a recorded Web API call ('' when it is missing): Slack sends these as strings. */
export function paramText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}
