// `npm start` in the terminal also serves the dashboard on 127.0.0.1 and prints a one-time link:
// a real coach process, no Slack or Teams account; the link signs you in once, as a manager.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeArgsFor, ROOT } from '../../helpers/node-script.ts';
import { CookieClient } from '../../helpers/dashboard-harness.ts';

describe('the dashboard from npm start in the terminal', () => {
  it('prints a one-time sign-in link that opens the overview, once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-coach-console-dash-'));
    const child = spawn(process.execPath, nodeArgsFor('src/main.ts'), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: path.join(dir, 'coach.db'), DEFAULT_TIMEZONE: 'Europe/London', PORT: '0', DASHBOARD_CONSOLE: 'on' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const link = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/dashboard\/link\/\S+)/.exec(stdout)?.[1];
          if (found) {
            clearInterval(timer);
            resolve(found);
          }
        }, 50);
        child.once('exit', (code) => {
          clearInterval(timer);
          reject(new Error(`the coach exited (${code}) before printing a link: ${stdout}`));
        });
      });
      expect(stdout).toContain('(one-time sign-in link, valid 15 minutes)');
      const base = new URL(link).origin;
      const page = await new CookieClient(base).request(link);
      expect(page.url).toBe(`${base}/dashboard`);
      expect(page.body).toContain('<h1>Overview</h1>');
      const again = await new CookieClient(base).request(link);
      expect(again.body).toContain('That sign-in link has been used or has expired.');
    } finally {
      child.stdin.end('/quit\n');
      await new Promise((resolve) => child.once('close', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
