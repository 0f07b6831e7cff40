// What the managers' web dashboard shows, read through the same functions `/coach stats` uses, so a
// page and a chat answer for the same week and team can never disagree. Read-only: every change
// made on the dashboard goes through the coach as an Inbound, like a chat command or button.
// This module reads several features' data (stats, promises, channels), which is why it sits
// beside them instead of inside one.

import type { Config } from '../../config.ts';
import type { Actor, Platform } from '../../ports.ts';
import type { Db } from '../../store/open-store.ts';
import { listAudit, type AuditEntry } from '../../store/audit-repo.ts';
import { listChannels, type Channel } from '../../store/channels-repo.ts';
import { findDiscussionSchedule, DEFAULT_DISCUSSION, type DiscussionSchedule } from '../../store/discussions-repo.ts';
import { channelSubject, discussionSubject, promiseSubject } from '../../store/job-subjects.ts';
import { nextPendingJobs } from '../../store/jobs-repo.ts';
import { findPerson, peopleIn } from '../../store/people-repo.ts';
import { agentPromiseHistory, listWorkspaceOpenPromises, type CallbackPromise } from '../../store/promises-repo.ts';
import { promiseEvents, type PromiseEvent } from '../../store/promise-events-repo.ts';
import { isManager } from '../roles.ts';
import { teamZone } from '../team-zone.ts';
import { zoneForActor } from '../zones.ts';
import { isoWeekOf, parseIsoWeek, shiftWeek, weeksEndingWith, type IsoWeek } from '../stats/iso-week.ts';
import { PROMISE_SOURCE } from '../stats/promise-source.ts';
import { TREND_WEEKS } from '../stats/stats-message.ts';
import { periodStats, statsForWeeks, type PeriodStats, type StatsScope, type WeekStats } from '../stats/weekly-stats.ts';

/** The most weeks a range may span (a year and a bit), so one request cannot ask for a decade. */
export const MAX_RANGE_WEEKS = 53;
export const DEFAULT_RANGE_WEEKS = 8;

export interface Viewer {
  actor: Actor;
  manager: boolean;
}

/** Who is looking: the same rule as in chat (named managers, added managers, workspace admins). */
export async function viewerOf(db: Db, config: Config, identity: { platform: Platform; workspaceId: string; userId: string; name: string | null }): Promise<Viewer> {
  const known = await findPerson(db, identity.platform, identity.workspaceId, identity.userId);
  const actor: Actor = { ...(known ?? {}), platform: identity.platform, workspaceId: identity.workspaceId, userId: identity.userId, name: known?.name ?? identity.name ?? undefined };
  return { actor, manager: await isManager(db, config, actor) };
}

export interface WeekRange {
  from: IsoWeek;
  to: IsoWeek;
  weeks: IsoWeek[];
  zone: string;
}

/**
 * A range of ISO weeks from text such as '2026-W40' (either end may be missing: the last
 * DEFAULT_RANGE_WEEKS weeks up to this one). Returns an error sentence for a person to read.
 */
export async function readRange(db: Db, config: Config, scope: StatsScope, now: Date, fromText?: string, toText?: string): Promise<WeekRange | { error: string }> {
  const zone = await teamZone(db, config, scope);
  const thisWeek = isoWeekOf(now, zone);
  const to = toText ? parseIsoWeek(toText, zone) : thisWeek;
  if (!to) return { error: `“${toText}” is not a week I know. Use the form 2026-W47.` };
  const from = fromText ? parseIsoWeek(fromText, zone) : shiftWeek(to, -(DEFAULT_RANGE_WEEKS - 1));
  if (!from) return { error: `“${fromText}” is not a week I know. Use the form 2026-W47.` };
  if (from.start.getTime() > to.start.getTime()) return { error: `${from.key} comes after ${to.key}. Pick the earlier week first.` };
  if (to.start.getTime() > now.getTime()) return { error: `Week ${to.key} hasn't started yet.` };
  const count = Math.round((to.start.getTime() - from.start.getTime()) / (7 * 86_400_000)) + 1;
  if (count > MAX_RANGE_WEEKS) return { error: `That is ${count} weeks; pick at most ${MAX_RANGE_WEEKS}.` };
  return { from, to, weeks: weeksEndingWith(to, count), zone };
}

export interface Overview {
  /** The week the totals are for (the range's last week) and the TREND_WEEKS before it. */
  current: WeekStats;
  previous: WeekStats[];
  /** Every week of the range, oldest first, for the trend chart. */
  trend: WeekStats[];
}

/** This week's totals against the previous four (as `/coach stats`), and the range's weekly trend. */
export async function readOverview(db: Db, scope: StatsScope, range: WeekRange): Promise<Overview> {
  // One pass over the longer of the two spans; the trend's weeks and the comparison's overlap.
  const needed = Math.max(range.weeks.length, TREND_WEEKS + 1);
  const weeks = await statsForWeeks(db, scope, range.to, needed, PROMISE_SOURCE);
  return {
    current: weeks.at(-1) as WeekStats,
    previous: weeks.slice(-(TREND_WEEKS + 1), -1),
    trend: weeks.slice(-range.weeks.length),
  };
}

/** Everyone's numbers over the whole range, one row per person. */
export function readPeople(db: Db, scope: StatsScope, range: WeekRange): Promise<PeriodStats> {
  return periodStats(db, scope, range.from.start, range.to.end, PROMISE_SOURCE);
}

/** The weeks of the range (for the CSV: one row per person per week, like `/coach stats … csv`). */
export function readWeeks(db: Db, scope: StatsScope, range: WeekRange): Promise<WeekStats[]> {
  return statsForWeeks(db, scope, range.to, range.weeks.length, PROMISE_SOURCE);
}

export interface PersonPage {
  userId: string;
  name: string | null;
  weeks: { week: IsoWeek; row: WeekStats['people'][number] | undefined }[];
  promises: (CallbackPromise & { history: PromiseEvent[] })[];
}

export const PERSON_PROMISES = 50;

export async function readPerson(db: Db, scope: StatsScope, range: WeekRange, userId: string): Promise<PersonPage> {
  const [weeks, promises, person] = await Promise.all([
    statsForWeeks(db, scope, range.to, range.weeks.length, PROMISE_SOURCE),
    agentPromiseHistory(db, scope.platform, scope.workspaceId, userId, PERSON_PROMISES),
    findPerson(db, scope.platform, scope.workspaceId, userId),
  ]);
  const rows = weeks.map((w) => ({ week: w.week, row: w.people.find((p) => p.userId === userId) }));
  const withHistory = await Promise.all(promises.map(async (p) => ({ ...p, history: await promiseEvents(db, p.id) })));
  const name = person?.name ?? rows.find((r) => r.row?.name)?.row?.name ?? promises.find((p) => p.agentName)?.agentName ?? null;
  return { userId, name, weeks: rows, promises: withHistory };
}

export interface OpenPromiseRow {
  promise: CallbackPromise;
  /** The next reminder step ('promise.due', 'promise.escalate'…) and when; none when all are sent. */
  next?: { kind: string; at: Date };
}

/** Open promises now, soonest due first (the page groups them by agent). Only one agent's for non-managers. */
export async function readOpenPromises(db: Db, scope: StatsScope, onlyAgent?: string): Promise<OpenPromiseRow[]> {
  const open = (await listWorkspaceOpenPromises(db, scope.platform, scope.workspaceId)).filter((p) => !onlyAgent || p.agentId === onlyAgent);
  const next = await nextPendingJobs(db, open.map((p) => promiseSubject(p.id)));
  return open.map((promise) => {
    const job = next.get(promiseSubject(promise.id));
    return { promise, ...(job ? { next: { kind: job.kind, at: job.dueAt } } : {}) };
  });
}

export interface ChannelRow {
  channel: Channel;
  discussion: Omit<DiscussionSchedule, 'nextPosition'>;
  nextPost?: Date;
  nextDiscussion?: Date;
}

export async function readChannels(db: Db, scope: StatsScope): Promise<ChannelRow[]> {
  const channels = await listChannels(db, scope.platform, scope.workspaceId);
  const address = (c: Channel) => ({ platform: c.platform, workspaceId: c.workspaceId, key: c.key });
  const next = await nextPendingJobs(db, channels.flatMap((c) => [channelSubject(address(c)), discussionSubject(address(c))]));
  return Promise.all(
    channels.map(async (channel) => ({
      channel,
      discussion: (await findDiscussionSchedule(db, address(channel))) ?? DEFAULT_DISCUSSION,
      nextPost: next.get(channelSubject(address(channel)))?.dueAt,
      nextDiscussion: next.get(discussionSubject(address(channel)))?.dueAt,
    })),
  );
}

/** People a promise can be handed to: everyone the coach has seen in the workspace. */
export function readPeopleList(db: Db, scope: StatsScope): Promise<Actor[]> {
  return peopleIn(db, scope.platform, scope.workspaceId);
}

/** The most changes the Audit page lists at once (chat shows 30). */
export const AUDIT_SHOWN = 200;

export interface AuditPage {
  entries: AuditEntry[];
  /** True when there were more than AUDIT_SHOWN changes in the period. */
  more: boolean;
  /** The viewer's own zone (as chat uses), else the team's. */
  zone: string;
  /** Display names for the people and channels the entries mention. */
  people: Map<string, string>;
  channels: Map<string, string>;
}

/** The workspace's changes over the last `days` days, newest first, as `/coach audit` reads them. */
export async function readAudit(db: Db, config: Config, scope: StatsScope, viewer: Actor, now: Date, days: number): Promise<AuditPage> {
  const [found, zone, people, channels] = await Promise.all([
    listAudit(db, scope.platform, scope.workspaceId, new Date(now.getTime() - days * 86_400_000), AUDIT_SHOWN + 1),
    teamZone(db, config, scope).then((team) => zoneForActor(db, viewer, undefined, team)),
    peopleIn(db, scope.platform, scope.workspaceId),
    listChannels(db, scope.platform, scope.workspaceId),
  ]);
  return {
    entries: found.slice(0, AUDIT_SHOWN),
    more: found.length > AUDIT_SHOWN,
    zone,
    people: new Map(people.filter((p) => p.name).map((p) => [p.userId, p.name as string])),
    channels: new Map(channels.filter((c) => c.label).map((c) => [c.key, c.label as string])),
  };
}
