// What main.ts needs from a chat-platform adapter (Slack, Teams): a Messenger for the core's own
// sends, HTTP routes to mount on the shared server, and explicit start/stop (no side effects in
// constructors: connections, auth.test and sockets happen in start()).

import type { Express } from 'express';
import type { Messenger, Platform } from '../src/ports.ts';

export interface PlatformAdapter {
  platform: Platform;
  messenger: Messenger;
  mount(app: Express): void;
  start(): Promise<void>;
  /** Stop taking new work; in-flight requests finish. */
  stop(): Promise<void>;
}
