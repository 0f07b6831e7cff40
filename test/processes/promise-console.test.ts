import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach } from '../helpers/run-coach-process.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('callback promises in the terminal (npm start, piped stdin)', () => {
  const tempDir = useTempDir();

  it('confirms a promise and lists it, across runs', async () => {
    const env = { DATABASE_URL: path.join(tempDir(), 'coach.db') };
    const first = await runCoach('/promise-callback ACME-4411 in 2h refund status\n/promise-callback list\n', env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('callback promise #1 saved');
    expect(first.stdout).toContain('Who: ACME-4411');
    expect(first.stdout).toMatch(/Due: \w{3} \d{1,2} \w{3}, \d{2}:\d{2} GMT — in 2 h/);
    expect(first.stdout).toContain('Note: refund status');
    expect(first.stdout).toMatch(/\[Done ✅\] type \/do \d+/);
    expect(first.stdout).toContain('Tip:');
    // "in 2h" is due exactly two hours after the coach's clock read the line (to the millisecond),
    // and relative times round to the nearest minute: the list read next in the same run says "2 h".
    expect(first.stdout).toMatch(/Your open promises \(1\)\s+#1 ACME-4411 — .* — in 2 h · refund status/);
    const second = await runCoach('/promise-callback list\n/promise-callback done 1\n/promise-callback list\n', env);
    expect(second.stdout).toContain('#1 ACME-4411');
    expect(second.stdout).toContain('kept ✅');
    expect(second.stdout).toContain('No open promises');
    expect(second.stdout).not.toMatch(/\n\s+at /);
  }, 60_000);
});
