// Slack Web API errors → the core's delivery errors, so the durable scheduler does the right thing:
// a rate limit waits exactly Retry-After (nothing lost, nothing twice), an address Slack will never
// accept fails for good, anything else is retried with backoff. Messages never carry tokens.

import { webApi } from '@slack/bolt';
import { CodedError, RateLimitedError, UndeliverableError, type UndeliverableReason } from '../../src/errors.ts';

/** Slack errors that mean "this conversation will never take our messages", and why, for the core. */
const UNDELIVERABLE: ReadonlyMap<string, UndeliverableReason> = new Map([
  ['channel_not_found', 'not_found'],
  ['not_in_channel', 'removed'],
  ['is_archived', 'archived'],
  ['account_inactive', 'deactivated'],
  ['user_not_found', 'not_found'],
  ['user_disabled', 'deactivated'],
  ['cannot_dm_bot', 'refused'],
  ['team_access_not_granted', 'refused'],
]);

/** Slack errors that mean "this token no longer works" (revoked, expired, app removed). */
const TOKEN_REJECTED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired']);

/** The workspace's token was refused: nothing sent with it will work until the app is installed again. */
export class TokenRejectedError extends CodedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DELIVERY_FAILED', message, options);
    this.name = 'TokenRejectedError';
  }
}

interface SlackApiError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
  statusCode?: number;
}

/** The platform error string (`channel_not_found`), when Slack gave one. */
export function slackErrorName(error: unknown): string | undefined {
  const e = error as SlackApiError;
  return e?.code === webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
}

/** What went wrong with one call, whichever client made it. */
export interface SlackFailure {
  rateLimited?: boolean;
  retryAfterS?: number;
  /** Slack's error string from an `ok: false` answer (`channel_not_found`). */
  platformError?: string;
  httpStatus?: number;
  message?: string;
}

export function slackDeliveryError(method: string, failure: SlackFailure, cause?: unknown): Error {
  if (failure.rateLimited) return new RateLimitedError(Math.max(1, failure.retryAfterS ?? 1) * 1000, `Slack ${method} rate limited`);
  const name = failure.platformError;
  const reason = name ? UNDELIVERABLE.get(name) : undefined;
  if (reason) return new UndeliverableError(`Slack ${method}: ${name}`, { cause, reason });
  if (name && TOKEN_REJECTED.has(name)) return new TokenRejectedError(`Slack ${method} failed: ${name}`, { cause });
  const detail = name ?? (failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : failure.message ?? 'unknown error');
  return new CodedError('DELIVERY_FAILED', `Slack ${method} failed: ${detail}`, { cause });
}

/** A WebClient error → the core's delivery error. */
export function toDeliveryError(error: unknown, method: string): Error {
  const e = error as SlackApiError;
  return slackDeliveryError(
    method,
    {
      rateLimited: e?.code === webApi.ErrorCode.RateLimitedError,
      retryAfterS: e?.retryAfter,
      platformError: slackErrorName(error),
      httpStatus: e?.code === webApi.ErrorCode.HTTPError ? e.statusCode : undefined,
      message: (error as Error)?.message,
    },
    error,
  );
}

/** Run one Web API call, converting its failure. */
export async function callSlack<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDeliveryError(error, method);
  }
}
