// autocannon, run in this (the benchmark's) process against servers in child processes.
import { createRequire } from 'node:module';

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
}

export const CONNECTIONS = 16;
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);

/** A warm-up run (discarded), then the measured run, with the same settings for every server. */
export async function measure(
  url: string,
  request: () => { headers: Record<string, string>; body: string },
  afterWarmup?: () => Promise<unknown>,
  /** A different body for each request (autocannon's setupRequest), e.g. a new conversation each time. */
  bodyFor?: (n: number) => string,
  /** Checks each response body (autocannon counts failures as mismatches, not errors). */
  verifyBody?: (body: string) => boolean,
): Promise<LoadResult> {
  let n = 0;
  const run = (duration: number) => {
    const { headers, body } = request();
    const requests = bodyFor ? [{ method: 'POST', setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodyFor(n++) }) }] : undefined;
    return autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration, pipelining: 1, ...(requests ? { requests } : {}), ...(verifyBody ? { verifyBody } : {}) });
  };
  await run(WARMUP_S);
  await afterWarmup?.();
  const result = await run(DURATION_S);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'], failed: result.non2xx + result.errors + result.timeouts, mismatches: result.mismatches ?? 0 };
}
