// The managers' web dashboard at /dashboard on the coach's own HTTP server: sign-in (OpenID Connect
// or the console's one-time link), sessions, CSRF, and the pages. A thin adapter like the chat ones:
// numbers come from src/coach/dashboard/dashboard-data.ts (the same functions `/coach stats` uses),
// and every change is sent to the coach as an Inbound (a command or an action), so the dashboard
// follows exactly the rules chat follows and `/coach settings` always agrees with it.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import cookieParser from 'cookie-parser';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { CoachApp } from '../../src/app.ts';
import { MAX_AUDIT_DAYS, parseAuditDays } from '../../src/coach/audit-words.ts';
import {
  readAudit,
  readChannels,
  readOpenPromises,
  readOverview,
  readPeople,
  readPeopleList,
  readPerson,
  readRange,
  readWeeks,
  viewerOf,
  type Viewer,
  type WeekRange,
} from '../../src/coach/dashboard/dashboard-data.ts';
import { PROMISE_ACTIONS } from '../../src/coach/promises/promise-messages.ts';
import { statsCsv } from '../../src/coach/stats/stats-csv.ts';
import { chartWeeks } from '../../src/coach/stats/team-chart.ts';
import type { StatsScope } from '../../src/coach/stats/weekly-stats.ts';
import { teamZone } from '../../src/coach/team-zone.ts';
import type { Address, Outbound } from '../../src/ports.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { findChannel } from '../../src/store/channels-repo.ts';
import { createSession, deleteSession, findSession, saveGrant, takeGrant, type DashboardSession } from '../../src/store/dashboard-sessions-repo.ts';
import type { HttpMountable } from '../http/http-server.ts';
import {
  auditPage,
  BASE,
  channelsPage,
  messagePage,
  overviewPage,
  PEOPLE_COLUMNS,
  peoplePage,
  personPageHtml,
  promisesPage,
  signInPage,
  type PageContext,
} from './dashboard-pages.ts';
import { OidcSignIn, type SignedInIdentity } from './oidc-sign-in.ts';
import { asCodedError, CodedError } from '../../src/errors.ts';
import { errorWords } from '../../src/error-words.ts';

const SESSION_COOKIE = 'coach_session';
const SIGN_IN_COOKIE = 'coach_sign_in';
const FLASH_COOKIE = 'coach_flash';
const SIGN_IN_MINUTES = 10;
const LINK_MINUTES = 15;

/** Files the pages load, all from node_modules or this folder: nothing from a CDN. */
const ASSETS: Record<string, string> = {
  'vega.min.js': 'node_modules/vega/build/vega.min.js',
  'vega-lite.min.js': 'node_modules/vega-lite/build/vega-lite.min.js',
  'vega-embed.min.js': 'node_modules/vega-embed/build/vega-embed.min.js',
  'dashboard.js': 'adapters/dashboard/assets/dashboard.js',
  'dashboard.css': 'adapters/dashboard/assets/dashboard.css',
};

export interface Dashboard extends HttpMountable {
  /** A one-time link that signs this person in (the console prints one). */
  createSignInLink(identity: SignedInIdentity): Promise<string>;
}

interface Signed {
  id: string;
  session: DashboardSession;
  viewer: Viewer;
  scope: StatsScope;
}

export function createDashboard(app: CoachApp, options: { baseUrl: string }): Dashboard {
  const { db, config, clock, logger } = app;
  const baseUrl = (config.dashboard.baseUrl ?? options.baseUrl).replace(/\/+$/, '');
  const secure = baseUrl.startsWith('https:');
  // Without a configured secret, a random one per process: sessions then end with the process.
  const secret = config.dashboard.sessionSecret ?? randomBytes(32).toString('hex');
  const sessionMs = config.dashboard.sessionHours * 3_600_000;
  const log = logger.child({ adapter: 'dashboard' });
  const providers = new Map(config.dashboard.providers.map((p) => [p.id, new OidcSignIn(p, `${baseUrl}${BASE}/auth/${p.id}/callback`)]));
  const providerButtons = [...providers.values()].map((p) => ({ id: p.provider.id, label: p.provider.label }));

  const cookieOptions = (maxAge: number) => ({ httpOnly: true, sameSite: 'lax' as const, secure, signed: true, path: BASE, maxAge });

  const startSession = async (res: Response, identity: SignedInIdentity): Promise<void> => {
    const id = randomBytes(32).toString('base64url');
    const now = clock.now();
    await createSession(db, id, { ...identity, csrfToken: randomBytes(24).toString('base64url'), expiresAt: new Date(now.getTime() + sessionMs) }, now);
    res.cookie(SESSION_COOKIE, id, cookieOptions(sessionMs));
    log.info('dashboard sign-in', { platform: identity.platform, workspaceId: identity.workspaceId });
  };

  /** The signed-in person, or a redirect to sign in (pages) / a 403 (changes). */
  const signedIn = async (req: Request, res: Response): Promise<Signed | undefined> => {
    const id = req.signedCookies?.[SESSION_COOKIE] as string | false | undefined;
    const session = id ? await findSession(db, id, clock.now()) : undefined;
    if (!id || !session) {
      if (req.method === 'GET') res.redirect(303, `${BASE}/sign-in${id ? '?expired=1' : ''}`);
      else res.status(403).type('html').send(messagePage('Signed out', 'Your session has ended. Sign in again, then repeat the change.'));
      return undefined;
    }
    const viewer = await viewerOf(db, config, session);
    return { id, session, viewer, scope: { platform: session.platform, workspaceId: session.workspaceId } };
  };

  const csrfOk = (req: Request, session: DashboardSession): boolean => {
    const token = formField(req, '_csrf');
    const sent = token === undefined ? Buffer.alloc(0) : Buffer.from(token);
    const expected = Buffer.from(session.csrfToken);
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  };

  const context = (signed: Signed, req: Request, res: Response): PageContext => {
    const flash = req.signedCookies?.[FLASH_COOKIE] as string | undefined;
    if (flash) res.clearCookie(FLASH_COOKIE, { path: BASE });
    return { viewer: signed.viewer, csrfToken: signed.session.csrfToken, ...(flash ? { flash } : {}) };
  };

  // Server-Timing: how long the coach took, visible in the browser's devtools and read by the benchmark.
  const timing = (res: Response) => res.set('Server-Timing', `app;dur=${(performance.now() - (res.locals.started as number)).toFixed(1)}`);
  const send = (res: Response, status: number, html: string) => {
    timing(res).status(status).set('Cache-Control', 'no-store').type('html').send(html);
  };

  const range = async (signed: Signed, req: Request): Promise<WeekRange | { error: string }> => {
    const q = (name: string) => (typeof req.query[name] === 'string' && req.query[name] ? (req.query[name]) : undefined);
    return readRange(db, config, signed.scope, clock.now(), q('from'), q('to'));
  };

  const managersOnly = (signed: Signed, res: Response, ctx: PageContext): boolean => {
    if (signed.viewer.manager) return true;
    send(res, 403, messagePage('Managers only', 'This page is for team leads. Your own numbers are on your page.', ctx));
    return false;
  };

  /** What the coach answered, as one plain line for the page (chat markup removed). */
  const said = (answers: Outbound[]): string =>
    answers
      .map((a) => a.text.split('\n')[0] ?? '')
      .join(' ')
      .replace(/[*_`]/g, '')
      .replace(/<#([^>|]+)(\|[^>]*)?>/g, '#$1')
      .slice(0, 400);

  const after = (res: Response, where: string, answers: Outbound[]) => {
    res.cookie(FLASH_COOKIE, said(answers), cookieOptions(60_000));
    res.redirect(303, where);
  };

  const router = express.Router();
  router.use(cookieParser(secret));
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));
  router.use((_req, res, next) => {
    res.locals.started = performance.now();
    res.set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self' " + [...providers.values()].map((p) => new URL(p.provider.issuer).origin).join(' '));
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'same-origin');
    next();
  });

  router.get('/assets/:file', (req, res) => {
    const file = ASSETS[req.params.file];
    if (!file) return void res.status(404).end();
    res.set('Cache-Control', 'public, max-age=3600');
    res.sendFile(path.join(PROJECT_ROOT, file));
  });

  router.get('/sign-in', (req, res) => {
    send(res, 200, signInPage(providerButtons, req.query.expired ? 'Your session has ended. Please sign in again.' : undefined));
  });

  router.get('/auth/:provider', async (req, res) => {
    const provider = providers.get(req.params.provider as 'slack' | 'entra');
    if (!provider) return send(res, 404, signInPage(providerButtons, 'That sign-in is not set up here.'));
    const pending = await provider.begin();
    await saveGrant(db, pending.state, `oidc:${provider.provider.id}`, { nonce: pending.nonce, codeVerifier: pending.codeVerifier }, new Date(clock.now().getTime() + SIGN_IN_MINUTES * 60_000));
    // The state is also bound to this browser, so nobody can finish a sign-in someone else started.
    res.cookie(SIGN_IN_COOKIE, pending.state, cookieOptions(SIGN_IN_MINUTES * 60_000));
    res.redirect(303, pending.url.href);
  });

  router.get('/auth/:provider/callback', async (req, res) => {
    const provider = providers.get(req.params.provider as 'slack' | 'entra');
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const bound = (req.signedCookies as Record<string, unknown> | undefined)?.[SIGN_IN_COOKIE];
    res.clearCookie(SIGN_IN_COOKIE, { path: BASE });
    if (!provider || !state || bound !== state) return send(res, 400, signInPage(providerButtons, 'That sign-in link is not valid any more. Please try again.'));
    const grant = await takeGrant(db, state, `oidc:${provider.provider.id}`, clock.now());
    if (!grant) return send(res, 400, signInPage(providerButtons, 'That sign-in took too long. Please try again.'));
    try {
      const identity = await provider.finish(new URL(req.originalUrl, baseUrl), { state, nonce: String(grant.nonce), codeVerifier: String(grant.codeVerifier) });
      await startSession(res, identity);
      res.redirect(303, BASE);
    } catch (caught) {
      // openid-client's own errors (a wrong state, an expired code) are sign-in failures too.
      const error = caught instanceof CodedError ? caught : new CodedError('SIGN_IN_FAILED', (caught as Error).message, { cause: caught });
      log.warn('dashboard sign-in failed', { code: error.code, provider: provider.provider.id, error: error.message });
      send(res, 400, signInPage(providerButtons, errorWords(error)));
    }
  });

  router.get('/link/:token', async (req, res) => {
    const grant = await takeGrant(db, req.params.token, 'link', clock.now());
    if (!grant) return send(res, 400, signInPage(providerButtons, 'That sign-in link has been used or has expired. Start the coach again for a new one.'));
    await startSession(res, grant as unknown as SignedInIdentity);
    res.redirect(303, BASE);
  });

  router.post('/sign-out', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    if (!csrfOk(req, signed.session)) return send(res, 403, messagePage('Not signed out', 'That request came without its security token. Reload the page and try again.'));
    await deleteSession(db, signed.id);
    res.clearCookie(SESSION_COOKIE, { path: BASE });
    send(res, 200, signInPage(providerButtons, 'You are signed out.'));
  });

  router.get('/', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    if (!signed.viewer.manager) return res.redirect(303, `${BASE}/people/${encodeURIComponent(signed.viewer.actor.userId)}`);
    const ctx = context(signed, req, res);
    const r = await range(signed, req);
    if ('error' in r) return send(res, 400, messagePage('Overview', r.error, ctx));
    const overview = await readOverview(db, signed.scope, r);
    const { chartSpec } = await import('../../src/coach/stats/stats-chart.ts');
    const spec = chartSpec(chartWeeks(overview.trend, true), `Team participation, ${r.from.key} to ${r.to.key} (all channels)`);
    send(res, 200, overviewPage(ctx, r, overview, spec, `${BASE}/stats.csv?${new URLSearchParams({ from: r.from.key, to: r.to.key }).toString()}`));
  });

  router.get('/people', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    const ctx = context(signed, req, res);
    if (!managersOnly(signed, res, ctx)) return;
    const r = await range(signed, req);
    if ('error' in r) return send(res, 400, messagePage('People', r.error, ctx));
    const sort = (PEOPLE_COLUMNS.find((c) => c.key === req.query.sort)?.key ?? 'name');
    const dir = req.query.dir === 'desc' ? 'desc' : req.query.dir === 'asc' ? 'asc' : sort === 'name' ? 'asc' : 'desc';
    send(res, 200, peoplePage(ctx, r, await readPeople(db, signed.scope, r), sort, dir));
  });

  router.get('/people/:userId', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    const ctx = context(signed, req, res);
    const userId = req.params.userId;
    // Everyone may see their own page; only managers see someone else's (and only in their workspace:
    // every query below is scoped by the session's platform and workspace).
    if (userId !== signed.viewer.actor.userId && !signed.viewer.manager) {
      return send(res, 403, messagePage('Not your page', 'You can see your own numbers; a team lead can see everyone’s.', ctx));
    }
    const r = await range(signed, req);
    if ('error' in r) return send(res, 400, messagePage('Person', r.error, ctx));
    const page = await readPerson(db, signed.scope, r, userId);
    // Someone new to the coach still sees their own name (from their sign-in).
    if (userId === signed.viewer.actor.userId) page.name ??= signed.viewer.actor.name ?? null;
    if (userId !== signed.viewer.actor.userId && !page.name && page.promises.length === 0 && page.weeks.every((w) => !w.row)) {
      return send(res, 404, messagePage('Not found', 'Nobody by that id has been seen in this workspace.', ctx));
    }
    send(res, 200, personPageHtml(ctx, r, page, r.zone));
  });

  router.get('/stats.csv', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    if (!managersOnly(signed, res, context(signed, req, res))) return;
    const r = await range(signed, req);
    if ('error' in r) return void res.status(400).type('text').send(r.error);
    const csv = statsCsv(await readWeeks(db, signed.scope, r), true);
    timing(res).set('Cache-Control', 'no-store').attachment(`team-stats-${r.from.key}-to-${r.to.key}.csv`).type('text/csv').send(csv);
  });

  router.get('/promises', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    const ctx = context(signed, req, res);
    if (!managersOnly(signed, res, ctx)) return;
    const [rows, people, zone] = await Promise.all([readOpenPromises(db, signed.scope), readPeopleList(db, signed.scope), teamZone(db, config, signed.scope)]);
    send(res, 200, promisesPage(ctx, rows, people, zone, clock.now()));
  });

  /** A change: signed in, the CSRF token, a manager; then the coach does it as if asked in chat. */
  const change = (handler: (signed: Signed, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    if (!csrfOk(req, signed.session)) return send(res, 403, messagePage('Not saved', 'That request came without its security token, so nothing changed. Reload the page and try again.'));
    if (!signed.viewer.manager) return send(res, 403, messagePage('Managers only', 'Only team leads can change this.', { viewer: signed.viewer, csrfToken: signed.session.csrfToken }));
    await handler(signed, req, res);
  };
  const field = (req: Request, name: string) => (formField(req, name) ?? '').replace(/\|/g, '/').trim();

  router.post('/promises/:id/close', change(async (signed, req, res) => {
    const answers = await app.coach.handle({ kind: 'action', from: signed.viewer.actor, address: addressFor(signed), actionId: PROMISE_ACTIONS.close, value: `${String(req.params.id)}|${field(req, 'reason')}`, at: clock.now() });
    after(res, `${BASE}/promises`, answers);
  }));

  router.post('/promises/:id/reassign', change(async (signed, req, res) => {
    const answers = await app.coach.handle({ kind: 'action', from: signed.viewer.actor, address: addressFor(signed), actionId: PROMISE_ACTIONS.reassign, value: `${String(req.params.id)}|${field(req, 'to')}|${field(req, 'reason')}`, at: clock.now() });
    after(res, `${BASE}/promises`, answers);
  }));

  router.get('/channels', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    const ctx = context(signed, req, res);
    if (!managersOnly(signed, res, ctx)) return;
    send(res, 200, channelsPage(ctx, await readChannels(db, signed.scope)));
  });

  router.get('/audit', async (req, res) => {
    const signed = await signedIn(req, res);
    if (!signed) return;
    const ctx = context(signed, req, res);
    if (!managersOnly(signed, res, ctx)) return;
    const raw = typeof req.query.days === 'string' ? req.query.days : '';
    const days = parseAuditDays(raw);
    if (days === undefined) return send(res, 400, messagePage('Audit', `Give a number of days from 1 to ${MAX_AUDIT_DAYS}, not “${raw.slice(0, 40)}”.`, ctx));
    send(res, 200, auditPage(ctx, days, await readAudit(db, config, signed.scope, signed.viewer.actor, clock.now(), days)));
  });

  const channelCommand = (text: (req: Request) => string) =>
    change(async (signed, req, res) => {
      const channel = await findChannel(db, { platform: signed.scope.platform, workspaceId: signed.scope.workspaceId, key: req.params.key as string });
      if (!channel) return send(res, 404, messagePage('Not found', 'That channel is not one the coach knows in this workspace.', context(signed, req, res)));
      const address: Address = { platform: channel.platform, workspaceId: channel.workspaceId, key: channel.key, ...(channel.label ? { label: channel.label } : {}) };
      const answers = await app.coach.handle({ kind: 'command', from: signed.viewer.actor, address, command: 'coach', text: text(req), at: clock.now() });
      after(res, `${BASE}/channels`, answers);
    });

  router.post('/channels/:key/schedule', channelCommand((req) => `subscribe ${field(req, 'time')} ${field(req, 'timezone')} ${field(req, 'days')}`));
  router.post('/channels/:key/discussion', channelCommand((req) => (field(req, 'day') === 'off' ? 'discussion off' : `discussion ${field(req, 'day')} ${field(req, 'time')}`)));

  // One boundary: log with context, tell the person something useful, never leak a stack trace.
  // The dashboard's one error boundary: log the code with context, show the words for it.
  router.use((caught: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const error = asCodedError(caught);
    log.error('dashboard request failed', { code: error.code, error: caught });
    if (!res.headersSent) send(res, 500, messagePage('Something went wrong', errorWords(error)));
  });

  /** Promise actions need an address; the team's first channel, or the person's own DM space. */
  function addressFor(signed: Signed): Address {
    return { platform: signed.scope.platform, workspaceId: signed.scope.workspaceId, key: `dashboard:${signed.viewer.actor.userId}` };
  }

  return {
    mount(http: Express) {
      http.use(BASE, router);
    },
    async createSignInLink(identity) {
      const token = randomBytes(32).toString('base64url');
      await saveGrant(db, token, 'link', { ...identity }, new Date(clock.now().getTime() + LINK_MINUTES * 60_000));
      return `${baseUrl}${BASE}/link/${token}`;
    },
  };
}

/** One text field of a posted form (express.urlencoded), or undefined when it is missing or not text. */
function formField(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
