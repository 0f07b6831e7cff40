// Coded errors, in the manner of Bolt's ErrorCode/CodedError: the core throws these, and every
// error boundary (Coach.handle, and one in each adapter) normalises whatever it caught with
// asCodedError, logs the code with context, and tells the person the words error-words.ts gives
// that code. Nothing a person reads is taken from an error's message.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONTENT_INVALID'
  | 'STORE_MIGRATION_FAILED'
  | 'STORE_UNREACHABLE'
  | 'STORE_COPY_REFUSED'
  | 'STORE_COPY_MISMATCH'
  | 'DELIVERY_FAILED'
  | 'DELIVERY_RATE_LIMITED'
  | 'ADDRESS_UNDELIVERABLE'
  | 'NOT_FOUND'
  /** Dashboard sign-in: the identity provider's answer could not be used. */
  | 'SIGN_IN_FAILED'
  /** A bug or a broken invariant (two features claim one command, a schedule with no next day…). */
  | 'INTERNAL';

export class CodedError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'CodedError';
  }
}

/** A platform asked us to slow down; `retryAfterMs` says for how long. The scheduler honours it. */
export class RateLimitedError extends CodedError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, message = 'rate limited') {
    super('DELIVERY_RATE_LIMITED', message);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Why an address refuses the coach's messages, in words the core acts on whatever the platform:
 * 'archived' (the channel was archived), 'removed' (the coach is no longer a member),
 * 'not_found' (the channel or account no longer exists), 'deactivated' (the person's account was
 * turned off), 'not_installed' (Teams: the app is not installed for that person or team),
 * 'refused' (anything else the platform will never accept), 'uninstalled' (the whole workspace
 * removed the app or its token stopped working: its work is already paused as a whole).
 */
export type UndeliverableReason = 'archived' | 'removed' | 'not_found' | 'deactivated' | 'not_installed' | 'refused' | 'uninstalled';

/** The platform will never accept messages to this address (Teams 403 roster, Slack channel_not_found…). */
export class UndeliverableError extends CodedError {
  readonly reason: UndeliverableReason;
  constructor(message: string, options?: { cause?: unknown; reason?: UndeliverableReason }) {
    super('ADDRESS_UNDELIVERABLE', message, options);
    this.reason = options?.reason ?? 'refused';
  }
}

export function isCoded(error: unknown, code: ErrorCode): error is CodedError {
  return error instanceof CodedError && error.code === code;
}

/**
 * Whatever a boundary caught, as a CodedError: coded errors pass through, anything else (a bug, a
 * library's own error) becomes INTERNAL with the original kept as its cause for the log.
 */
export function asCodedError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return new CodedError('INTERNAL', message, { cause: error });
}
