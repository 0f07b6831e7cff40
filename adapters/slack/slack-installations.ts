// Where each Slack workspace's token lives when many workspaces install the coach ("Add to
// Slack"): Bolt's InstallationStore over the coach's database (SQLite or PostgreSQL), tokens
// encrypted at rest, and the one place that refreshes rotating tokens.
//
// Token rotation: Bolt's InstallProvider refreshes an expiring token itself, in whichever process
// noticed, with no lock; two replicas doing that at once each spend the single-use refresh token
// and one of them saves a dead pair. So Bolt never sees a refresh token here: fetchInstallation
// refreshes first, under a database lock on the install (one process at a time; the next one
// re-reads and finds the fresh token), and hands Bolt a token that is good for hours. Scheduled
// sends ask tokenFor(), which does the same, so a daily post never goes out on an expired token.

import { webApi, type Installation, type InstallationQuery, type InstallationStore } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../../src/ports.ts';
import type { Db } from '../../src/store/open-store.ts';
import {
  deleteSlackInstallation,
  findSlackInstallation,
  installKeyOf,
  orgOfWorkspace,
  rememberOrgWorkspace,
  saveSlackInstallation,
  updateSlackTokens,
  withSlackInstallationLock,
  workspacesOfOrg,
  type SlackInstallationRow,
} from '../../src/store/slack-installations-repo.ts';
import type { TokenCipher } from '../../src/token-cipher.ts';
import { UndeliverableError } from '../../src/errors.ts';
import { slackErrorName, TokenRejectedError, toDeliveryError } from './slack-errors.ts';

/** Refresh a rotating token when it has less than this left (Bolt's own window: 2 of its 12 hours). */
export const REFRESH_WINDOW_MS = 2 * 60 * 60 * 1000;
/** Refresh answers that mean this install's tokens are gone for good. */
const REFRESH_REFUSED = new Set(['invalid_refresh_token', 'invalid_grant', 'token_revoked', 'invalid_auth', 'app_uninstalled']);
/** How long a process reuses a token it read, before reading the row again. */
const TOKEN_CACHE_MS = 60_000;

export interface InstalledWorkspace {
  installKey: string;
  /** The workspaces it covers: one team, or every team seen so far under an org-wide install. */
  teamIds: string[];
  installerUserId?: string;
  /** The team or org id a DM to the installer goes through. */
  workspaceId: string;
}

export interface SlackInstallations {
  /** For Bolt (installationStore): what `authorize` reads on every inbound request. */
  store: InstallationStore;
  /** The bot token of the install that covers this workspace (team id, or org id for an org install). */
  tokenFor(workspaceId: string): Promise<string>;
  /** Remove an install (app_uninstalled, tokens_revoked); what it covered, if it existed. */
  remove(query: { enterpriseId?: string; teamId?: string; isEnterpriseInstall?: boolean }): Promise<InstalledWorkspace | undefined>;
  /** Remove the install covering this workspace because its token was refused. */
  removeFor(workspaceId: string): Promise<InstalledWorkspace | undefined>;
}

export interface SlackInstallationsOptions {
  db: Db;
  cipher: TokenCipher;
  clock: Clock;
  logger: Logger;
  clientId: string;
  clientSecret: string;
  /** Web API base URL (a loopback fake in tests). */
  apiUrl?: string;
  /** A new install, or a reinstall after an uninstall: the workspaces it covers start again. */
  onInstalled?: (installed: InstalledWorkspace) => Promise<void>;
}

interface RefreshAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

export function createSlackInstallations(options: SlackInstallationsOptions): SlackInstallations {
  const { db, cipher, clock, logger } = options;
  const oauthClient = new webApi.WebClient(undefined, { ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}), retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 2_000 } });
  const cached = new Map<string, { token: string; until: number }>();
  const orgsSeen = new Set<string>();

  const open = (row: SlackInstallationRow): Installation => JSON.parse(cipher.decrypt(row.data)) as Installation;
  const seal = (installation: Installation): string => cipher.encrypt(JSON.stringify(installation));

  const expiring = (row: SlackInstallationRow): boolean => row.tokenExpiresAt !== null && row.tokenExpiresAt.getTime() - clock.now().getTime() <= REFRESH_WINDOW_MS;

  /** The install with a token good for a while: refreshed first, under the install's lock, if it is close to expiry. */
  const fresh = async (row: SlackInstallationRow): Promise<Installation> => {
    if (!expiring(row)) return open(row);
    return withSlackInstallationLock(db, row.installKey, async (locked) => {
      // Another process may have refreshed it while this one waited for the lock.
      const current = await findSlackInstallation(locked, row.installKey);
      if (!current) throw new UndeliverableError('Slack install removed', { reason: 'uninstalled' });
      const installation = open(current);
      if (!expiring(current)) return installation;
      const refreshToken = installation.bot?.refreshToken;
      if (!installation.bot || !refreshToken) return installation;
      let answer: RefreshAnswer;
      try {
        answer = (await oauthClient.oauth.v2.access({ client_id: options.clientId, client_secret: options.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken }));
      } catch (error) {
        // Never the tokens in a log line: the install and Slack's error name only.
        const name = slackErrorName(error);
        logger.error('slack token refresh failed', { install: current.installKey, error: name ?? (error as Error).message });
        // A refresh token Slack will never take again: the workspace is parked, not retried forever.
        if (name && REFRESH_REFUSED.has(name)) throw new TokenRejectedError(`Slack oauth.v2.access (refresh) failed: ${name}`, { cause: error });
        throw toDeliveryError(error, 'oauth.v2.access');
      }
      if (!answer.access_token || !answer.refresh_token || !answer.expires_in) throw new Error('Slack oauth.v2.access (refresh) returned no token');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + answer.expires_in * 1000);
      installation.bot = { ...installation.bot, token: answer.access_token, refreshToken: answer.refresh_token, expiresAt: Math.floor(expiresAt.getTime() / 1000) };
      await updateSlackTokens(locked, current.installKey, seal(installation), expiresAt, now);
      cached.clear();
      logger.info('slack token refreshed', { install: current.installKey });
      return installation;
    });
  };

  /** Which install covers a workspace: its own, else its org's (org-wide install), else it is an org id. */
  const rowFor = async (workspaceId: string): Promise<SlackInstallationRow | undefined> => {
    const own = await findSlackInstallation(db, `T:${workspaceId}`);
    if (own) return own;
    const org = await orgOfWorkspace(db, workspaceId);
    if (org) {
      const orgRow = await findSlackInstallation(db, `E:${org}`);
      if (orgRow) return orgRow;
    }
    return findSlackInstallation(db, `E:${workspaceId}`);
  };

  const covered = async (row: SlackInstallationRow): Promise<InstalledWorkspace> => ({
    installKey: row.installKey,
    teamIds: row.isEnterpriseInstall ? await workspacesOfOrg(db, row.enterpriseId ?? '') : [row.teamId ?? ''],
    ...(row.installerUserId ? { installerUserId: row.installerUserId } : {}),
    workspaceId: (row.isEnterpriseInstall ? row.enterpriseId : row.teamId) ?? '',
  });

  const removeRow = async (installKey: string): Promise<InstalledWorkspace | undefined> => {
    const row = await findSlackInstallation(db, installKey);
    if (!row) return undefined;
    const what = await covered(row);
    await deleteSlackInstallation(db, installKey);
    cached.clear();
    return what;
  };

  const store: InstallationStore = {
    async storeInstallation(installation) {
      const installKey = installKeyOf({ enterpriseId: installation.enterprise?.id, teamId: installation.team?.id, isEnterpriseInstall: Boolean(installation.isEnterpriseInstall) });
      if (!installKey) throw new Error('Slack sent an install with neither a team nor an org id');
      const now = clock.now();
      // Bolt stamps expiresAt with the machine's clock; the coach judges expiry by its own.
      const expiresInS = installation.bot?.expiresAt !== undefined ? installation.bot.expiresAt - Math.floor(Date.now() / 1000) : undefined;
      const tokenExpiresAt = expiresInS !== undefined ? new Date(now.getTime() + expiresInS * 1000) : null;
      const row: SlackInstallationRow = {
        installKey,
        enterpriseId: installation.enterprise?.id ?? null,
        teamId: installation.team?.id ?? null,
        isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
        installerUserId: installation.user?.id ?? null,
        data: seal(installation),
        tokenExpiresAt,
      };
      const isNew = await saveSlackInstallation(db, row, now);
      cached.clear();
      logger.info('slack app installed', { install: installKey, again: !isNew ? true : undefined, rotating: tokenExpiresAt !== null });
      if (isNew) await options.onInstalled?.(await covered(row));
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const installKey = installKeyOf(query);
      if (!installKey) throw new Error('No team or org id to look an install up by');
      // A workspace inside an org-wide install: remember whose it is, so its scheduled sends find the org's token.
      if (query.isEnterpriseInstall && query.teamId && query.enterpriseId && !orgsSeen.has(query.teamId)) {
        await rememberOrgWorkspace(db, query.teamId, query.enterpriseId, clock.now());
        orgsSeen.add(query.teamId);
      }
      const row = await findSlackInstallation(db, installKey);
      if (!row) throw new Error(`No Slack install for ${installKey}`);
      const installation = await fresh(row);
      // Bolt never sees the refresh token: it would refresh by itself, unlocked (see the top).
      const bot = installation.bot ? { token: installation.bot.token, scopes: installation.bot.scopes, id: installation.bot.id, userId: installation.bot.userId } : undefined;
      return { ...installation, ...(bot ? { bot } : {}) };
    },
    async deleteInstallation(query) {
      const installKey = installKeyOf(query);
      if (installKey) await removeRow(installKey);
    },
  };

  return {
    store,
    async tokenFor(workspaceId) {
      const hit = cached.get(workspaceId);
      if (hit && hit.until > clock.now().getTime()) return hit.token;
      const row = await rowFor(workspaceId);
      // Undeliverable, not "retry later": a workspace with no install has nobody to send to.
      if (!row) throw new UndeliverableError('Slack workspace has no install of the coach', { reason: 'uninstalled' });
      const token = (await fresh(row)).bot?.token;
      if (!token) throw new UndeliverableError('Slack install has no bot token', { reason: 'uninstalled' });
      const cacheUntil = Math.min(clock.now().getTime() + TOKEN_CACHE_MS, (row.tokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY) - REFRESH_WINDOW_MS);
      cached.set(workspaceId, { token, until: cacheUntil });
      return token;
    },
    remove: async (query) => {
      const installKey = installKeyOf(query);
      return installKey ? removeRow(installKey) : undefined;
    },
    removeFor: async (workspaceId) => {
      const row = await rowFor(workspaceId);
      return row ? removeRow(row.installKey) : undefined;
    },
  };
}
