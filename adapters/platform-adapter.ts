// The one contract every platform adapter implements (Slack, Teams, the console), in the manner of
// bolt-js's Receiver (init/start/stop) and hubot's Adapter. Every adapter is built the same way, by a
// `create…Adapter(inputs, extras)` function from the same AdapterInputs (its own config section, the
// coach, the address book, the clock, the logger), and src/main.ts (the one composition root)
// registers its messenger, mounts its routes, starts and stops it. No side effects in constructors:
// connections, auth.test, sockets and reading stdin happen in start(). A new platform is one folder
// under adapters/ whose factory returns a PlatformAdapter.

import type { Express } from 'express';
import type { CoachApp } from '../src/app.ts';
import type { Logger } from '../src/logger.ts';
import type { PlatformMetrics } from '../src/metrics.ts';
import type { Actor, AddressBook, Block, Clock, Inbound, Messenger, Outbound, Platform } from '../src/ports.ts';

/** What an adapter needs of the coach (the Coach class satisfies it). */
export interface AdapterCoach {
  handle(inbound: Inbound): Promise<Outbound[]>;
  home(actor: Actor): Promise<Block[]>;
  commandNames(): string[];
}

/** The inputs every adapter is built from; `Section` is its own part of the configuration. */
export interface AdapterInputs<Section> {
  config: Section;
  coach: AdapterCoach;
  addressBook: AddressBook;
  clock: Clock;
  logger: Logger;
  /** Answer latency and API calls, for /metrics (servers only). */
  metrics?: PlatformMetrics;
}

export interface PlatformAdapter {
  platform: Platform;
  /** The core's own sends (scheduled posts, reminders) on this platform. */
  messenger: Messenger;
  /** HTTP routes on the shared server (Slack events, Teams messages); the console has none. */
  mount?(app: Express): void;
  start(): Promise<void>;
  /** Stop taking new work; in-flight requests finish. */
  stop(): Promise<void>;
}

/** The same inputs for every adapter, from the running coach app and the adapter's config section. */
export function adapterInputs<Section>(app: Pick<CoachApp, 'coach' | 'addressBook' | 'clock' | 'logger' | 'metrics'>, config: Section): AdapterInputs<Section> {
  return { config, coach: app.coach, addressBook: app.addressBook, clock: app.clock, logger: app.logger, metrics: app.metrics };
}
