// The real console adapter on a test app, reading from a stream the test writes and printing to a
// buffer it reads: what a person types in the terminal and what they see.
import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { TestApp } from './test-app.ts';

export interface ConsoleSession {
  input: PassThrough;
  /** Resolves when the input ends and the last answer is printed. */
  session: Promise<void>;
  /** Everything printed since the start (or the last clear()). */
  readonly screen: string;
  clear(): void;
}

export function startConsoleSession(t: TestApp, filesDir: string, tz = 'Europe/London'): ConsoleSession {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d) => (screen += d));
  const adapter = new ConsoleAdapter({ input, output, clock: t.clock, userId: 'sam', userName: 'Sam', tz, interactive: false, filesDir });
  t.app.messenger.register('console', adapter.messenger);
  const session = adapter.run(t.app.coach);
  return {
    input,
    session,
    get screen() {
      return screen;
    },
    clear: () => {
      screen = '';
    },
  };
}
