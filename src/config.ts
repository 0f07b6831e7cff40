// The ONLY reader of process.env. Everything else receives a Config. Every problem is reported at
// once, so a person fixing their .env does not play whack-a-mole one variable at a time.

import type { StoreLocation } from './store/database.ts';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { isValidZone } from './zone-names.ts';
import { CodedError } from './errors.ts';
import type { LogLevel } from './logger.ts';
import { parseEncryptionKey } from './token-cipher.ts';

export interface LadderConfig {
  /** Heads-up this many minutes before the due time (immediately if the promise is due sooner). */
  headsUpMinutes: number;
  /** Overdue nudge this many minutes after the due time. */
  nudgeMinutes: number;
  /** Escalation to the lead(s) this many minutes after the due time. */
  escalateMinutes: number;
  /** Done within this many minutes after the due time still counts as kept. */
  graceMinutes: number;
  /** Not done this many hours after the due time: closed as missed. */
  missedAfterHours: number;
  /** "Couldn't reach them": next try this many minutes later unless the agent says otherwise. */
  retryAfterMinutes: number;
  /** Who/note text of closed promises is erased after this many days; the outcome stays for stats. */
  retentionDays: number;
}

export interface Config {
  /** DATABASE_URL: a SQLite file (the default, data/service-coach.db) or a postgres:// URL. */
  database: StoreLocation;
  /** PostgreSQL connections per process (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** PostgreSQL: prepare each query shape once per connection (DATABASE_PREPARED_STATEMENTS, default on). */
  databasePreparedStatements: boolean;
  /** Where files the coach writes go (console CSV exports): next to the SQLite file, else data/. */
  dataDir: string;
  defaultTimezone: string;
  /** How numeric dates read when a person's own locale is unknown ("en-GB": 3/12 is 3 December). */
  defaultLocale?: string;
  /** DEFAULT_TIMEZONE as set, or undefined: the terminal person's zone (unset, the channel's is used). */
  consoleTimezone?: string;
  /** COACH_CONSOLE_NAME: what the terminal calls its person (not the operating-system login). */
  consoleName?: string;
  /** Undefined when not set: servers then log at info, the console (a person chatting) at warn. */
  logLevel?: LogLevel;
  logPretty: boolean;
  port: number;
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  contentDir: string;
  contentExtraFile?: string;
  managers: string[];
  /** Where escalations go when a team has no lead configured in the coach: a lead channel key. */
  leadChannel?: string;
  ladder: LadderConfig;
  /** Finished jobs (done, skipped, failed, cancelled) are deleted after this many days (JOB_RETENTION_DAYS). */
  jobRetentionDays: number;
  /** How long a claimed job stays one replica's without renewal (JOB_LEASE_SECONDS): a lost replica's work waits this long. */
  jobLeaseMs: number;
  /** Testing and demos only: the coach's clock runs this many ms ahead (or behind, negative) of the machine's. */
  clockOffsetMs: number;
  /** Slack: one workspace with SLACK_BOT_TOKEN, or many that install the app themselves (`oauth`). */
  slack?: {
    /** Single-workspace mode (an internal app): the one bot token. Undefined in OAuth mode. */
    botToken?: string;
    signingSecret: string;
    appToken?: string;
    apiUrl?: string;
    /** Distributed-app mode: "Add to Slack" over OAuth; each workspace's token lives in the store. */
    oauth?: SlackOAuthConfig;
  };
  dashboard: DashboardConfig;
  teams?: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** Without an app id (the Emulator mode, unauthenticated): accept requests from other machines
     *  too (TEAMS_EMULATOR_ALLOW_REMOTE). Off by default: only this machine can talk to the bot. */
    emulatorAllowRemote?: boolean;
  };
}

export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` (Bolt's state store); the state is also single-use, in the store. */
  stateSecret: string;
  /** AES-256 key for tokens at rest (SLACK_TOKEN_ENCRYPTION_KEY), 32 bytes. */
  encryptionKey: Buffer;
  /** SLACK_REDIRECT_URL: the public https://…/slack/oauth_redirect, when Slack has several on file. */
  redirectUrl?: string;
  /** SLACK_OAUTH_URL: where the "Add to Slack" button sends people (tests point it at a fake). */
  authorizationUrl?: string;
}

type Env = Record<string, string | undefined>;

/**
 * The process's environment, with the values of a .env file in the working directory added for the
 * variables the environment does not set. Entry points (main.ts, the npm scripts) call this once
 * and pass the result on.
 */
export function readEnvironment(): Env {
  loadDotenv({ quiet: true });
  return process.env;
}

/** One OpenID Connect sign-in for the dashboard: Slack's ("Sign in with Slack") or Microsoft Entra ID. */
export interface OidcProviderConfig {
  id: 'slack' | 'entra';
  /** The button's words. */
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface DashboardConfig {
  /** DASHBOARD_URL: the public base URL people open (redirect URIs are built from it). */
  baseUrl?: string;
  /** DASHBOARD_SESSION_SECRET: signs session cookies. Unset, each process makes a random one. */
  sessionSecret?: string;
  /** DASHBOARD_SESSION_HOURS: a session expires this long after sign-in. */
  sessionHours: number;
  providers: OidcProviderConfig[];
  /** DASHBOARD_CONSOLE: serve it from `npm start` in the terminal: auto (when interactive), on, off. */
  inConsole: 'auto' | 'on' | 'off';
}

export class ConfigError extends CodedError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('CONFIG_INVALID', `The configuration has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

/** The machine's own IANA zone, the default for a fresh install. */
export function machineTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// Checking a zone builds an Intl formatter (slow, and on every command's path): remember answers.
/** A postgres:// (or postgresql://) URL runs on PostgreSQL; anything else names a SQLite file. */
export function parseStoreLocation(value: string, cwd: string): StoreLocation {
  const trimmed = value.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { dialect: 'postgres', url: trimmed };
  return { dialect: 'sqlite', file: parseDatabaseUrl(trimmed, cwd) };
}

/** DATABASE_URL alone (default data/service-coach.db): the db:backup, db:restore and data:export tools need nothing else. */
export function loadStoreLocation(env: Env, cwd: string = process.cwd()): StoreLocation {
  return parseStoreLocation(env.DATABASE_URL?.trim() || 'data/service-coach.db', cwd);
}

/** "en-GB", "de-DE": a locale Intl understands. */
export function isValidLocale(locale: string): boolean {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

/** DATABASE_URL may be a plain path or a `sqlite:` URL (`sqlite:data/coach.db`, `sqlite:///abs/path.db`). */
export function parseDatabaseUrl(value: string, cwd: string): string {
  let file = value.trim();
  if (file.startsWith('sqlite:')) {
    file = file.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2); // sqlite:///abs → /abs ; sqlite://rel → rel
  } else if (file.startsWith('file:')) {
    file = file.slice('file:'.length);
  }
  if (file === ':memory:') return file;
  return path.resolve(cwd, file);
}

/** MICROSOFT_APP_ID alone: building the Teams app package needs the id, never the secret. */
export function loadTeamsAppId(env: Env): string | undefined {
  return env.MICROSOFT_APP_ID?.trim() || undefined;
}

export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name} must be a number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string): boolean => /^(1|true|yes|on)$/i.test(text(name) ?? '');

  const defaultTimezone = text('DEFAULT_TIMEZONE') ?? machineTimezone();
  if (!isValidZone(defaultTimezone)) {
    problems.push(`DEFAULT_TIMEZONE must be an IANA zone such as Europe/London (got "${defaultTimezone}").`);
  }

  const defaultLocale = text('DEFAULT_LOCALE');
  if (defaultLocale && !isValidLocale(defaultLocale)) {
    problems.push(`DEFAULT_LOCALE must be a locale such as en-GB or de-DE (got "${defaultLocale}").`);
  }

  const logLevel = text('LOG_LEVEL')?.toLowerCase() as LogLevel | undefined;
  if (logLevel && !['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of debug, info, warn, error, silent (got "${text('LOG_LEVEL')}").`);
  }
  const logFormat = (text('LOG_FORMAT') ?? 'auto').toLowerCase();
  if (!['auto', 'json', 'pretty'].includes(logFormat)) {
    problems.push(`LOG_FORMAT must be auto, json or pretty (got "${text('LOG_FORMAT')}").`);
  }

  const ladder: LadderConfig = {
    headsUpMinutes: number('PROMISE_HEADS_UP_MINUTES', 15, 0, 24 * 60),
    nudgeMinutes: number('PROMISE_NUDGE_MINUTES', 15, 1, 24 * 60),
    escalateMinutes: number('PROMISE_ESCALATE_MINUTES', 60, 1, 7 * 24 * 60),
    graceMinutes: number('PROMISE_GRACE_MINUTES', 5, 0, 24 * 60),
    missedAfterHours: number('PROMISE_MISSED_AFTER_HOURS', 24, 1, 30 * 24),
    retryAfterMinutes: number('PROMISE_RETRY_MINUTES', 60, 1, 7 * 24 * 60),
    retentionDays: number('PROMISE_RETENTION_DAYS', 90, 1, 3650),
  };
  if (ladder.nudgeMinutes >= ladder.escalateMinutes) {
    problems.push('PROMISE_NUDGE_MINUTES must be less than PROMISE_ESCALATE_MINUTES (the nudge comes before the escalation).');
  }
  if (ladder.escalateMinutes >= ladder.missedAfterHours * 60) {
    problems.push('PROMISE_ESCALATE_MINUTES must be less than PROMISE_MISSED_AFTER_HOURS (escalate before closing as missed).');
  }

  let slack: Config['slack'];
  const botToken = text('SLACK_BOT_TOKEN');
  const signingSecret = text('SLACK_SIGNING_SECRET');
  const appToken = text('SLACK_APP_TOKEN');
  const slackApiUrl = text('SLACK_API_URL');
  const clientId = text('SLACK_CLIENT_ID');
  const clientSecret = text('SLACK_CLIENT_SECRET');
  const stateSecret = text('SLACK_STATE_SECRET');
  const encryptionKeyText = text('SLACK_TOKEN_ENCRYPTION_KEY');
  const oauthWanted = Boolean(clientId || clientSecret || stateSecret);
  if (oauthWanted && botToken) {
    problems.push('Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET ("Add to Slack" for many workspaces), not both.');
  } else if (oauthWanted) {
    if (!clientId || !clientSecret) problems.push('SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together (Basic Information → App Credentials in your Slack app).');
    if (!stateSecret) problems.push('SLACK_STATE_SECRET is missing (any long random text, for example the output of `openssl rand -hex 32`).');
    else if (stateSecret.length < 32) problems.push('SLACK_STATE_SECRET must be at least 32 characters (for example the output of `openssl rand -hex 32`).');
    if (!signingSecret) problems.push('SLACK_SIGNING_SECRET is missing (Basic Information → App Credentials in your Slack app).');
    if (appToken) problems.push('SLACK_APP_TOKEN (Socket Mode) cannot be used with "Add to Slack": installs need the public /slack/oauth_redirect. Unset SLACK_APP_TOKEN.');
    const encryptionKey = encryptionKeyText ? parseEncryptionKey(encryptionKeyText) : undefined;
    if (!encryptionKeyText) problems.push('SLACK_TOKEN_ENCRYPTION_KEY is missing: "Add to Slack" keeps each workspace\'s token in the database, encrypted with it. Make one with `openssl rand -hex 32`.');
    else if (!encryptionKey) problems.push('SLACK_TOKEN_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64 (make one with `openssl rand -hex 32`).');
    const redirectUrl = text('SLACK_REDIRECT_URL');
    if (redirectUrl && !/^https?:\/\/[^\s]+\/slack\/oauth_redirect$/.test(redirectUrl)) problems.push(`SLACK_REDIRECT_URL must be your public https://…/slack/oauth_redirect (got "${redirectUrl}").`);
    const authorizationUrl = text('SLACK_OAUTH_URL');
    if (authorizationUrl && !/^https?:\/\/[^\s]+$/.test(authorizationUrl)) problems.push(`SLACK_OAUTH_URL must be an http(s) URL such as https://slack.com/oauth/v2/authorize (got "${authorizationUrl}").`);
    if (clientId && clientSecret && stateSecret && signingSecret && encryptionKey && !appToken) {
      slack = {
        signingSecret,
        apiUrl: slackApiUrl,
        oauth: { clientId, clientSecret, stateSecret, encryptionKey, ...(redirectUrl ? { redirectUrl } : {}), ...(authorizationUrl ? { authorizationUrl } : {}) },
      };
    }
  } else if (botToken || signingSecret || appToken) {
    if (!botToken) problems.push('SLACK_BOT_TOKEN is missing (Slack is half configured: the other Slack variables are set).');
    else if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-.');
    if (!signingSecret) problems.push('SLACK_SIGNING_SECRET is missing (Basic Information → App Credentials in your Slack app).');
    if (appToken && !appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp- (for Socket Mode).');
    if (botToken && signingSecret) slack = { botToken, signingSecret, appToken, apiUrl: slackApiUrl };
  }
  if (slackApiUrl && !/^https?:\/\/[^\s]+$/.test(slackApiUrl)) {
    problems.push(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got "${slackApiUrl}").`);
  }

  let teams: Config['teams'];
  const appId = text('MICROSOFT_APP_ID');
  const appTypeRaw = text('MICROSOFT_APP_TYPE') ?? 'MultiTenant';
  const appTypes = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
  const appType = appTypes.find((t) => t.toLowerCase() === appTypeRaw.toLowerCase());
  if (!appType) problems.push(`MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI (got "${appTypeRaw}").`);
  if (appId || flag('TEAMS_ENABLED')) {
    const appPassword = text('MICROSOFT_APP_PASSWORD');
    const tenantId = text('MICROSOFT_APP_TENANT_ID');
    if (appId && appType !== 'UserAssignedMSI' && !appPassword) {
      problems.push('MICROSOFT_APP_PASSWORD is missing (the client secret of your Azure Bot registration).');
    }
    if (appId && appType !== 'MultiTenant' && !tenantId) {
      problems.push(`MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is ${appType}.`);
    }
    teams = { appId, appPassword, tenantId, appType: appType ?? 'MultiTenant', ...(!appId && flag('TEAMS_EMULATOR_ALLOW_REMOTE') ? { emulatorAllowRemote: true } : {}) };
  }

  const providers: OidcProviderConfig[] = [];
  const httpUrl = (name: string, value: string | undefined, example: string): string | undefined => {
    if (value && !/^https?:\/\/[^\s]+$/.test(value)) problems.push(`${name} must be an http(s) URL such as ${example} (got "${value}").`);
    return value?.replace(/\/+$/, '');
  };
  const slackOidcId = text('SLACK_OIDC_CLIENT_ID');
  const slackOidcSecret = text('SLACK_OIDC_CLIENT_SECRET');
  if (slackOidcId || slackOidcSecret) {
    if (!slackOidcId || !slackOidcSecret) problems.push('SLACK_OIDC_CLIENT_ID and SLACK_OIDC_CLIENT_SECRET go together (Basic Information → App Credentials: Client ID and Client Secret).');
    else providers.push({ id: 'slack', label: 'Sign in with Slack', issuer: httpUrl('SLACK_OIDC_ISSUER', text('SLACK_OIDC_ISSUER'), 'https://slack.com') ?? 'https://slack.com', clientId: slackOidcId, clientSecret: slackOidcSecret });
  }
  const entraId = text('ENTRA_CLIENT_ID');
  const entraSecret = text('ENTRA_CLIENT_SECRET');
  if (entraId || entraSecret) {
    const tenant = text('ENTRA_TENANT_ID');
    const issuer = httpUrl('ENTRA_ISSUER', text('ENTRA_ISSUER'), 'https://login.microsoftonline.com/<tenant>/v2.0') ?? (tenant ? `https://login.microsoftonline.com/${tenant}/v2.0` : undefined);
    if (!entraId || !entraSecret) problems.push('ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET go together (your app registration: Application (client) ID and a client secret).');
    else if (!issuer) problems.push('ENTRA_TENANT_ID is missing (your directory (tenant) ID): sign-in checks tokens against one tenant.');
    else providers.push({ id: 'entra', label: 'Sign in with Microsoft', issuer, clientId: entraId, clientSecret: entraSecret });
  }
  const sessionSecret = text('DASHBOARD_SESSION_SECRET');
  if (sessionSecret && sessionSecret.length < 32) problems.push('DASHBOARD_SESSION_SECRET must be at least 32 characters (for example the output of `openssl rand -hex 32`).');
  const consoleDashboard = (text('DASHBOARD_CONSOLE') ?? 'auto').toLowerCase();
  if (!['auto', 'on', 'off'].includes(consoleDashboard)) problems.push(`DASHBOARD_CONSOLE must be auto, on or off (got "${text('DASHBOARD_CONSOLE')}").`);
  const dashboard: DashboardConfig = {
    baseUrl: httpUrl('DASHBOARD_URL', text('DASHBOARD_URL'), 'https://coach.example.com'),
    sessionSecret,
    sessionHours: number('DASHBOARD_SESSION_HOURS', 12, 1, 24 * 30),
    providers,
    inConsole: consoleDashboard as DashboardConfig['inConsole'],
  };

  const extra = text('CONTENT_EXTRA_FILE');
  const database = parseStoreLocation(text('DATABASE_URL') ?? 'data/service-coach.db', cwd);
  const config: Config = {
    database,
    databasePoolSize: number('DATABASE_POOL_SIZE', 10, 1, 1_000),
    databasePreparedStatements: !/^(0|false|no|off)$/i.test(text('DATABASE_PREPARED_STATEMENTS') ?? ''),
    dataDir: database.dialect === 'sqlite' && database.file !== ':memory:' ? path.dirname(database.file) : path.resolve(cwd, 'data'),
    defaultTimezone,
    ...(defaultLocale ? { defaultLocale } : {}),
    consoleTimezone: text('DEFAULT_TIMEZONE'),
    consoleName: text('COACH_CONSOLE_NAME'),
    logLevel,
    logPretty: logFormat === 'pretty' || (logFormat === 'auto' && Boolean(process.stderr.isTTY)),
    port: number('PORT', 3000, 0, 65535),
    metricsToken: text('METRICS_TOKEN'),
    contentDir: path.resolve(cwd, text('CONTENT_DIR') ?? 'content'),
    contentExtraFile: extra ? path.resolve(cwd, extra) : undefined,
    managers: (text('COACH_MANAGERS') ?? '')
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean),
    leadChannel: text('COACH_LEAD_CHANNEL'),
    ladder,
    jobRetentionDays: number('JOB_RETENTION_DAYS', 30, 1, 3650),
    jobLeaseMs: number('JOB_LEASE_SECONDS', 30, 2, 3600) * 1000,
    clockOffsetMs: number('COACH_CLOCK_OFFSET_MS', 0, -10 * 365 * 24 * 3_600_000, 10 * 365 * 24 * 3_600_000),
    slack,
    teams,
    dashboard,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
