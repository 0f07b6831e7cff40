// `npm start` runs compiled JavaScript (dist/), built when sources changed. This runs exactly that
// path: the staleness check (which compiles on a fresh clone), then the compiled coach, piped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/node-script.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('npm start (compiled)', () => {
  const tempDir = useTempDir();

  it('builds when needed and runs the compiled coach: a promise, stats and the chart file', () => {
    // Built into a folder of its own, laid out like the checkout (dist/ beside package.json,
    // node_modules and assets), so the test never writes dist/ into the repository.
    const home = tempDir();
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(home, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, 'assets'), path.join(home, 'assets'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(home, 'package.json'));
    const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs', '--out-dir', path.join(home, 'dist')], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr + build.stdout).toBe(0);
    const main = path.join(home, 'dist', 'src', 'main.js');
    expect(fs.existsSync(main)).toBe(true);
    const dir = tempDir();
    const run = spawnSync(process.execPath, ['--enable-source-maps', main], {
      cwd: ROOT,
      input: '/coach today\n/promise-callback ACME-4411 in 2h refund status\n/coach stats\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: path.join(dir, 'coach.db'), DEFAULT_TIMEZONE: 'Europe/London' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Today's service principle");
    expect(run.stdout).toContain('callback promise #1 saved');
    const chart = /Saved to (\S+\.png)/.exec(run.stdout)?.[1];
    expect(chart && fs.readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');
  }, 300_000); // a full compile into a fresh folder: over a minute on a busy 2-core machine
});
