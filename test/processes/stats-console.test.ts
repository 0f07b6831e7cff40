import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach } from '../helpers/run-coach-process.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('stats in the terminal (npm start, piped stdin)', () => {
  const tempDir = useTempDir();

  it('the local user is a manager: /coach stats prints the numbers and saves the chart PNG and the CSV', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: path.join(dir, 'coach.db') };
    const run = await runCoach('/coach today\n/do 1\n/coach stats\n/coach stats this week csv\n/coach me\n', env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Team stats — week \d{4}-W\d{2}/);
    expect(run.stdout).toContain('Acknowledged: 1');
    // Both files follow their answers as jobs; the chart takes longer to render, so order varies.
    const saved = [...run.stdout.matchAll(/Saved to (\S+)/g)].map((m) => m[1]!).sort((a, b) => path.extname(b).localeCompare(path.extname(a)));
    expect(saved.map((f) => path.extname(f))).toEqual(['.png', '.csv']);
    const png = fs.readFileSync(saved[0]!);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(fs.readFileSync(saved[1]!, 'utf8').split('\r\n')[1]).toMatch(/^\d{4}-W\d{2},\d{4}-\d{2}-\d{2},[^,]+,[^,]*,1,1,0,0,/);
    expect(run.stdout).toContain('Your own numbers');
    expect(run.stdout).not.toMatch(/\n\s+at /);
  }, 60_000);
});
