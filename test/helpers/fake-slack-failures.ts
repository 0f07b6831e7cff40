// Scripted failures of the fake Slack: "429 with Retry-After for the next N calls", "500 for N
// calls", "answer error X", or every call for a while (a timed outage), of one method or of any.

export type ScriptedFailure =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 }
  | { error: string };

interface Script {
  method?: string;
  remaining: number;
  failure: ScriptedFailure;
  /** A timed outage: fails every call from `from` until `until` (Date.now() ms), however many. */
  from?: number;
  until?: number;
}

/** How the fake answers a failed call: HTTP status, body, headers, and the mark its call record gets. */
export interface FailedAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  failed: string;
}

export class FailureScripts {
  private readonly scripts: Script[] = [];

  /** Fail the next `times` calls (of `method`, or of any method) with `failure`. */
  failNext(times: number, failure: ScriptedFailure, method?: string): void {
    this.scripts.push({ method, remaining: times, failure });
  }

  /** Fail every call (of `method`, or any) for `ms`, starting `afterMs` from now. */
  failFor(ms: number, failure: ScriptedFailure, method?: string, afterMs = 0): void {
    const from = Date.now() + afterMs;
    this.scripts.push({ method, remaining: Number.POSITIVE_INFINITY, failure, from, until: from + ms });
  }

  /** The failure this call of `method` meets now, if any (counting it against its script). */
  take(method: string, now: number): FailedAnswer | undefined {
    const script = this.scripts.find((s) => s.remaining > 0 && (!s.method || s.method === method) && (s.until === undefined || (now >= (s.from ?? 0) && now < s.until)));
    if (!script) return undefined;
    script.remaining -= 1;
    const { failure } = script;
    if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error }, failed: failure.error };
    if (failure.status === 429) return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.retryAfterSeconds) }, failed: '429' };
    return { status: 500, body: { ok: false, error: 'internal_error' }, failed: '500' };
  }
}
