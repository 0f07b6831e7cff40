// What every feature is built from. Passed in explicitly: no singletons, no process.env.

import type { Config } from '../config.ts';
import type { Content } from '../content/load-content.ts';
import type { Logger } from '../logger.ts';
import type { Clock, Messenger } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import type { Random } from './rotation.ts';

export interface CoachDeps {
  db: Db;
  clock: Clock;
  content: Content;
  messenger: Messenger;
  logger: Logger;
  config: Config;
  random: Random;
}
