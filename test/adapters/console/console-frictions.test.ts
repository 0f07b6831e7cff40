// What a new person met first in the terminal: the greeting, zones, a typo, stray markup.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../adapters/console/console-adapter.ts';
import { renderPrinciple } from '../../../src/coach/principle-message.ts';
import { runCoach } from '../../helpers/run-coach-process.ts';
import { startTestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

describe('the terminal, first day', () => {
  const tempDir = useTempDir();
  const db = () => ({ DATABASE_URL: path.join(tempDir(), 'coach.db') });

  it('greets the person by COACH_CONSOLE_NAME, never by the operating-system login', async () => {
    const named = await runCoach('', { ...db(), COACH_CONSOLE_NAME: 'Sam' });
    expect(named.stdout).toContain("👋 Hi Sam! I'm Service Coach.");
    const unnamed = await runCoach('', db());
    expect(unnamed.stdout).toContain("👋 Hi! I'm Service Coach.");
  });

  it('shows a promise in the channel’s zone when DEFAULT_TIMEZONE is not set, like the subscription', async () => {
    const result = await runCoach('/coach subscribe 09:00 America/New_York\n/promise-callback ACME-4411 tomorrow 10am refund\n/coach settings\n', {
      ...db(),
      TZ: 'UTC',
      DEFAULT_TIMEZONE: '',
    });
    expect(result.stdout).toContain('Weekdays at 09:00 (America/New_York)');
    expect(result.stdout).toMatch(/Due: \w{3} \d{1,2} \w{3}, 10:00 EST/);
    expect(result.stdout).not.toContain('UTC');
  });

  it('a mistyped /coahc gets “did you mean /coach?”', async () => {
    const result = await runCoach('/coahc today\n', db());
    expect(result.stdout).toContain('I don\'t know “/coahc” — did you mean /coach? Try /coach help.');
  });

  it('shows a book title in italics without the raw underscores', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T08:00:00Z' });
    const output = new PassThrough();
    let screen = '';
    output.on('data', (d) => (screen += d));
    const adapter = new ConsoleAdapter({ input: new PassThrough(), output, clock: t.clock, userId: 'sam', interactive: false, filesDir: tempDir() });
    const principle = t.app.content.principles.find((p) => p.source?.startsWith('Rules to Break'))!;
    await adapter.messenger.post(adapter.address, renderPrinciple(principle, { localDate: '2026-11-23', visibility: 'channel' }));
    expect(screen).toContain('— Don Peppers & Martha Rogers, Rules to Break & Laws to Follow');
    expect(screen).not.toContain('_Rules');
    await t.app.stop();
  });
});
