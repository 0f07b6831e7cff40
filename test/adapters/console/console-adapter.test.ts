import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../adapters/console/console-adapter.ts';
import { startTestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

describe('console adapter', () => {
  const tempDir = useTempDir();

  it('shows scheduled posts while the session is open, and buttons work as /do N', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T08:00:00Z' });
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (d) => (screen += d));
    const adapter = new ConsoleAdapter({ input, output, clock: t.clock, userId: 'sam', userName: 'Sam', tz: 'Europe/London', interactive: false, filesDir: tempDir() });
    t.app.messenger.register('console', adapter.messenger);
    const session = adapter.run(t.app.coach);
    const settle = () => new Promise((r) => setImmediate(r));

    input.write('/coach subscribe 09:00 Europe/London\n');
    await settle();
    for (let i = 0; i < 5 && !screen.includes("You're subscribed"); i++) await settle();
    expect(screen).toContain("You're subscribed");

    t.clock.set('2026-11-23T09:00:00Z');
    await t.app.scheduler.tick();
    expect(screen).toContain('📣 Posted to #console');
    const button = /\[Got it 👍\] type (\/do \d+)/.exec(screen.slice(screen.lastIndexOf('📣')))?.[1];
    expect(button).toBeDefined();

    input.write(`${button}\n/do 99\nhello\n`);
    input.end();
    await session;
    expect(screen).toContain('1 person has acknowledged it');
    expect(screen).toContain('Noted, thanks!');
    expect(screen).toContain('There is no button 99');
    expect(screen).toContain('Commands start with a slash');
    await t.app.stop();
  });
});
