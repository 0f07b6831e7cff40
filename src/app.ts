// Builds the platform-neutral coach from a Config: store, content, coach, scheduler, messenger
// router. Nothing starts until start(); stop() finishes in-flight jobs and closes the db cleanly.
// main.ts adds the adapters; tests build the same app with a fake clock.

import type { Config } from './config.ts';
import { loadContent, type Content } from './content/load-content.ts';
import { createLogger, type Logger } from './logger.ts';
import { MessengerRouter } from './messenger-router.ts';
import { systemClock, type Clock } from './ports.ts';
import { Scheduler, type JobSettledEvent } from './scheduler.ts';
import { sql } from 'kysely';
import { closeStore, createDb, migrateStore, type Db } from './store/open-store.ts';
import { startBackgroundCheckpointer, type BackgroundCheckpointer } from './store/background-checkpointer.ts';
import { Coach } from './coach/coach.ts';
import type { Random } from './coach/rotation.ts';
import { createAddressBook } from './store/address-book.ts';
import type { AddressBook, SendBudget } from './ports.ts';
import { createSendBudget } from './store/send-budget.ts';

/** WAL pages (4 KiB) before a commit checkpoints by itself: only if the background worker stops. */
const SAFETY_NET_CHECKPOINT_PAGES = 20_000;

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
}

export interface CoachApp {
  config: Config;
  clock: Clock;
  logger: Logger;
  db: Db;
  content: Content;
  messenger: MessengerRouter;
  /** Durable delivery data for adapters (Teams conversation references…). */
  addressBook: AddressBook;
  /** Send budgets every replica shares (PostgreSQL only; a lone SQLite process paces itself in memory). */
  sendBudget?: SendBudget;
  coach: Coach;
  scheduler: Scheduler;
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
    onConnectionError: (error) => logger.warn('lost a database connection; the pool opens a new one on the next query', { error: error.message }),
  });
  const messenger = new MessengerRouter();
  const coach = new Coach({ db, clock, content, messenger, logger, config, random: options.random ?? Math.random });
  const scheduler = new Scheduler({
    db,
    clock,
    logger,
    claimTime: options.claimTime,
    leaseMs: config.jobLeaseMs,
    retentionDays: config.jobRetentionDays,
    onJobSettled: options.onJobSettled,
  });
  coach.registerJobs(scheduler);
  let stopped = false;
  let checkpointer: BackgroundCheckpointer | undefined;
  return {
    config,
    clock,
    logger,
    db,
    content,
    messenger,
    addressBook: createAddressBook(db, clock),
    ...(config.database.dialect === 'postgres' ? { sendBudget: createSendBudget(db, clock) } : {}),
    coach,
    scheduler,
    async start({ loop = true } = {}) {
      await migrateStore(db, config.database);
      if (config.database.dialect === 'sqlite' && config.database.file !== ':memory:') {
        checkpointer = startBackgroundCheckpointer(config.database.file, { onError: (message) => logger.warn('background checkpoint failed', { error: message }) });
        // The worker does the copying; this larger threshold is only a safety net if it stops.
        await sql.raw(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`).execute(db);
      }
      await coach.start();
      if (loop) await scheduler.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await checkpointer?.stop();
      await closeStore(db);
    },
  };
}
