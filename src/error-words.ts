// The one table from an error's code to the words a person sees when their command, button or
// page failed with it. Warm, short, and never the error's own message (that can hold ids, SQL or a
// URL): the details go to the log, the person hears what happened to their request and what to do.

import { asCodedError, type ErrorCode } from './errors.ts';

const SOMETHING_WENT_WRONG = 'Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.';

export const ERROR_WORDS: Readonly<Record<ErrorCode, string>> = {
  INTERNAL: SOMETHING_WENT_WRONG,
  CONFIG_INVALID: SOMETHING_WENT_WRONG,
  CONTENT_INVALID: SOMETHING_WENT_WRONG,
  STORE_MIGRATION_FAILED: SOMETHING_WENT_WRONG,
  STORE_UNREACHABLE: "Sorry, I can't reach my database right now, so nothing was changed. Please try again in a minute.",
  STORE_COPY_REFUSED: SOMETHING_WENT_WRONG,
  STORE_COPY_MISMATCH: SOMETHING_WENT_WRONG,
  NOT_FOUND: SOMETHING_WENT_WRONG,
  DELIVERY_FAILED: "Sorry, I couldn't send that message just now. Please try again in a moment.",
  DELIVERY_RATE_LIMITED: 'The chat platform asked me to slow down for a moment. Please try again in a minute.',
  ADDRESS_UNDELIVERABLE: "I can't post there any more (the channel may be archived, or I was removed from it).",
  SIGN_IN_FAILED: 'Sign-in did not work. Please try again.',
};

/** The words for whatever a boundary caught. */
export function errorWords(error: unknown): string {
  return ERROR_WORDS[asCodedError(error).code];
}
