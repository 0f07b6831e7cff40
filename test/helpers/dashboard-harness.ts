// The real coach with its dashboard on a loopback HTTP server, signing in through the fake OIDC
// provider, and a tiny cookie-keeping client for tests that do not need a browser.

import type { Express } from 'express';
import { createDashboard, type Dashboard } from '../../adapters/dashboard/dashboard.ts';
import { createHttpApp, listen, type RunningServer } from '../../adapters/http/http-server.ts';
import { silentLogger } from '../../src/logger.ts';
import { startTestApp, type TestApp } from './test-app.ts';
import { startFakeOidcProvider, type FakeOidcProvider } from './fake-oidc-provider.ts';
import type { StoreDialect } from '../../src/store/open-store.ts';

export interface DashboardHarness {
  test: TestApp;
  provider: FakeOidcProvider;
  dashboard: Dashboard;
  base: string;
  close(): Promise<void>;
}

export async function startDashboard(options: { dir: string; start: string; dialect?: StoreDialect; env?: Record<string, string> }): Promise<DashboardHarness> {
  const provider = await startFakeOidcProvider();
  const test = await startTestApp({
    dir: options.dir,
    start: options.start,
    ...(options.dialect ? { dialect: options.dialect } : {}),
    env: {
      SLACK_OIDC_CLIENT_ID: provider.clientId,
      SLACK_OIDC_CLIENT_SECRET: provider.clientSecret,
      SLACK_OIDC_ISSUER: provider.issuer,
      // Entra ID is just another issuer: the same loopback provider stands in for it.
      ENTRA_CLIENT_ID: provider.clientId,
      ENTRA_CLIENT_SECRET: provider.clientSecret,
      ENTRA_ISSUER: provider.issuer,
      DASHBOARD_SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      ...options.env,
    },
  });
  const http: Express = createHttpApp(() => ({}));
  const server: RunningServer = await listen(http, 0, silentLogger, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  const dashboard = createDashboard(test.app, { baseUrl: base });
  dashboard.mount(http);
  return {
    test,
    provider,
    dashboard,
    base,
    close: async () => {
      await server.close();
      await provider.close();
      await test.app.stop();
    },
  };
}

/** A browser without a browser: keeps cookies per name, follows redirects by hand. */
export class CookieClient {
  private cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Follows redirects (to other origins too, without our cookies); returns the last answer. */
  async request(pathOrUrl: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; url: string; body: string; headers: Headers; redirectedFrom?: string }> {
    let url = new URL(pathOrUrl, this.base).href;
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    let redirectedFrom: string | undefined;
    for (let hop = 0; hop < 10; hop++) {
      const ours = url.startsWith(this.base);
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        headers: { ...(ours ? { cookie: this.cookieHeader() } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body ? { body } : {}),
      });
      if (ours) this.remember(res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        redirectedFrom = url;
        url = new URL(location, url).href;
        method = 'GET';
        body = undefined;
        continue;
      }
      return { status: res.status, url, body: await res.text(), headers: res.headers, ...(redirectedFrom ? { redirectedFrom } : {}) };
    }
    throw new Error('too many redirects');
  }

  /** The CSRF token the last page carried. */
  static csrfOf(html: string): string {
    return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  }
}

/** Sign in as a Slack person through the fake provider; returns the client and the landing page. */
export async function signInWithSlack(h: DashboardHarness, who: { team: string; user: string; name: string }) {
  const client = new CookieClient(h.base);
  h.provider.signInAs({ sub: who.user, name: who.name, 'https://slack.com/team_id': who.team, 'https://slack.com/user_id': who.user });
  const page = await client.request('/dashboard/auth/slack');
  return { client, page };
}

/** The figure shown on a card, by its label. */
export function figure(html: string, label: string): string | undefined {
  return new RegExp(`data-figure="${label}">([^<]*)<`).exec(html)?.[1];
}
