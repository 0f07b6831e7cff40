// Runs the coach as a real process (src/main.ts, the code `npm start` runs) with piped stdin.
import { spawn } from 'node:child_process';
import { nodeArgsFor, ROOT } from './node-script.ts';

export { ROOT };

export function runCoach(input: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgsFor('src/main.ts'), {
      cwd: ROOT,
      // A clean environment: no Slack/Teams settings leak in from the developer's shell or .env.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEFAULT_TIMEZONE: 'Europe/London', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
