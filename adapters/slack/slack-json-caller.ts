// A lean Slack Web API call for the coach's own sends (chat.postMessage, conversations.open): one
// JSON POST over a keep-alive connection, answer mapped to the core's delivery errors. WebClient
// (axios, p-queue, p-retry, form encoding) spent ~0.2 ms of CPU per call around the request, the
// largest single cost of sending a burst of 10,000 reminders; the scheduler already owns queueing,
// retries and rate-limit waits, so none of that machinery was doing anything for these calls.
// Everything else (uploads, users.info, Bolt's own calls) stays on WebClient.

import http from 'node:http';
import https from 'node:https';
import { slackDeliveryError } from './slack-errors.ts';

export type SlackCall = <T extends Record<string, unknown>>(method: string, body: Record<string, unknown>) => Promise<T & { ok: true }>;

export interface SlackJsonCallerOptions {
  token: string;
  /** Base URL ending in /api/ (https://slack.com/api/ in production). */
  apiUrl?: string;
  /** Give up on a call after this long; the scheduler retries it with backoff. */
  timeoutMs?: number;
  /** Connections kept open to Slack. */
  maxSockets?: number;
}

const SLACK_API = 'https://slack.com/api/';

export function createSlackJsonCaller(options: SlackJsonCallerOptions): SlackCall {
  const base = new URL(options.apiUrl ?? SLACK_API);
  const transport = base.protocol === 'http:' ? http : https;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const authorization = `Bearer ${options.token}`;

  return <T extends Record<string, unknown>>(method: string, body: Record<string, unknown>) =>
    new Promise<T & { ok: true }>((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const req = transport.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: `${base.pathname}${method}`,
          method: 'POST',
          agent,
          timeout: timeoutMs,
          headers: { authorization, 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(slackDeliveryError(method, { message: error.message })));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            let answer: { ok?: boolean; error?: string } | undefined;
            try {
              answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok?: boolean; error?: string };
            } catch {
              answer = undefined;
            }
            if (status === 429) {
              const retryAfterS = Number(res.headers['retry-after']);
              reject(slackDeliveryError(method, { rateLimited: true, retryAfterS: Number.isFinite(retryAfterS) ? retryAfterS : undefined }));
            } else if (status !== 200 || !answer) {
              reject(slackDeliveryError(method, { httpStatus: status }));
            } else if (answer.ok !== true) {
              reject(slackDeliveryError(method, { platformError: answer.error ?? 'unknown_error' }));
            } else {
              resolve(answer as T & { ok: true });
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => reject(slackDeliveryError(method, { message: error.message })));
      req.end(payload);
    });
}
