// Out of office end to end in the terminal: away, the offer with its choices as commands, keeping a
// promise, /coach me, handing one over by command, and coming back.
import { describe, expect, it } from 'vitest';
import { startConsoleSession } from '../../helpers/console-session.ts';
import { startTestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

describe('out of office in the console', () => {
  const tempDir = useTempDir();

  it('away until Thursday offers the promise due meanwhile; Keep it, /coach me, handover by command, /coach back', async () => {
    // Monday 23 Nov 2026, 09:00 in London.
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const terminal = startConsoleSession(t, tempDir());
    const { input, session } = terminal;
    const settle = async (until: string) => {
      for (let i = 0; i < 50 && !terminal.screen.includes(until); i++) await new Promise((r) => setImmediate(r));
      expect(terminal.screen).toContain(until);
    };

    input.write('/promise-callback ACME-9 Wednesday 11am\n/coach away until Thursday\n');
    await settle('Keep it');
    expect(terminal.screen).toContain("🌴 Got it: you're away until the end of Thu 26 Nov. No reminders will come to you while you're away; /coach back ends it early.");
    expect(terminal.screen).toContain('#1 ACME-9 — due Wed 25 Nov, 11:00 GMT — in 2 d 2 h');
    expect(terminal.screen).toContain('[Hand #1 to…] type /promise-callback handover 1 @name');
    expect(terminal.screen).toMatch(/\[Reschedule to Fri 27 Nov, 09:00 GMT\] type \/do \d+ {3}\[Keep it\] type \/do \d+/);
    const keep = /\[Keep it\] type (\/do \d+)/.exec(terminal.screen)?.[1];

    input.write(`${keep}\n/coach me\n`);
    await settle('Out of office:');
    expect(terminal.screen).toContain("OK, promise #1 to ACME-9 stays yours. If it is still yours when it falls due while you're away, your team lead gets it as a handover request.");
    expect(terminal.screen).toContain("🌴 Out of office: you're away until the end of Thu 26 Nov. No reminders come to you then; /coach back ends it.");

    input.write('/promise-callback handover 1 @jo please call before noon\n');
    await settle('would like to hand you');
    expect(terminal.screen).toContain("I've asked @jo to take promise #1 to ACME-9. It stays yours until they accept; I'll tell you their answer.");
    expect(terminal.screen).toContain('💬 Direct message\n  🤝 @Sam would like to hand you callback promise #1 to ACME-9, due Wed 25 Nov, 11:00 GMT — in 2 d 2 h.');
    expect(terminal.screen).toContain('Note from @Sam: please call before noon');
    const accept = /\[Accept\] type (\/do \d+)/.exec(terminal.screen)?.[1];

    // The terminal has one person: the offer is Jo's to answer, not Sam's.
    input.write(`${accept}\n/coach back\n`);
    input.end();
    await session;
    expect(terminal.screen).toContain('This offer is for @jo; only they can answer it.');
    expect(terminal.screen).toContain("👋 Welcome back! Your reminders come to you again. /promise-callback list shows what's open.");
    await t.app.stop();
  });
});
