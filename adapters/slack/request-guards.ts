// What the Slack endpoint checks before Bolt sees a request: a body it can read, a signed request
// that is not a replay (shared across replicas through the ReplayGuard), and an interactive
// payload shaped the way Slack sends them. Each answers fast, with a status and no body.

import { verifySlackRequest } from '@slack/bolt';
import type { NextFunction, Request, Response } from 'express';
import crypto from 'node:crypto';
import type { Logger } from '../../src/logger.ts';
import type { ReplayGuard } from '../../src/ports.ts';

/** Slack's largest payloads (a message event with 50 blocks, a modal submission) stay well under this. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function keepRawBody(req: Request, _res: Response, next: NextFunction): void {
  if (Buffer.isBuffer(req.body)) (req as Request & { rawBody?: Buffer }).rawBody = req.body;
  next();
}

/** Too large (413) or unreadable (400): a short status, never a stack trace. */
export function refuseUnreadableBody(error: { status?: number }, _req: Request, res: Response, _next: NextFunction): void {
  res.status(error.status === 413 ? 413 : 400).end();
}

/** Slack's window for a request's timestamp, which we enforce in both directions (Bolt only checks the past). */
const REQUEST_WINDOW_SECONDS = 5 * 60;

/**
 * Before Bolt: a validly signed request dated more than 5 minutes from now (either way) is refused
 * with 401, and one whose signature was already seen within the window is refused with 409 — a
 * captured request replayed, on this replica or another (the ReplayGuard lives in the store) — or,
 * when it is Slack's own retry of that request, acknowledged with an empty 200 and not run again.
 * Requests that are not validly signed go on to Bolt, which answers them 401 as before. Request
 * times are judged by the machine's clock, as Bolt judges them.
 */
export function refuseReplays(signingSecret: string, guard: ReplayGuard, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const signature = req.headers['x-slack-signature'];
    if (!raw || typeof signature !== 'string' || !Number.isFinite(timestamp)) return next();
    try {
      verifySlackRequest({ signingSecret, body: raw.toString('utf8'), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
    } catch {
      return next(); // forged or stale: Bolt refuses it
    }
    const nowSeconds = Date.now() / 1000;
    if (Math.abs(nowSeconds - timestamp) > REQUEST_WINDOW_SECONDS) {
      logger.warn('slack request refused: its timestamp is more than 5 minutes off', { skewSeconds: Math.round(timestamp - nowSeconds) });
      res.status(401).end();
      return;
    }
    // A hash, not the signature: nothing stored could be presented again.
    const key = crypto.createHash('sha256').update(signature).digest('base64url');
    const expiresAt = new Date((Math.max(timestamp, nowSeconds) + REQUEST_WINDOW_SECONDS + 60) * 1000);
    guard.firstSeen('slack', key, expiresAt).then(
      (first) => {
        if (first) return next();
        // Slack redelivering the very same request (a retry within the same second): acknowledge it
        // so Slack stops, but do nothing twice. Anyone else replaying it is refused.
        const retry = req.headers['x-slack-retry-num'] !== undefined;
        logger.warn('slack request refused: replayed signature', { ageSeconds: Math.round(nowSeconds - timestamp), slackRetry: retry });
        res.status(retry ? 200 : 409).end();
      },
      (error: Error) => {
        // The store is down: the coach cannot work anyway; Bolt's checks still hold.
        logger.error('could not check a slack request for replay', { error: error.message });
        next();
      },
    );
  };
}

/** Why an interactive payload is not one Slack sends (400), or 'ignore' for a kind the coach does not handle. */
// 'ok', 'ignore', or the reason (any other string) the payload is refused.
function checkInteractivePayload(payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return 'not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not an object';
  const body = parsed as { type?: unknown; user?: unknown; actions?: unknown };
  if (typeof body.type !== 'string') return 'no type';
  // Only buttons reach the coach; other kinds (shortcuts, modals) are acknowledged and left alone.
  if (body.type !== 'block_actions') return 'ignore';
  const user = body.user as { id?: unknown } | null | undefined;
  if (!user || typeof user !== 'object' || typeof user.id !== 'string' || !user.id) return 'no user';
  if (!Array.isArray(body.actions) || body.actions.length === 0) return 'no actions';
  const valid = (a: unknown) => Boolean(a) && typeof a === 'object' && typeof (a as { action_id?: unknown }).action_id === 'string' && (a as { action_id: string }).action_id !== '';
  if (!body.actions.every(valid)) return 'an action without an id';
  return 'ok';
}

/**
 * Before Bolt: a signed interactive payload that is not what Slack sends (`payload=null`, an array,
 * block_actions with no user or no actions, an empty action id, thousands of levels deep) gets a
 * 400 at once. Bolt would throw on some (a 500) and leave others unmatched until its 3-second
 * timeout (a 404). Kinds the coach has no use for get an empty 200, as Slack expects.
 */
export function refuseMalformedPayloads(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    if (!raw || !String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return next();
    const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
    if (payload === null) return next(); // a slash command
    const verdict = checkInteractivePayload(payload);
    if (verdict === 'ok') return next();
    if (verdict === 'ignore') {
      res.status(200).end();
      return;
    }
    logger.warn('slack interactive payload refused', { reason: verdict });
    res.status(400).end();
  };
}
