// One HTTP server and port for every platform: Slack mounts POST /slack/events, Teams mounts
// POST /api/messages, so one process can serve a company that uses both. GET /healthz (alive) and
// GET /readyz (may take traffic) are for load balancers and orchestrators, unauthenticated and
// cheap; GET /metrics is Prometheus text, behind METRICS_TOKEN when one is set.

import crypto from 'node:crypto';
import http from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from '../../src/logger.ts';
import type { Readiness } from '../../src/readiness.ts';

/** An adapter that serves HTTP routes adds them here before the server starts listening. */
export interface HttpMountable {
  mount(app: Express): void;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export interface OpsEndpoints {
  readiness?: () => Promise<Readiness>;
  metrics?: { render(): Promise<{ contentType: string; body: string }> };
  /** When set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export function createHttpApp(health: () => Record<string, unknown>, ops: OpsEndpoints = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, ...health() });
  });
  const { readiness, metrics, metricsToken } = ops;
  if (readiness) {
    app.get('/readyz', async (_req, res) => {
      const state = await readiness();
      res.status(state.ready ? 200 : 503).json(state);
    });
  }
  if (metrics) {
    app.get('/metrics', async (req, res) => {
      if (metricsToken && !sameSecret(req.get('authorization') ?? '', `Bearer ${metricsToken}`)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'This endpoint needs Authorization: Bearer <METRICS_TOKEN>.' });
        return;
      }
      try {
        const { contentType, body } = await metrics.render();
        res.set('Content-Type', contentType).send(body);
      } catch (error) {
        // The store-backed gauges could not be read (the database is away): say so, do not crash.
        res.status(503).type('text/plain').send(`metrics unavailable: ${(error as Error)?.message ?? error}\n`);
      }
    });
  }
  return app;
}

/** Constant-time comparison, so the token cannot be guessed a character at a time from timings. */
function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** `host`: '0.0.0.0' for platforms (they call in from outside); '127.0.0.1' when only this machine may connect (Teams Emulator mode, the console's dashboard). */
export function listen(app: Express, port: number, logger: Logger, host = '0.0.0.0'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    // Slack gives up on a request after 3 s; do not let a slow client hold sockets forever.
    server.requestTimeout = 30_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      logger.info('http server listening', { port: actual, host });
      resolve({
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Let in-flight requests finish, but do not wait on idle keep-alive sockets.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
