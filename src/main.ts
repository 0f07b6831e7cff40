// Entry point and composition root: loadConfig → build the coach → start the configured adapters
// and the scheduler. This is the one file in src/ that knows the adapters exist: it wires them in.

import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, readEnvironment } from './config.ts';
import { ContentError } from './content/load-content.ts';
import { isCoded } from './errors.ts';
import { createLogger } from './logger.ts';
import { buildCoachApp, type CoachApp } from './app.ts';
import { offsetClock } from './ports.ts';
import { CONSOLE_WORKSPACE, createConsoleAdapter } from '../adapters/console/console-adapter.ts';
import { createDashboard } from '../adapters/dashboard/dashboard.ts';
import { createHttpApp, listen } from '../adapters/http/http-server.ts';
import { adapterInputs, type PlatformAdapter } from '../adapters/platform-adapter.ts';
import { createReadinessCheck } from './readiness.ts';

async function main(): Promise<number> {
  let app: CoachApp;
  try {
    const config = loadConfig(readEnvironment());
    const serving = Boolean(config.slack || config.teams);
    const logger = createLogger({ level: config.logLevel ?? (serving ? 'info' : 'warn'), pretty: config.logPretty });
    // On PostgreSQL "due" is the database's now(), the one clock every replica shares.
    app = buildCoachApp({ config, logger, clock: offsetClock(config.clockOffsetMs), claimTime: config.database.dialect === 'postgres' ? 'database' : 'clock', processMetrics: serving });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ContentError) {
      process.stderr.write(`Service Coach cannot start.\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    return await (app.config.slack || app.config.teams ? runServer(app) : runConsole(app));
  } catch (error) {
    // The database could not be reached or upgraded: one clear line, no stack trace.
    if (isCoded(error, 'STORE_UNREACHABLE') || isCoded(error, 'STORE_MIGRATION_FAILED')) {
      process.stderr.write(`Service Coach cannot start.\n${error.message}\n`);
      await app.stop().catch(() => undefined);
      return 1;
    }
    throw error;
  }
}

/**
 * Teams without an app id authenticates nobody (the Emulator mode): unless the operator opted in,
 * only this machine may connect. Slack over HTTP needs a public address, so with Slack on the same
 * server the Teams route refuses other machines itself (see teams-adapter.ts).
 */
function listenHost(app: CoachApp): string {
  const teams = app.config.teams;
  const emulator = teams !== undefined && !teams.appId;
  if (emulator) {
    app.logger.warn(
      teams.emulatorAllowRemote
        ? 'TEAMS WITHOUT AN APP ID AND TEAMS_EMULATOR_ALLOW_REMOTE=true: ANYONE WHO CAN REACH THIS PORT CAN TALK TO THE BOT UNAUTHENTICATED. Use this only in a trusted lab; set MICROSOFT_APP_ID for real use.'
        : 'Teams runs WITHOUT AN APP ID (Bot Framework Emulator mode): nothing is authenticated, so only this machine (127.0.0.1) may send it activities. Set MICROSOFT_APP_ID for real use.',
    );
  }
  const slackOverHttp = app.config.slack !== undefined && !app.config.slack.appToken;
  return emulator && !teams.emulatorAllowRemote && !slackOverHttp ? '127.0.0.1' : '0.0.0.0';
}

/** Slack and/or Teams on one HTTP server; SIGTERM/SIGINT drain in-flight work and close the db. */
async function runServer(app: CoachApp): Promise<number> {
  // Listen for the stop signals first: until a listener exists, SIGTERM kills the process outright
  // (no cleanup), and one can come the instant "ready" is logged. A stop asked for during start-up
  // runs once start-up is done.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  const adapters: PlatformAdapter[] = [];
  // Each SDK is loaded only when its platform is configured (botbuilder alone is tens of MB).
  if (app.config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/slack-adapter.ts');
    adapters.push(createSlackAdapter(adapterInputs(app, app.config.slack), { replayGuard: app.replayGuard, db: app.db, workspaces: app.workspaces }));
  }
  if (app.config.teams) {
    const { createTeamsAdapter } = await import('../adapters/teams/teams-adapter.ts');
    adapters.push(createTeamsAdapter(adapterInputs(app, app.config.teams), { sendBudget: app.sendBudget }));
  }
  const started: string[] = [];
  const http = createHttpApp(() => ({ platforms: adapters.map((a) => a.platform) }), {
    readiness: createReadinessCheck({ db: app.db, configuredPlatforms: adapters.map((a) => a.platform), startedPlatforms: () => started }),
    metrics: app.metrics,
    metricsToken: app.config.metricsToken,
  });
  for (const adapter of adapters) {
    app.messenger.register(adapter.platform, adapter.messenger);
    adapter.mount?.(http);
  }
  createDashboard(app, { baseUrl: `http://127.0.0.1:${app.config.port}` }).mount(http);
  await app.start();
  for (const adapter of adapters) {
    await adapter.start(); // Slack: auth.test
    started.push(adapter.platform);
  }
  const server = await listen(http, app.config.port, app.logger, listenHost(app));
  app.logger.info('service coach ready', { port: server.port, platforms: adapters.map((a) => a.platform) });
  await stopRequested;
  app.logger.info('shutting down');
  // Stop claiming jobs at once, while the requests already acked finish their answers; the
  // scheduler hands back what it cannot finish in its grace period (under 5 s in all).
  const schedulerStopped = app.scheduler.stop();
  await server.close();
  for (const adapter of adapters) await adapter.stop();
  await schedulerStopped;
  await app.stop();
  app.logger.info('stopped');
  return 0;
}

async function runConsole(app: CoachApp): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // The login stays the id (the records stay yours across runs); the name is only what you chose.
  const user = os.userInfo().username || 'you';
  const adapter = createConsoleAdapter(
    adapterInputs(app, {
      userId: user,
      userName: app.config.consoleName,
      // DEFAULT_TIMEZONE when set; else none, so promises, posts and stats all use the channel's zone.
      tz: app.config.consoleTimezone,
      filesDir: path.join(app.config.dataDir, 'exports'),
    }),
    { input: process.stdin, output: process.stdout, interactive },
  );
  app.messenger.register('console', adapter.messenger);
  await app.start();
  // A person at the terminal also gets the web dashboard, on this machine only, with a one-time
  // link (no Slack or Teams account needed). Piped runs (scripts) stay a plain chat unless asked.
  let dashboardServer: Awaited<ReturnType<typeof listen>> | undefined;
  const { inConsole } = app.config.dashboard;
  if (inConsole === 'on' || (inConsole === 'auto' && interactive)) {
    const http = createHttpApp(() => ({ platforms: ['console'] }));
    try {
      dashboardServer = await listen(http, app.config.port, app.logger, '127.0.0.1');
      // Mounted once the port is known: sign-in links and redirects name it.
      const dashboard = createDashboard(app, { baseUrl: `http://127.0.0.1:${dashboardServer.port}` });
      dashboard.mount(http);
      const link = await dashboard.createSignInLink({ platform: 'console', workspaceId: CONSOLE_WORKSPACE, userId: user, name: app.config.consoleName ?? user });
      process.stdout.write(`Dashboard: ${link}\n(one-time sign-in link, valid 15 minutes)\n`);
    } catch (error) {
      process.stdout.write(`The web dashboard could not start (${(error as Error).message}); the chat works as usual.\n`);
    }
  }
  const stop = () => void adapter.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await adapter.start();
  await adapter.finished();
  await dashboardServer?.close();
  // Deliver what the last commands set in motion (a stats chart is a job due now) before leaving.
  await app.scheduler.tick();
  await app.stop();
  if (interactive) process.stdout.write('Bye! Your settings and schedule are saved.\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Service Coach stopped on an unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
