import { describe, expect, it } from 'vitest';
import { startConsoleSession } from '../../helpers/console-session.ts';
import { startTestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

describe('console adapter', () => {
  const tempDir = useTempDir();

  it('shows scheduled posts while the session is open, and buttons work as /do N', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T08:00:00Z' });
    const terminal = startConsoleSession(t, tempDir());
    const { input, session } = terminal;
    const settle = () => new Promise((r) => setImmediate(r));

    input.write('/coach subscribe 09:00 Europe/London\n');
    await settle();
    for (let i = 0; i < 5 && !terminal.screen.includes("You're subscribed"); i++) await settle();
    expect(terminal.screen).toContain("You're subscribed");

    t.clock.set('2026-11-23T09:00:00Z');
    await t.app.scheduler.tick();
    expect(terminal.screen).toContain('📣 Posted to #console');
    const button = /\[Got it 👍\] type (\/do \d+)/.exec(terminal.screen.slice(terminal.screen.lastIndexOf('📣')))?.[1];
    expect(button).toBeDefined();

    input.write(`${button}\n/do 99\nhello\n`);
    input.end();
    await session;
    expect(terminal.screen).toContain('1 person has acknowledged it');
    expect(terminal.screen).toContain('Noted, thanks!');
    expect(terminal.screen).toContain('There is no button 99');
    expect(terminal.screen).toContain('Commands start with a slash');
    await t.app.stop();
  });
});
