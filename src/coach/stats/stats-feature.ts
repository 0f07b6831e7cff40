// `/coach stats [this week|last week|YYYY-Www] [#channel] [csv]` for managers, answered privately:
// the numbers as a message, then the eight-week chart (or the CSV) as a file to the manager only.
// Also the weekly digest job and its start-up self-repair.

import type { Actor, Address, Outbound } from '../../ports.ts';
import type { JobOutcome } from '../../scheduler.ts';
import { scheduleJob, type Job } from '../../store/jobs-repo.ts';
import { findChannel } from '../../store/channels-repo.ts';
import { statsSubject } from '../../store/job-subjects.ts';
import type { CoachDeps } from '../deps.ts';
import type { CommandInbound, Feature } from '../feature.ts';
import { parseChannelMention } from '../mentions.ts';
import { echo, problem } from '../messages.ts';
import { isManager, listManagers, managersOnly } from '../roles.ts';
import { DIGEST_JOB, planDigest, planDigestIfMissing } from '../digest-plan.ts';
import { teamZone } from '../team-zone.ts';
import { MAX_DIGEST_LATENESS_MS, createDigestHandler, ensureDigest, knownManagers } from './digest-job.ts';
import { isoWeekOf, parseIsoWeek, shiftWeek, type IsoWeek } from './iso-week.ts';
import { PROMISE_SOURCE } from './promise-source.ts';
import { MY_WEEK_HELP, createMyWeekCommand } from './my-week.ts';
import { statsCsv } from './stats-csv.ts';
import { renderStatsMessage, TREND_WEEKS } from './stats-message.ts';
import { CHART_WEEKS, teamChartFile } from './team-chart.ts';
import { statsForWeeks, type StatsScope } from './weekly-stats.ts';

const STATS_EXAMPLE = '/coach stats last week';
export const STATS_FILE_JOB = 'stats.file';

interface StatsFilePayload {
  actor: Actor;
  weekKey: string;
  zone: string;
  channelKey?: string;
  scopeLabel: string;
  csv: boolean;
}
/** The CSV covers the week asked about and the four before it (the weeks the trend compares). */
export const CSV_WEEKS = 5;

interface StatsRequest {
  /** 'this', 'last', or a week the person typed (read by the week parser). */
  which: string;
  channelKey?: string;
  csv: boolean;
}

export function parseStatsArgs(args: string, platform: Address['platform']): StatsRequest | { error: string } {
  const tokens = args.split(/\s+/).filter(Boolean);
  const request: StatsRequest = { which: 'this', csv: false };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const lower = token.toLowerCase();
    const nextIsWeek = tokens[i + 1]?.toLowerCase() === 'week';
    if ((lower === 'this' || lower === 'last') && nextIsWeek) {
      request.which = lower;
      i++;
    } else if (lower === 'csv') request.csv = true;
    else if (/^\d{4}-?w\d{1,2}$/i.test(token)) request.which = token.toUpperCase();
    else if (parseChannelMention(token, platform)) request.channelKey = parseChannelMention(token, platform);
    else return { error: `I didn't understand “${echo(token)}”. Ask for this week, last week or a week like 2026-W47, optionally a #channel and csv.` };
  }
  return request;
}

export function createStatsFeature(deps: CoachDeps): Feature {
  const { db, clock, config, messenger, logger } = deps;
  const promises = PROMISE_SOURCE;
  const withPromises = promises !== undefined;

  const stats = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    const now = clock.now();
    if (!await isManager(db, config, from)) return [await managersOnly(deps, from)];
    const request = parseStatsArgs(args, from.platform);
    if ('error' in request) return [problem(request.error, STATS_EXAMPLE)];
    const scope: StatsScope = { platform: from.platform, workspaceId: from.workspaceId, ...(request.channelKey ? { addressKey: request.channelKey } : {}) };
    const channel = request.channelKey ? await findChannel(db, { platform: from.platform, workspaceId: from.workspaceId, key: request.channelKey }) : undefined;
    if (request.channelKey && !channel) return [problem(`I haven't been in <#${echo(request.channelKey)}> yet, so there are no stats for it.`, STATS_EXAMPLE)];
    const zone = await teamZone(db, config, scope);
    let week: IsoWeek | undefined = isoWeekOf(now, zone);
    if (request.which === 'last') week = shiftWeek(week, -1);
    else if (request.which !== 'this') week = parseIsoWeek(request.which, zone);
    if (!week) return [problem(`“${echo(request.which)}” is not a week I know. Use the ISO form, like 2026-W47.`, '/coach stats 2026-W47')];
    if (week.start.getTime() > now.getTime()) return [problem(`Week ${week.key} hasn't started yet.`, STATS_EXAMPLE)];
    const scopeLabel = channel ? (channel.label ?? `<#${channel.key}>`) : 'all channels';
    // Only the weeks the answer shows (the week and the four it is compared with): the chart's eight
    // are computed by its own job, so they never slow the answer down.
    const weeks = await statsForWeeks(db, scope, week, TREND_WEEKS + 1, promises);
    const current = weeks.at(-1) as (typeof weeks)[number];
    const message = renderStatsMessage(current, weeks.slice(0, -1), {
      scopeLabel,
      withPromises,
      csvCommand: `/coach stats ${week.key}${request.channelKey ? ` <#${request.channelKey}>` : ''} csv`,
    });
    // The manager's zone may be new to us: keep their Monday digest at 09:00 where they are.
    await planDigest(deps, from, now, now);
    // The chart (or CSV) follows as a durable job due now: rendering never delays the answer, the
    // file arrives after the numbers, and a failed upload is retried like any other send.
    const file: StatsFilePayload = { actor: from, weekKey: week.key, zone, channelKey: request.channelKey, scopeLabel, csv: request.csv };
    await scheduleJob(
      db,
      {
        kind: STATS_FILE_JOB,
        platform: from.platform,
        workspaceId: from.workspaceId,
        subject: statsSubject(from.platform, from.workspaceId, from.userId),
        dueAt: now,
        payload: file,
        idempotencyKey: `${STATS_FILE_JOB}:${from.platform}:${from.workspaceId}:${from.userId}:${week.key}:${request.csv ? 'csv' : 'chart'}:${now.toISOString()}`,
      },
      now,
    );
    return [message];
  };

  const sendStatsFile = async (job: Job): Promise<JobOutcome> => {
    const file = job.payload as StatsFilePayload;
    const week = parseIsoWeek(file.weekKey, file.zone);
    if (!week) return { status: 'skipped', note: `unknown week ${file.weekKey}` };
    const scope: StatsScope = { platform: job.platform, workspaceId: job.workspaceId, ...(file.channelKey ? { addressKey: file.channelKey } : {}) };
    const weeks = await statsForWeeks(db, scope, week, CHART_WEEKS, promises);
    if (file.csv) {
      const csv = statsCsv(weeks.slice(-CSV_WEEKS), withPromises);
      await messenger.upload(
        file.actor,
        { filename: `team-stats-${week.key}.csv`, mimeType: 'text/csv', bytes: new TextEncoder().encode(csv), title: `Team stats ${weeks.at(-CSV_WEEKS)?.week.key} to ${week.key}` },
        `One row per person per week, ${file.scopeLabel}.`,
      );
    } else {
      await messenger.upload(file.actor, await teamChartFile(weeks, file.scopeLabel, withPromises), 'The last eight weeks at a glance.');
    }
    return { status: 'done' };
  };

  return {
    name: 'stats',
    // A manager who uses the coach, in any way, gets their Monday digest planned.
    onInbound: (inbound) => ensureDigest(deps, inbound.from, clock.now()),
    coachCommands: { stats, me: createMyWeekCommand(deps) },
    jobs: {
      // Retried while the digest is still this week's news; next Monday's comes as usual.
      [DIGEST_JOB]: { handler: createDigestHandler(deps, promises), policy: { maxAttempts: 100, usefulUntil: (job) => new Date(job.dueAt.getTime() + MAX_DIGEST_LATENESS_MS) } },
      [STATS_FILE_JOB]: sendStatsFile,
    },
    onEvent: async (event) => {
      // The coach joined a channel, maybe in a new workspace: its named managers get their digest.
      if (event.kind !== 'installed') return;
      const now = clock.now();
      for (const manager of await listManagers(db, config, event.address.platform, event.address.workspaceId)) {
        await planDigestIfMissing(deps, manager, now);
      }
    },
    onStart: async () => {
      // Self-repair: every manager we know of has a Monday digest planned.
      const now = clock.now();
      let planned = 0;
      for (const manager of await knownManagers(deps)) {
        if (await planDigestIfMissing(deps, manager, now)) planned++;
      }
      if (planned) logger.info('planned missing weekly digests', { count: planned });
    },
    help: {
      topic: 'managers',
      entries: [
        {
          usage: '/coach stats [this week|last week|YYYY-Www] [#channel] [csv]',
          description: 'For managers: who acknowledged, joined discussions and kept promises, with the trend and a chart (or a CSV). Only you see it.',
          example: '/coach stats last week csv',
        },
        // Anyone's own numbers, after the managers' team numbers.
        MY_WEEK_HELP,
      ],
    },
  };
}
