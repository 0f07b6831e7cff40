// The real coach (real SQLite file, real content, real scheduler) with a hand-moved clock and a
// recording messenger on every platform. Tests drive it through coach.handle() and scheduler.tick().
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { buildCoachApp, type CoachApp } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Actor, Address, Inbound, Platform } from '../../src/ports.ts';
import { FakeClock } from './fake-clock.ts';
import { RecordingMessenger } from './recording-messenger.ts';
import { seededRandom } from './seeded-random.ts';
import type { StoreDialect } from '../../src/store/open-store.ts';

export interface TestApp {
  app: CoachApp;
  clock: FakeClock;
  messenger: RecordingMessenger;
  dbFile: string;
  /** Close the db and open a new app on the same file: a restart. */
  restart(): Promise<TestApp>;
}

export async function startTestApp(options: {
  dir: string;
  start: string;
  env?: Record<string, string>;
  /** The store's DATABASE_URL (a file, or PostgreSQL); else a new store of `dialect` (SQLite by default). */
  dbFile?: string;
  dialect?: StoreDialect;
  clock?: FakeClock;
}): Promise<TestApp> {
  const dbFile =
    options.dbFile ??
    (options.dialect === 'postgres' ? await (await import('./test-store.ts')).freshPostgresUrl() : path.join(options.dir, 'coach.db'));
  const config = loadConfig({ DATABASE_URL: dbFile, DEFAULT_TIMEZONE: 'Europe/London', ...options.env }, path.resolve(import.meta.dirname, '../..'));
  const clock = options.clock ?? new FakeClock(options.start);
  const app = buildCoachApp({ config, clock, logger: silentLogger, random: seededRandom(42) });
  const messenger = new RecordingMessenger();
  for (const platform of ['console', 'slack', 'teams'] as Platform[]) app.messenger.register(platform, messenger);
  await app.start({ loop: false });
  return {
    app,
    clock,
    messenger,
    dbFile,
    restart: async () => {
      await app.stop();
      return startTestApp({ ...options, dbFile, clock });
    },
  };
}

export const alice: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_ALICE', name: 'Alice', tz: 'Europe/London' };
export const bob: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_BOB', name: 'Bob', tz: 'America/New_York' };
export const supportChannel: Address = { platform: 'slack', workspaceId: 'T1', key: 'C_SUPPORT', label: '#support' };

export function command(from: Actor, address: Address, command: string, text: string, at: Date): Inbound {
  return { kind: 'command', from, address, command, text, at };
}

/** All the visible text of an answer, for assertions that read like what a person sees. */
export function textOf(msg: { text: string; blocks: unknown[] }): string {
  return JSON.stringify(msg.blocks) + '\n' + msg.text;
}
