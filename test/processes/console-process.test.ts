import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach } from '../helpers/run-coach-process.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('npm start in a terminal (console adapter, piped stdin)', () => {
  const tempDir = useTempDir();

  it('answers piped commands, creates its SQLite file, and exits 0 at end of input', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'data', 'coach.db');
    const result = await runCoach('/coach today\n/coach help principles\n/coach subscribe 09:00 Europe/London\n/coach launch\n', { DATABASE_URL: `sqlite:${db}` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("I'm Service Coach");
    expect(result.stdout).toContain("Today's service principle");
    expect(result.stdout).toMatch(/\[Got it 👍\] type \/do 1/);
    expect(result.stdout).toContain('/coach subscribe [HH:MM] [timezone] [weekdays|daily|days]');
    expect(result.stdout).toContain("You're subscribed");
    expect(result.stdout).toContain("I don't know /coach launch");
    expect(result.stdout).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    expect(fs.existsSync(db)).toBe(true);
  });

  it('remembers the subscription and today’s principle across runs', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: path.join(dir, 'coach.db') };
    const first = await runCoach('/coach subscribe 07:45 America/New_York daily\n/coach today\n', env);
    const second = await runCoach('/coach settings\n/coach today\n', env);
    expect(second.stdout).toContain('Every day at 07:45 (America/New_York)');
    const quote = (out: string) => /“([^”]+)”/.exec(out.slice(out.indexOf("Today's service principle")))?.[1];
    expect(quote(second.stdout)).toBe(quote(first.stdout));
  });

  it('a broken content file stops the start, naming the file, the item and the problem', async () => {
    const dir = tempDir();
    const extra = path.join(dir, 'team.json');
    fs.writeFileSync(extra, JSON.stringify({ items: [{ id: 'team-one', kind: 'tip', text: '', themes: ['listening'], howToUse: 'x' }] }));
    const result = await runCoach('/coach today\n', { DATABASE_URL: path.join(dir, 'coach.db'), CONTENT_EXTRA_FILE: extra });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('team.json');
    expect(result.stderr).toContain('team-one');
    expect(result.stdout).not.toContain("Today's service principle");
  });

  it('reports every configuration problem at once, without a stack trace', async () => {
    const dir = tempDir();
    const result = await runCoach('', { DATABASE_URL: path.join(dir, 'c.db'), DEFAULT_TIMEZONE: 'Mars/Base', PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DEFAULT_TIMEZONE');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).not.toContain('xoxb-1');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
