// The promise ladder's scheduled jobs: the reminders (heads-up, due, nudge, escalation to the
// leads), the automatic "missed" close, the one-time "a reminder could not be delivered" notice, and
// erasing customer details after the retention period. Each message goes out at most once per step,
// however often the scheduler retries a job.

import type { JobContext, JobOutcome, JobSpec } from '../../scheduler.ts';
import type { Job } from '../../store/jobs-repo.ts';
import { UndeliverableError } from '../../errors.ts';
import { agentOf, type CallbackPromise } from '../../store/promises-repo.ts';
import { purgeClosedPromises } from '../../store/promise-purge-repo.ts';
import { recordSentMarks } from '../../store/promise-events-repo.ts';
import { createReminderReads } from '../../store/reminder-reads.ts';
import { rowRecord } from '../../job-records.ts';
import { bothOf, notAway } from '../availability/away.ts';
import { withinHours } from '../availability/person-hours.ts';
import { routeToLeads } from '../availability/lead-routing.ts';
import type { CoachDeps } from '../deps.ts';
import { createHandovers } from './handover.ts';
import { closePromiseWithHistory } from './close-promise.ts';
import { isSuperseded, planPurge, PROMISE_JOBS, type LadderPayload, type LadderStep } from './ladder.ts';
import { renderEscalation, renderMissed, renderReminder, renderUndelivered } from './promise-messages.ts';
import { reminderPolicy, type UndeliveredPayload } from './reminder-policy.ts';

/** A reminder this late ran after downtime: it says so. */
export const LATE_NOTICE_MS = 2 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export function createPromiseJobs(deps: CoachDeps): Record<string, JobSpec> {
  const { db, messenger, logger, config } = deps;
  const ladder = config.ladder;
  const log = logger.child({ feature: 'promises' });
  const warnedNoLead = new Set<string>();
  // Who may get an escalation now: not away, and within their working hours.
  const isAvailable = bothOf(notAway(db), withinHours(db, config.defaultTimezone));
  const handovers = createHandovers(deps, isAvailable);
  const retentionMs = () => ladder.retentionDays * DAY_MS;
  // A burst's reminders share their reads (one query for many; see reminder-reads.ts).
  const reads = createReminderReads(db);

  /**
   * Send one message to one recipient at most once per step, even when the job is retried. The
   * "sent" mark is stored with the job's outcome (one commit, and one INSERT, for a whole group of
   * reminders).
   */
  const sendOnce = async (promiseId: number, key: string, { now, record }: JobContext, send: () => Promise<unknown>): Promise<boolean> => {
    if (await reads.sent(key)) return false;
    await send();
    record(rowRecord(recordSentMarks, { promiseId, at: now, to: key.slice(key.lastIndexOf('>') + 1), dedupeKey: key }));
    return true;
  };

  /**
   * DM the team leads who are available now, else post to the lead channel (see lead-routing.ts).
   * Returns what to tell the agent about it (undefined when nobody could be reached).
   */
  const escalate = async (p: CallbackPromise, key: string, context: JobContext, late: boolean): Promise<string | undefined> => {
    const { now } = context;
    const route = await routeToLeads({ db, config, isAvailable }, { platform: p.platform, workspaceId: p.workspaceId, agentId: p.agentId, agentName: p.agentName, zone: p.agentTz }, now);
    const msg = renderEscalation(p, now, late, route.reason);
    let told = 0;
    for (const lead of route.leads) {
      try {
        await sendOnce(p.id, `${key}>lead:${lead.userId}`, context, () => messenger.dm(lead, msg, { idempotencyKey: `${key}:lead:${lead.userId}` }));
        told += 1;
      } catch (error) {
        if (!(error instanceof UndeliverableError)) throw error;
        log.warn('escalation undeliverable to a lead', { promiseId: p.id, lead: lead.userId, error: error.message });
      }
    }
    if (route.channel) {
      const channel = route.channel;
      try {
        await sendOnce(p.id, `${key}>channel`, context, () => messenger.post(channel, msg, { idempotencyKey: `${key}:channel` }));
        told += 1;
      } catch (error) {
        if (!(error instanceof UndeliverableError)) throw error;
        log.warn('escalation undeliverable to the lead channel', { promiseId: p.id, error: error.message });
      }
    }
    if (told === 0) {
      const scope = `${p.platform}:${p.workspaceId}`;
      if (!warnedNoLead.has(scope)) {
        warnedNoLead.add(scope);
        log.warn('escalation has no lead to go to: set COACH_MANAGERS, /coach managers add, or COACH_LEAD_CHANNEL', { platform: p.platform, workspaceId: p.workspaceId });
      }
    }
    return told > 0 || route.leads.length + (route.channel ? 1 : 0) === 0 ? route.toldAgent : undefined;
  };

  const reminderJob = (step: Exclude<LadderStep, 'missed'>) => {
    const run = async (job: Job, context: JobContext): Promise<JobOutcome> => {
      const { now, lateMs } = context;
      const { promiseId, revision } = job.payload as LadderPayload;
      const p = await reads.promise(promiseId);
      if (!p || p.status !== 'open') return { status: 'skipped', note: 'promise closed' };
      if (p.revision !== revision) return { status: 'skipped', note: 'promise re-planned' };
      if (isSuperseded(step, p.dueAt, now, ladder)) return { status: 'skipped', note: 'a later reminder is already due' };
      const key = job.idempotencyKey ?? `${job.kind}:${job.id}`;
      const late = lateMs > LATE_NOTICE_MS;
      // Whoever holds it when it comes due is the one its outcome counts for.
      if (step !== 'headsup') await reads.markDueHolder(p.id);
      // Away: nothing goes to them; at the due time their team lead is asked to hand it over.
      const away = await reads.awayAt({ platform: p.platform, workspaceId: p.workspaceId, userId: p.agentId, at: now });
      if (away) return handovers.whileAway(p, away, step, context, sendOnce, late);
      const escalation = step === 'escalate' ? ((await escalate(p, key, context, late)) ?? 'No team lead could be reached, so nobody else was told.') : undefined;
      const msg = renderReminder(step, p, now, { lateBy: late ? lateMs : undefined, escalation });
      const sent = await sendOnce(p.id, `${key}>agent`, context, () => messenger.dm(agentOf(p), msg, { idempotencyKey: key }));
      return sent ? { status: 'done', note: late ? `sent ${Math.round(lateMs / 60_000)} min late` : undefined } : { status: 'skipped', note: 'already sent' };
    };
    return run;
  };

  const missedJob = async (job: Job, context: JobContext): Promise<JobOutcome> => {
    const { now, lateMs } = context;
    const { promiseId, revision } = job.payload as LadderPayload;
    const p = await reads.promise(promiseId);
    if (!p || p.status !== 'open') return { status: 'skipped', note: 'promise closed' };
    if (p.revision !== revision) return { status: 'skipped', note: 'promise re-planned' };
    await reads.markDueHolder(p.id);
    const closed = await closePromiseWithHistory(db, p, { status: 'missed', by: 'coach', event: { kind: 'missed', actorId: null, detail: {} } }, now, retentionMs());
    if (!closed) return { status: 'skipped', note: 'promise closed' };
    log.info('promise missed', { promiseId: p.id });
    const key = job.idempotencyKey ?? `${job.kind}:${job.id}`;
    // Away: they hear nothing now (their away days do not count against them in the stats).
    if (await reads.awayAt({ ...agentOf(closed), at: now })) return { status: 'done', note: 'agent away: not told' };
    await sendOnce(closed.id, `${key}>agent`, context, () => messenger.dm(agentOf(closed), renderMissed(closed, lateMs > LATE_NOTICE_MS), { idempotencyKey: key }));
    return { status: 'done' };
  };

  const purgeJob = async (job: Job, { now }: JobContext): Promise<JobOutcome> => {
    const { promiseId } = job.payload as { promiseId: number };
    const p = await reads.promise(promiseId);
    if (!p || p.purgedAt || !p.closedAt) return { status: 'skipped', note: 'nothing to erase' };
    const purgeAt = new Date(p.closedAt.getTime() + retentionMs());
    if (purgeAt.getTime() > now.getTime()) {
      // The retention period was lengthened since this was planned: wait until it is over.
      await planPurge(db, p, purgeAt, now);
      return { status: 'skipped', note: 'retention lengthened; re-planned' };
    }
    await purgeClosedPromises(db, new Date(now.getTime() - retentionMs()), now, p.id);
    return { status: 'done' };
  };

  /** A step given up after the platform kept failing: the agent hears it once, if still open. */
  const undeliveredJob = async (job: Job, context: JobContext): Promise<JobOutcome> => {
    const { promiseId, revision, step, failedAt } = job.payload as UndeliveredPayload;
    const p = await reads.promise(promiseId);
    if (!p || p.status !== 'open') return { status: 'skipped', note: 'promise closed' };
    if (p.revision !== revision) return { status: 'skipped', note: 'promise re-planned' };
    const key = job.idempotencyKey ?? `${job.kind}:${job.id}`;
    const sent = await sendOnce(p.id, `${key}>agent`, context, () => messenger.dm(agentOf(p), renderUndelivered(step, p, new Date(failedAt)), { idempotencyKey: key }));
    return sent ? { status: 'done' } : { status: 'skipped', note: 'already sent' };
  };

  return {
    [PROMISE_JOBS.headsup]: { handler: reminderJob('headsup'), policy: reminderPolicy(db, ladder, 'headsup') },
    [PROMISE_JOBS.due]: { handler: reminderJob('due'), policy: reminderPolicy(db, ladder, 'due') },
    [PROMISE_JOBS.nudge]: { handler: reminderJob('nudge'), policy: reminderPolicy(db, ladder, 'nudge') },
    [PROMISE_JOBS.escalate]: { handler: reminderJob('escalate'), policy: reminderPolicy(db, ladder, 'escalate') },
    // Closing as missed must happen, however long the platform is away: retried for a day.
    [PROMISE_JOBS.missed]: { handler: missedJob, policy: { maxAttempts: 100, baseBackoffMs: 30_000, maxBackoffMs: 15 * 60_000 } },
    [PROMISE_JOBS.undelivered]: { handler: undeliveredJob, policy: { maxAttempts: 20, baseBackoffMs: 30_000, maxBackoffMs: 15 * 60_000 } },
    [PROMISE_JOBS.purge]: purgeJob,
  };
}
