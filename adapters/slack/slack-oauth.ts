// "Add to Slack" for many workspaces, with Bolt's built-in OAuth: the ExpressReceiver serves
// GET /slack/install (our page with the button) and /slack/oauth_redirect (Bolt checks the state,
// calls oauth.v2.access, and hands us the Installation to store). This file gives Bolt its
// options, our pages, the store-backed installation and state stores, and says what happens
// when a workspace comes (a welcome DM; its paused channels resume) or goes (its work stops).

import type { ExpressReceiverOptions, Installation } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackOAuthConfig } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { Actor, Clock, Messenger } from '../../src/ports.ts';
import type { Db } from '../../src/store/open-store.ts';
import { createTokenCipher } from '../../src/token-cipher.ts';
import type { WorkspaceLifecycle } from '../../src/workspace-lifecycle.ts';
import { describeInstallFailure, renderInstalledPage, renderInstallPage } from './install-pages.ts';
import { createInstallStateStore } from './install-state-store.ts';
import { requiredBotScopes } from './slack-app-spec.ts';
import { createSlackInstallations, type InstalledWorkspace, type SlackInstallations } from './slack-installations.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface SlackOAuthOptions {
  oauth: SlackOAuthConfig;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Web API base URL ending in /api/ (a loopback fake in tests). */
  apiUrl?: string;
  workspaces: WorkspaceLifecycle;
  /** How the welcome DM goes out: the adapter's messenger, so it uses the new install's token. */
  messenger: () => Messenger;
  /** Work that outlives the request (the welcome DM): stop() waits for it. */
  track: (work: Promise<void>) => Promise<void>;
}

export interface SlackOAuth {
  installations: SlackInstallations;
  receiverOptions: Pick<ExpressReceiverOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions' | 'redirectUri'>;
}

export const WELCOME_TEXT =
  "Thanks for adding Service Coach! 👋 Here's how to start: invite me to your team's channel (`/invite @Service Coach`), then type `/coach subscribe` there for a daily service principle at 09:00 on weekdays. `/coach help` shows everything else.";

export function createSlackOAuth(options: SlackOAuthOptions): SlackOAuth {
  const { oauth, db, clock, logger, workspaces } = options;
  const scopes = requiredBotScopes();
  const installations = createSlackInstallations({
    db,
    cipher: createTokenCipher(oauth.encryptionKey),
    clock,
    logger,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    // A reinstall picks up the subscriptions that were on when the app was removed.
    onInstalled: async (installed: InstalledWorkspace) => {
      for (const teamId of installed.teamIds) await workspaces.installed('slack', teamId);
    },
  });

  const welcome = async (installation: Installation): Promise<void> => {
    const workspaceId = (installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id) ?? '';
    const installer: Actor = { platform: 'slack', workspaceId, userId: installation.user.id };
    try {
      await options.messenger().dm(installer, { text: WELCOME_TEXT, blocks: [{ type: 'text', text: WELCOME_TEXT }], visibility: 'private' });
    } catch (error) {
      // The install worked; a welcome that could not go out is not worth failing it for.
      logger.warn('could not send the welcome message after an install', { workspaceId, error: (error as Error).message });
    }
  };

  const answer = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };

  return {
    installations,
    receiverOptions: {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      stateSecret: oauth.stateSecret,
      scopes,
      installationStore: installations.store,
      ...(oauth.redirectUrl ? { redirectUri: oauth.redirectUrl } : {}),
      installerOptions: {
        installPath: INSTALL_PATH,
        redirectUriPath: REDIRECT_PATH,
        directInstall: false,
        // Single-use as well as signed: a replayed state is refused on every replica.
        stateStore: createInstallStateStore(db, oauth.stateSecret),
        renderHtmlForInstallPath: (url: string) => renderInstallPage(url, scopes),
        ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
        ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
        callbackOptions: {
          successAsync: async (installation: Installation, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
            answer(res, 200, renderInstalledPage(installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name));
            await options.track(welcome(installation));
          },
          failure: (error: { code?: string; message?: string }, _options: unknown, req: IncomingMessage, res: ServerResponse) => {
            const cancelled = new URL(req.url ?? '/', 'http://x').searchParams.get('error') === 'access_denied';
            const code = cancelled ? 'access_denied' : error.code;
            logger.warn('slack install did not finish', { reason: code });
            const { status, html } = describeInstallFailure(code, INSTALL_PATH);
            answer(res, status, html);
          },
        },
      },
    },
  };
}
