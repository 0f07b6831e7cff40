import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../adapters/console/console-adapter.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { dbGet } from '../../helpers/sql.ts';

/** The terminal, in process: type a line, wait until `expected` is on screen, return what it added. */
function openConsole(t: TestApp, filesDir: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d) => (screen += d));
  // No locale: the terminal does not know how this person writes dates.
  const adapter = new ConsoleAdapter({ input, output, clock: t.clock, userId: 'sam', userName: 'Sam', tz: 'Europe/London', interactive: false, filesDir });
  t.app.messenger.register('console', adapter.messenger);
  const session = adapter.run(t.app.coach);
  const type = async (line: string, expected: string): Promise<string> => {
    const from = screen.length;
    input.write(`${line}\n`);
    for (let i = 0; i < 200 && !screen.slice(from).includes(expected); i++) await new Promise((r) => setImmediate(r));
    return screen.slice(from);
  };
  const close = async () => {
    input.end();
    await session;
  };
  return { type, close };
}

const button = (answer: string, label: string): string | undefined => new RegExp(`\\[${label}\\] type (/do \\d+)`).exec(answer)?.[1];
const countPromises = async (t: TestApp) => ((await dbGet(t.app.db, 'SELECT COUNT(*) AS n FROM promises')) as { n: number }).n;

describe('due times that need a word from the person, in the terminal', () => {
  const tempDir = useTempDir();

  it('“by 3pm” typed at 16:40 offers “Yes, tomorrow 15:00”, and one press makes the promise', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-12-01T16:40:00Z' });
    const terminal = openConsole(t, tempDir());
    const refusal = await terminal.type('/promise-callback ACME-4411 by 3pm refund status', 'Something else');
    expect(refusal).toContain("3pm has already passed today (it's 16:40). Did you mean tomorrow 3pm?");
    expect(refusal).toContain('Nothing is saved until you pick one.');
    expect(await countPromises(t)).toBe(0);
    const yes = button(refusal, 'Yes, tomorrow 15:00');
    expect(yes).toBeDefined();

    const saved = await terminal.type(yes as string, 'Note:');
    expect(saved).toContain('callback promise #1 saved');
    expect(saved).toContain('Who: ACME-4411');
    expect(saved).toContain('Due: Wed 2 Dec, 15:00 GMT — in 22 h 20 min');
    expect(saved).toContain('Note: refund status');

    // The old button is still on screen: pressing it again makes no second promise.
    const again = await terminal.type(yes as string, 'Nothing changed');
    expect(again).toContain('That one is already saved: promise #1. Nothing changed.');
    expect(await countPromises(t)).toBe(1);
    await terminal.close();
    await t.app.stop();
  });

  it('“3/12” from someone whose date order is unknown is asked about; the button makes the promise', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-12-01T09:00:00Z' });
    const terminal = openConsole(t, tempDir());
    const question = await terminal.type('/promise-callback Dana Ruiz 3/12 10:00 boiler part', 'Something else');
    expect(question).toContain("Is 3/12 3 December or 12 March? I don't know how you write dates yet (12 March would be more than 30 days away).");
    expect(await countPromises(t)).toBe(0);
    const thursday = button(question, 'Thu 3 Dec 10:00');
    expect(thursday).toBeDefined();

    const other = await terminal.type(button(question, 'Something else') as string, 'For example');
    expect(other).toContain('type it again with the day and month spelled out');
    expect(await countPromises(t)).toBe(0);

    const saved = await terminal.type(thursday as string, 'Note:');
    expect(saved).toContain('callback promise #1 saved');
    expect(saved).toContain('Who: Dana Ruiz');
    expect(saved).toContain('Due: Thu 3 Dec, 10:00 GMT — in 2 d 1 h');
    expect(saved).toContain('Note: boiler part');
    await terminal.close();
    await t.app.stop();
  });
});
