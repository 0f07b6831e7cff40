// The coach as a real server process (`node --import tsx src/main.ts`, what `npm start` runs) with
// Slack pointed at a loopback fake: for crash, shutdown and benchmark runs that need a real process
// to kill. Resolves once the process logs "service coach ready" with the port it listens on.
import { spawn, type ChildProcess } from 'node:child_process';
import { nodeArgsFor, ROOT } from './node-script.ts';

export interface CoachServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Every log line (JSON) the process wrote so far. */
  logs: string[];
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startCoachServer(env: Record<string, string>, options: { readyTimeoutMs?: number; nodeArgs?: string[] } = {}): Promise<CoachServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...nodeArgsFor('src/main.ts')], {
    cwd: ROOT,
    // A clean environment: nothing leaks in from the developer's shell or .env.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEFAULT_TIMEZONE: 'Europe/London', LOG_LEVEL: 'info', LOG_FORMAT: 'json', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let buffered = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coach did not get ready in time:\n${logs.join('\n')}`)), options.readyTimeoutMs ?? 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        if (line.includes('service coach ready')) {
          clearTimeout(timer);
          resolve(Number((JSON.parse(line) as { port: number }).port));
        }
      }
    });
    child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`coach exited (${code ?? signal}) before it was ready:\n${logs.join('\n')}`));
    });
  });
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, logs, exited };
}
