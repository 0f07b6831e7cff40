// Holidays, closed days and working hours in the terminal, through the real console adapter and a
// hand-moved clock: what a person types and what they read.
import { describe, expect, it } from 'vitest';
import { startConsoleSession } from '../../helpers/console-session.ts';
import { startTestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

describe('holidays and hours in the console', () => {
  const tempDir = useTempDir();

  it('sets India’s holidays and a closed day, shows them in the settings, and a night shift in /coach me', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-01-23T03:00:00Z' }); // Fri 23 Jan, 08:30 in Kolkata
    const terminal = startConsoleSession(t, tempDir(), 'Asia/Kolkata');
    const { input, session } = terminal;
    input.end(
      [
        '/coach subscribe 09:00 Asia/Kolkata weekdays',
        '/coach holidays IN',
        '/coach closed 2026-01-27',
        '/coach settings',
        '/coach hours 22:00-06:00 sun-thu',
        '/coach me',
        '/coach closed remove 2026-01-27',
        '',
      ].join('\n'),
    );
    await session;
    expect(terminal.screen).toContain('Done ✅ This channel now skips the public holidays of India. Next days skipped: Mon 26 Jan (Republic Day), Fri 3 Apr (Good Friday), Tue 14 Apr (Ambedkar Jayanti).');
    expect(terminal.screen).toContain('Done ✅ 27 Jan 2026 is a closed day here: no daily post or discussion then. Next days skipped: Mon 26 Jan (Republic Day), Tue 27 Jan (closed), Fri 3 Apr (Good Friday). Next post: Fri 23 Jan, 09:00 IST — in 30 min.');
    expect(terminal.screen).toContain('Holidays: India public holidays are skipped');
    expect(terminal.screen).toContain('Next days skipped: Mon 26 Jan (Republic Day), Tue 27 Jan (closed), Fri 3 Apr (Good Friday)');
    expect(terminal.screen).toContain('Done ✅ Your hours: Sun–Thu 22:00–06:00 (overnight), Asia/Kolkata time.');
    expect(terminal.screen).toContain('Your hours: Sun–Thu 22:00–06:00 (overnight) (Asia/Kolkata) · change them with /coach hours');
    expect(terminal.screen).toContain('Done ✅ 27 Jan 2026 is a working day again. Next days skipped: Mon 26 Jan (Republic Day), Fri 3 Apr (Good Friday), Tue 14 Apr (Ambedkar Jayanti). Next post: Fri 23 Jan, 09:00 IST — in 30 min.');

    // Friday's post comes; Monday, Republic Day, has none; Tuesday's does.
    const postedOn: Record<string, boolean> = {};
    for (const at of ['2026-01-23T03:30:00Z', '2026-01-26T03:30:00Z', '2026-01-27T03:30:00Z']) {
      terminal.clear();
      t.clock.set(at);
      await t.app.scheduler.tick();
      postedOn[at.slice(0, 10)] = terminal.screen.includes('📣 Posted to #console');
    }
    expect(postedOn).toEqual({ '2026-01-23': true, '2026-01-26': false, '2026-01-27': true });
    await t.app.stop();
  });
});
