// Builds the platform-neutral coach from a Config: store, content, coach, scheduler, messenger
// router. Nothing starts until start(); stop() finishes in-flight jobs and closes the db cleanly.
// main.ts adds the adapters; tests build the same app with a fake clock.

import type { Config } from './config.ts';
import { loadContent, type Content } from './content/load-content.ts';
import { createLogger, type Logger } from './logger.ts';
import { MessengerRouter } from './messenger-router.ts';
import { systemClock, type Clock, type Messenger } from './ports.ts';
import { Scheduler, type JobSettledEvent } from './scheduler.ts';
import { closeStore, createDb, migrateStore, type Db } from './store/open-store.ts';
import { Coach } from './coach/coach.ts';
import { watchDeliveries } from './coach/delivery-watch.ts';
import type { Random } from './coach/rotation.ts';
import { createAddressBook } from './store/address-book.ts';
import { createSendBudget } from './store/send-budget.ts';
import { createReplayGuard } from './store/seen-requests-repo.ts';
import type { AddressBook, ReplayGuard, SendBudget } from './ports.ts';
import { createCoachMetrics, type CoachMetrics } from './metrics.ts';
import { startHeartbeat, type Heartbeat } from './heartbeat.ts';
import { createWorkspaceLifecycle, type WorkspaceLifecycle } from './workspace-lifecycle.ts';
import { WORKSPACE_FORGET_JOB, createWorkspaceForgetHandler } from './workspace-retention.ts';

export interface CoachAppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  random?: Random;
  /** Already-loaded content (tests); otherwise read from config.contentDir. */
  content?: Content;
  /** Whose clock decides what is due: main.ts says 'database' on PostgreSQL (several replicas); tests keep theirs. */
  claimTime?: 'database' | 'clock';
  /** Every job's outcome and lateness (metrics hang on this). */
  onJobSettled?: (event: JobSettledEvent) => void;
  /** Without: a registry of this app's own, without Node's process metrics (main.ts adds those). */
  metrics?: CoachMetrics;
  /** Also export Node's process metrics (CPU, memory, event loop): what a server wants. */
  processMetrics?: boolean;
}

export interface CoachApp {
  config: Config;
  clock: Clock;
  logger: Logger;
  db: Db;
  content: Content;
  messenger: MessengerRouter;
  /** What the features send through: the router, watched for addresses a platform refuses for good. */
  sender: Messenger;
  /** Durable delivery data for adapters (Teams conversation references…). */
  addressBook: AddressBook;
  /** Send budgets every replica shares (PostgreSQL only; a lone SQLite process paces itself in memory). */
  sendBudget?: SendBudget;
  /** Signed requests already handled, shared across replicas: replays are refused. */
  replayGuard: ReplayGuard;
  coach: Coach;
  scheduler: Scheduler;
  /** Prometheus metrics (served at /metrics by the HTTP server). */
  metrics: CoachMetrics;
  /** A workspace installed, uninstalled, or cut off: its work paused or resumed as a whole. */
  workspaces: WorkspaceLifecycle;
  /** Run feature start-up work; with `loop`, also start the once-a-second scheduler loop. */
  start(options?: { loop?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export function buildCoachApp(options: CoachAppOptions): CoachApp {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel ?? 'info', pretty: config.logPretty });
  // Content first: a bad content file should stop the start before anything touches the db.
  const content = options.content ?? loadContent({ dir: config.contentDir, extraFile: config.contentExtraFile });
  // Connects lazily: nothing touches the database until start() runs the migrations.
  const db = createDb(config.database, {
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
    onConnectionError: (error) => logger.warn('lost a database connection; the pool opens a new one on the next query', { error: error.message }),
  });
  const messenger = new MessengerRouter();
  // Features send through the delivery watch: an address a platform refuses for good is reported
  // once and a channel's schedule paused, on every platform, here in the core.
  const watched = watchDeliveries(messenger, { db, config, clock, logger });
  const coach = new Coach({ db, clock, content, messenger: watched, logger, config, random: options.random ?? Math.random });
  const metrics = options.metrics ?? createCoachMetrics({ db, clock, defaults: options.processMetrics ?? false });
  const scheduler = new Scheduler({
    db,
    clock,
    logger,
    claimTime: options.claimTime,
    leaseMs: config.jobLeaseMs,
    retentionDays: config.jobRetentionDays,
    onJobSettled: (event) => {
      metrics.onJobSettled(event);
      options.onJobSettled?.(event);
    },
  });
  coach.registerJobs(scheduler);
  scheduler.register(WORKSPACE_FORGET_JOB, createWorkspaceForgetHandler({ db, logger }));
  let stopped = false;
  let heartbeat: Heartbeat | undefined;
  return {
    config,
    clock,
    logger,
    db,
    content,
    messenger,
    sender: watched,
    addressBook: createAddressBook(db, clock),
    ...(config.database.dialect === 'postgres' ? { sendBudget: createSendBudget(db, clock) } : {}),
    // The machine's clock: request timestamps are judged by it (as Bolt judges them), not a test clock.
    replayGuard: createReplayGuard(db, systemClock),
    coach,
    scheduler,
    metrics,
    workspaces: createWorkspaceLifecycle({ db, clock, logger, replan: () => coach.start(), retentionDays: config.ladder.retentionDays }),
    async start({ loop = true } = {}) {
      await migrateStore(db, config.database);
      // SQLite checkpoints its WAL inside commits, as it does by default. A worker thread that did
      // it instead (removed) measured p99 /promise-callback 9–13 ms instead of 20–22 ms, and 860
      // instead of 450 commands/s, in a burst of 4,000 on one process: nothing a person notices
      // next to Slack's own round trip, and a team sends a few commands a minute.
      // From here on db:restore knows this database is in use.
      heartbeat = await startHeartbeat(db, { onError: (message) => logger.warn('could not record that the coach is running', { error: message }) });
      await coach.start();
      if (loop) await scheduler.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await heartbeat?.stop();
      await closeStore(db);
    },
  };
}
