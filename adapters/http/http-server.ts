// One HTTP server and port for every platform: Slack mounts POST /slack/events, Teams mounts
// POST /api/messages, so one process can serve a company that uses both. GET /healthz is for
// load balancers and uptime checks.

import http from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from '../../src/logger.ts';

/** An adapter that serves HTTP routes adds them here before the server starts listening. */
export interface HttpMountable {
  mount(app: Express): void;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function createHttpApp(health: () => Record<string, unknown>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, ...health() });
  });
  return app;
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
