// Slack API calls by method and answer, for /metrics: every call a WebClient makes and every call
// through the lean JSON caller the reminders use.

import { webApi } from '@slack/bolt';
import type { PlatformMetrics } from '../../src/metrics.ts';
import type { SlackCall } from './slack-json-caller.ts';

/** The fetch inside WebClient (web-api 8) that makes every HTTP call, retries included. */
type FetchFn = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Count every HTTP call a WebClient makes (Bolt's auth.test, users.info, chat.update, retries
 * included), by method and Slack's answer. WebClient binds its methods to apiCall when it is
 * built, so wrapping apiCall afterwards would miss them; its fetch sees them all.
 */
export function countCalls(client: webApi.WebClient, metrics: PlatformMetrics | undefined): void {
  if (!metrics) return;
  const methodOf = (url: string | URL) => String(url).replace(/[?#].*$/, '').replace(/^.*\//, '') || 'unknown';
  const holder = client as unknown as { fetchFn: FetchFn };
  const inner = holder.fetchFn;
  holder.fetchFn = async (url, init) => {
    let res: Response;
    try {
      res = await inner(url, init);
    } catch (error) {
      metrics.countApiCall('slack', methodOf(url), 'network');
      throw error;
    }
    // A clone: WebClient reads the body itself.
    const data = res.status === 200 ? await res.clone().text().catch(() => undefined) : undefined;
    metrics.countApiCall('slack', methodOf(url), answerStatus(res.status, data));
    return res;
  };
}

/** 'ok', Slack's error name (`channel_not_found`), or the HTTP status when the body says nothing. */
function answerStatus(status: number, data: unknown): string {
  if (status !== 200) return String(status);
  let body = data as { ok?: boolean; error?: string } | undefined;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data) as { ok?: boolean; error?: string };
    } catch {
      return String(status);
    }
  }
  return body?.ok ? 'ok' : body?.error ?? String(status);
}

export function countJsonCalls(call: SlackCall, metrics: PlatformMetrics | undefined): SlackCall {
  if (!metrics) return call;
  return (async (method: string, body: Record<string, unknown>) => {
    try {
      const result = await call(method, body);
      metrics.countApiCall('slack', method, 'ok');
      return result;
    } catch (error) {
      metrics.countApiCall('slack', method, callStatus(error));
      throw error;
    }
  }) as SlackCall;
}

/** A failed call's status label: Slack's error name, the HTTP status, 429, or "network". */
function callStatus(error: unknown): string {
  const e = error as { code?: string; statusCode?: number; data?: { error?: string }; retryAfterMs?: number; cause?: unknown } | undefined;
  if (e?.code === webApi.ErrorCode.RateLimitedError || e?.code === 'DELIVERY_RATE_LIMITED') return '429';
  if (e?.code === webApi.ErrorCode.PlatformError && e.data?.error) return e.data.error;
  if (e?.code === webApi.ErrorCode.HTTPError && e.statusCode) return String(e.statusCode);
  // The lean JSON caller's errors say it in their message: "Slack chat.postMessage: channel_not_found", "… failed: HTTP 500".
  const message = (error as Error)?.message ?? '';
  const http = /HTTP (\d{3})$/.exec(message)?.[1];
  if (http) return http;
  const named = /^Slack [\w.]+(?: failed)?: ([a-z_]+)$/.exec(message)?.[1];
  if (named) return named;
  return e?.code === webApi.ErrorCode.RequestError ? 'network' : 'error';
}
