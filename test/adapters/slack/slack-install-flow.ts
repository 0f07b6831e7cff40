// "Add to Slack" the way a browser does it, over HTTP against the real Bolt installer: open
// /slack/install (the page and its state cookie), follow the button to the fake's consent screen,
// which sends the browser back to /slack/oauth_redirect with a code and the state.

import type { FakeInstall } from '../../helpers/fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';

export const ENCRYPTION_KEY = '6f'.repeat(32);

/** What "Add to Slack" mode needs on top of the harness's signing secret and API URL. */
export const OAUTH_ENV = {
  SLACK_CLIENT_ID: '1234.5678',
  SLACK_CLIENT_SECRET: 'fake-client-secret',
  SLACK_STATE_SECRET: 'state-secret-0123456789-0123456789-abcdef',
  SLACK_TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
};

export interface InstallVisit {
  /** The install page. */
  page: { status: number; html: string };
  /** The "Add to Slack" link on it. */
  buttonUrl: string;
  /** The state cookie /slack/install set, as the browser sends it back. */
  cookie: string;
  /** Where the consent screen sent the browser back to. */
  redirect: string;
}

/** Open the install page and click "Add to Slack" (the fake approves as `install`, or cancels without one). */
export async function visitInstall(h: SlackHarness, install?: FakeInstall): Promise<InstallVisit> {
  const res = await fetch(`${h.baseUrl}/slack/install`);
  const html = await res.text();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const href = /<a class="button" href="([^"]+)"/.exec(html)?.[1] ?? '';
  const buttonUrl = href.replace(/&amp;/g, '&');
  if (install) h.api.approveNext(install);
  const consent = await fetch(buttonUrl, { redirect: 'manual' });
  return { page: { status: res.status, html }, buttonUrl, cookie, redirect: consent.headers.get('location') ?? '' };
}

/** Slack sends the browser back: GET the redirect with the browser's cookie. */
export async function comeBack(redirect: string, cookie: string): Promise<{ status: number; html: string }> {
  const res = await fetch(redirect, { headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text() };
}

/** The whole round trip; the success (or failure) page. */
export async function addToSlack(h: SlackHarness, install: FakeInstall): Promise<{ status: number; html: string }> {
  const visit = await visitInstall(h, install);
  return comeBack(visit.redirect, visit.cookie);
}
