// Child processes for the benchmark: start a script, read its first JSON line, stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { nodeArgsFor, ROOT } from '../test/helpers/node-script.ts';

export { ROOT };

// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every benchmark child there (open it in Chrome
// DevTools or speedscope) — how the figures in bench/README.md were traced to their causes.
const profileArgs = (): string[] => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);

export interface Child<T> {
  child: ChildProcess;
  ready: T;
  /** Resident set size now, in MB (Linux /proc; undefined elsewhere). */
  rssMb(): Promise<number | undefined>;
  stop(): Promise<number | null>;
}

/** Spawn `script` (compiled when the benchmark runs compiled, else via tsx) and resolve with the first JSON line it prints on stdout. */
export async function startChild<T>(script: string, env: Record<string, string> = {}, args: string[] = []): Promise<Child<T>> {
  const child = spawn(process.execPath, [...profileArgs(), ...nodeArgsFor(script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<T>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line && out.includes('\n')) resolve(JSON.parse(line) as T);
    });
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before it was ready:\n${stderr}`)));
  });
  return {
    child,
    ready,
    rssMb: () => readRssMb(child.pid),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function readRssMb(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Run a script to completion and parse the last JSON line it prints. */
export async function runChild<T>(script: string, env: Record<string, string> = {}, args: string[] = []): Promise<T> {
  const child = spawn(process.execPath, ['--expose-gc', ...profileArgs(), ...nodeArgsFor(script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-20_000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const last = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (code !== 0 || !last) throw new Error(`${script} failed (${code}):\n${err}`);
  return JSON.parse(last) as T;
}
