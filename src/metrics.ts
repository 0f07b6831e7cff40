// The coach's Prometheus metrics (prom-client), one registry per app so tests and replicas never
// share counters. Counters count what this process did (per replica); gauges about the database
// (jobs waiting, promises open) are read from the store at scrape time, so every replica reports
// the same shared figure. Adapters record answer latency and platform calls through the narrow
// PlatformMetrics interface; the scheduler reports each job run through onJobSettled.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock, Platform } from './ports.ts';
import type { JobSettledEvent } from './scheduler.ts';
import type { Db } from './store/open-store.ts';
import { countLiveJobs, countOpenPromises } from './store/ops-queries.ts';

/** What an adapter records: how fast a person got an answer, and each call it made to its platform. */
export interface PlatformMetrics {
  /** A Slack slash command, from its arrival to its first answer (in the ack or via response_url). */
  observeSlashCommand(command: string, seconds: number): void;
  /** A Teams message, from the turn's start to its answers sent. */
  observeTeamsMessage(seconds: number): void;
  /** One call to a platform's API: `status` is 'ok', an HTTP status, or the platform's error name. */
  countApiCall(platform: Platform, method: string, status: string): void;
}

export interface CoachMetrics extends PlatformMetrics {
  registry: Registry;
  onJobSettled(event: JobSettledEvent): void;
  /** The text exposition, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'service_coach_';

export function createCoachMetrics(options: { db: Db; clock: Clock; defaults?: boolean }): CoachMetrics {
  const { db, clock } = options;
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });

  new Gauge({
    name: `${PREFIX}jobs`,
    help: 'Jobs waiting or running, by kind and state (pending, due, running); read from the shared store.',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await countLiveJobs(db, clock.now())) {
        this.set({ kind: row.kind, state: 'pending' }, row.pending);
        this.set({ kind: row.kind, state: 'due' }, row.due);
        this.set({ kind: row.kind, state: 'running' }, row.running);
      }
    },
  });
  new Gauge({
    name: `${PREFIX}promises`,
    help: 'Callback promises still open, and those past their deadline (overdue); read from the shared store.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { open, overdue } = await countOpenPromises(db, clock.now());
      this.set({ state: 'open' }, open);
      this.set({ state: 'overdue' }, overdue);
    },
  });
  const lateness = new Histogram({
    name: `${PREFIX}job_lateness_seconds`,
    help: 'How late a job ran after its due time, by kind.',
    labelNames: ['kind'] as const,
    buckets: [0.5, 1, 2, 5, 15, 60, 300, 900, 3600, 4 * 3600],
    registers: [registry],
  });
  const runs = new Counter({
    name: `${PREFIX}job_runs_total`,
    help: 'Job runs in this process, by kind and outcome (done, skipped, failed, retry, rate_limited, released).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: `${PREFIX}job_failures_total`,
    help: 'Job runs that failed (given up or to be retried), by kind and error code.',
    labelNames: ['kind', 'code'] as const,
    registers: [registry],
  });
  const rateLimitWaits = new Counter({
    name: `${PREFIX}rate_limit_waits_total`,
    help: 'Jobs put back because a platform asked the coach to slow down (429), by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  // Slack allows 3 s for the ack: the buckets are dense below that.
  const slashCommands = new Histogram({
    name: `${PREFIX}slack_command_seconds`,
    help: 'Time from a Slack slash command arriving to its first answer, by command.',
    labelNames: ['command'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10],
    registers: [registry],
  });
  const teamsMessages = new Histogram({
    name: `${PREFIX}teams_message_seconds`,
    help: 'Time from a Teams message arriving to its answers sent.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15],
    registers: [registry],
  });
  const apiCalls = new Counter({
    name: `${PREFIX}platform_api_calls_total`,
    help: 'Calls to Slack and Teams APIs from this process, by platform, method and status.',
    labelNames: ['platform', 'method', 'status'] as const,
    registers: [registry],
  });

  return {
    registry,
    onJobSettled(event) {
      runs.inc({ kind: event.kind, outcome: event.outcome });
      if (event.outcome !== 'released') lateness.observe({ kind: event.kind }, event.lateMs / 1000);
      if (event.outcome === 'failed' || event.outcome === 'retry') failures.inc({ kind: event.kind, code: event.errorCode ?? 'unknown' });
      if (event.outcome === 'rate_limited') rateLimitWaits.inc({ kind: event.kind });
    },
    observeSlashCommand(command, seconds) {
      slashCommands.observe({ command }, seconds);
    },
    observeTeamsMessage(seconds) {
      teamsMessages.observe(seconds);
    },
    countApiCall(platform, method, status) {
      apiCalls.inc({ platform, method, status });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
