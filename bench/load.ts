// autocannon, run in this (the benchmark's) process against servers in child processes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { median, round, type Figure } from './figures.ts';

const require = createRequire(import.meta.url);
// autocannon ships no types; this is the slice of its result the benchmark reads.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  mismatches: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** With `verifyBody`: responses whose body did not pass it. */
  mismatches: number;
  /** With `pid`: the server's CPU time (all threads) per answered request, in ms. */
  cpuMsPerRequest?: number;
}

export const CONNECTIONS = 16;
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** How a figure compared in rounds was summed up, for its note. */
export const ROUNDS_NOTE = `median of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}`;

/** A server under load and the requests it gets. */
export interface LoadTarget {
  url: string;
  request: () => { headers: Record<string, string>; body: string };
  /** A different body for each request (autocannon's setupRequest), e.g. a new conversation each time. */
  bodyFor?: (n: number) => string;
  /** A differently signed request each time (headers and body): the coach refuses a replayed Slack signature. */
  requestFor?: (n: number) => { headers: Record<string, string>; body: string };
  /** Checks each response body (autocannon counts failures as mismatches, not errors). */
  verifyBody?: (body: string) => boolean;
  /** The server's process id: its CPU time per request is reported too (Linux /proc). */
  pid?: number;
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux

/** User + system CPU time of a process (all its threads) in ms, or undefined off Linux. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1000;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of every PostgreSQL server process on this machine (the database's own share of a run),
 * in ms; read while the connections of interest are still open, since an exited backend's is gone.
 */
export function postgresServerCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    total += cpuMsOf(Number(entry)) ?? 0;
  }
  return total;
}

async function load(target: LoadTarget, duration: number): Promise<LoadResult> {
  const { url, request, bodyFor, requestFor, verifyBody } = target;
  let n = 0;
  const { headers, body } = request();
  const setupRequest = requestFor
    ? (req: Record<string, unknown>) => {
        const next = requestFor(n++);
        return { ...req, headers: { ...(req.headers as Record<string, string>), ...next.headers }, body: next.body };
      }
    : bodyFor
      ? (req: Record<string, unknown>) => ({ ...req, body: bodyFor(n++) })
      : undefined;
  const requests = setupRequest ? [{ method: 'POST', setupRequest }] : undefined;
  const cpuBefore = cpuMsOf(target.pid);
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration, pipelining: 1, ...(requests ? { requests } : {}), ...(verifyBody ? { verifyBody } : {}) });
  const cpuAfter = cpuMsOf(target.pid);
  const ok = result['2xx'];
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    mismatches: result.mismatches ?? 0,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && ok > 0 ? { cpuMsPerRequest: (cpuAfter - cpuBefore) / ok } : {}),
  };
}

/** A warm-up run (discarded), then the measured run. */
export async function measure(target: LoadTarget): Promise<LoadResult> {
  await load(target, WARMUP_S);
  return load(target, DURATION_S);
}

/** Several rounds of one server, summed up: the median round's throughput and latencies, the worst round's p99. */
export interface RoundsResult extends LoadResult {
  rounds: LoadResult[];
}

function summarize(rounds: LoadResult[]): RoundsResult {
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: Math.max(...rounds.map((r) => r.p99)),
    ok: sum((r) => r.ok),
    failed: sum((r) => r.failed),
    mismatches: sum((r) => r.mismatches),
    ...(rounds.every((r) => r.cpuMsPerRequest !== undefined) ? { cpuMsPerRequest: median(rounds.map((r) => r.cpuMsPerRequest as number)) } : {}),
    rounds,
  };
}

/**
 * Warm both servers up, then load them in turn, `ROUNDS` times. On a shared machine the noise
 * (a neighbour's burst, CPU frequency) comes and goes over seconds: alternating puts it on both
 * sides alike instead of on whichever ran second, and the ratio is the median of each round's.
 */
export async function compareInRounds(
  baseline: LoadTarget,
  subject: LoadTarget,
  afterWarmup?: () => Promise<unknown>,
): Promise<{ baseline: RoundsResult; subject: RoundsResult; ratio: number; ratios: number[] }> {
  await load(baseline, WARMUP_S);
  await load(subject, WARMUP_S);
  await afterWarmup?.();
  const base: LoadResult[] = [];
  const subj: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    base.push(await load(baseline, DURATION_S));
    subj.push(await load(subject, DURATION_S));
  }
  const ratios = subj.map((r, i) => r.rps / (base[i] as LoadResult).rps);
  return { baseline: summarize(base), subject: summarize(subj), ratio: median(ratios), ratios };
}

/** The subject's throughput as a share of the baseline's, against the ≥ 80 % target, with every round's share. */
export function throughputRatioFigure(section: string, name: string, ratio: number, ratios: readonly number[]): Figure {
  return {
    section,
    name,
    value: round(ratio * 100),
    unit: '%',
    target: '≥ 80 %',
    pass: ratio >= 0.8,
    note: `median round; rounds ${ratios.map((r) => round(r * 100)).join(', ')} %`,
  };
}

/** "0.42 ms CPU per request", or nothing where it could not be read. */
export function cpuNote(result: LoadResult): string {
  return result.cpuMsPerRequest === undefined ? '' : `; ${result.cpuMsPerRequest.toFixed(2)} ms CPU per request`;
}
