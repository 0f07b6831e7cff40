// What a failed Bot Framework connector call means for delivery. The SDK's HTTP pipeline already
// retries 429/503 after Retry-After (three times) and 5xx with backoff before an error reaches us;
// what is left is either "still throttled", "never going to work" (403 roster) or "try later".

export type ConnectorFailure =
  | { kind: 'roster'; status: number; detail: string }
  | { kind: 'rate-limited'; status: number; retryAfterMs: number }
  | { kind: 'other'; status?: number; detail: string };

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { status?: number; bodyAsText?: string | null; headers?: { get?(name: string): string | undefined } };
}

/** Teams answers 403 with code BotNotInConversationRoster when the app is not installed for that user or team. */
const ROSTER = /BotNotInConversationRoster|not part of the conversation roster|BotDisabledByAdmin/i;

export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function classifyConnectorError(error: unknown): ConnectorFailure {
  const e = (error ?? {}) as ErrorLike;
  const status = e.statusCode ?? e.response?.status;
  const detail = `${e.code ?? ''} ${e.message ?? ''} ${e.response?.bodyAsText ?? ''}`.trim();
  if (status === 403 && ROSTER.test(detail)) return { kind: 'roster', status, detail: 'BotNotInConversationRoster' };
  if (status === 429) {
    // Without Retry-After, wait a little more than one second: Teams' windows are per second.
    return { kind: 'rate-limited', status, retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after')) ?? 1_500 };
  }
  return { kind: 'other', status, detail: detail.slice(0, 300) };
}
