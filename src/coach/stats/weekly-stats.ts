// The numbers managers see: per person per ISO week, acknowledgements (the "Got it" button and
// reactions on the coach's posts — platforms do not tell bots who *read* a message, so we never
// call it "read"), discussion replies and callback promises; team totals; the trend against the
// previous four weeks.

import type { Platform } from '../../ports.ts';
import type { Db } from '../../store/open-store.ts';
import { participationByPerson } from '../../store/participation-repo.ts';
import { personNames } from '../../store/people-repo.ts';
import type { PromiseCounts as AgentPromiseCounts } from '../../store/promise-counts-repo.ts';
import { awayPeriodsOverlapping } from '../../store/away-repo.ts';
import { awayDaysByPerson } from './away-days.ts';
import { weeksEndingWith, type IsoWeek } from './iso-week.ts';

/** One person's promise numbers for a period: the promises repository's row without who it is. */
export type PromiseCounts = Omit<AgentPromiseCounts, 'agentId' | 'agentName'>;

/** Promise outcomes per agent in [from, to) (the promises feature's promiseCountsByAgent). */
export type PromiseSource = (
  db: Db,
  platform: Platform,
  workspaceId: string,
  from: Date,
  to: Date,
) => Promise<({ agentId: string; agentName: string | null } & PromiseCounts)[]>;

export interface StatsScope {
  platform: Platform;
  workspaceId: string;
  /** Only participation in this channel (promises are counted per person, wherever made). */
  addressKey?: string;
}

export interface PersonWeek {
  userId: string;
  name: string | null;
  acks: number;
  reactions: number;
  /** acks + reactions */
  acknowledged: number;
  replies: number;
  promises: PromiseCounts;
  /** Days of the period they were out of office: shown as away, never counted against them. */
  awayDays: number;
}

export interface WeekTotals extends PromiseCounts {
  /** People with at least one recorded action this week. */
  people: number;
  acknowledged: number;
  replies: number;
  onTimeRate: number | null;
}

export interface WeekStats {
  week: IsoWeek;
  people: PersonWeek[];
  totals: WeekTotals;
}

const NO_PROMISES: PromiseCounts = { made: 0, kept: 0, late: 0, missed: 0, renegotiated: 0, cancelled: 0, open: 0 };

/** Kept on time as a share of promises settled (kept, late or missed); null when none settled. */
export function onTimeRate(counts: Pick<PromiseCounts, 'kept' | 'late' | 'missed'>): number | null {
  const settled = counts.kept + counts.late + counts.missed;
  return settled === 0 ? null : counts.kept / settled;
}

export async function weekStats(db: Db, scope: StatsScope, week: IsoWeek, promises?: PromiseSource): Promise<WeekStats> {
  return { week, ...(await periodStats(db, scope, week.start, week.end, promises, week.zone)) };
}

export interface PeriodStats {
  people: PersonWeek[];
  totals: WeekTotals;
}

/**
 * The numbers for any period [from, to): a week for `/coach stats`, any range for the dashboard's
 * people table. One query path, so both always agree.
 */
export async function periodStats(db: Db, scope: StatsScope, from: Date, to: Date, promises?: PromiseSource, zone = 'UTC'): Promise<PeriodStats> {
  const [names, participation, promiseRows, awayPeriods] = await Promise.all([
    personNames(db, scope.platform, scope.workspaceId),
    participationByPerson(db, scope.platform, scope.workspaceId, from, to, scope.addressKey),
    promises ? promises(db, scope.platform, scope.workspaceId, from, to) : [],
    awayPeriodsOverlapping(db, scope.platform, scope.workspaceId, from, to),
  ]);
  const byUser = new Map<string, PersonWeek>();
  const person = (userId: string): PersonWeek => {
    let row = byUser.get(userId);
    if (!row) {
      row = { userId, name: names.get(userId) ?? null, acks: 0, reactions: 0, acknowledged: 0, replies: 0, promises: { ...NO_PROMISES }, awayDays: 0 };
      byUser.set(userId, row);
    }
    return row;
  };
  for (const counts of participation) {
    const row = person(counts.userId);
    row.acks = counts.acks;
    row.reactions = counts.reactions;
    row.acknowledged = counts.acks + counts.reactions;
    row.replies = counts.replies;
  }
  for (const agent of promiseRows) {
    // In a channel view, promises join the rows of the people active in that channel only.
    if (scope.addressKey && !byUser.has(agent.agentId)) continue;
    const row = person(agent.agentId);
    row.name ??= agent.agentName;
    const { made, kept, late, missed, renegotiated, cancelled, open } = agent;
    row.promises = { made, kept, late, missed, renegotiated, cancelled, open };
  }
  for (const [userId, days] of awayDaysByPerson(awayPeriods, from, to, zone)) {
    if (scope.addressKey && !byUser.has(userId)) continue;
    person(userId).awayDays = days;
  }
  const people = [...byUser.values()].sort(
    (a, b) => (a.name ?? a.userId).localeCompare(b.name ?? b.userId, 'en') || a.userId.localeCompare(b.userId),
  );
  const sum = (pick: (p: PersonWeek) => number) => people.reduce((total, p) => total + pick(p), 0);
  const promiseTotals: PromiseCounts = {
    made: sum((p) => p.promises.made),
    kept: sum((p) => p.promises.kept),
    late: sum((p) => p.promises.late),
    missed: sum((p) => p.promises.missed),
    renegotiated: sum((p) => p.promises.renegotiated),
    cancelled: sum((p) => p.promises.cancelled),
    open: sum((p) => p.promises.open),
  };
  return {
    people,
    totals: {
      people: people.filter((p) => p.acknowledged + p.replies + p.promises.made + p.promises.kept + p.promises.late + p.promises.missed > 0).length,
      acknowledged: sum((p) => p.acknowledged),
      replies: sum((p) => p.replies),
      ...promiseTotals,
      onTimeRate: onTimeRate(promiseTotals),
    },
  };
}

/** This week's stats and the `count - 1` weeks before, oldest first. */
export function statsForWeeks(db: Db, scope: StatsScope, lastWeek: IsoWeek, count: number, promises?: PromiseSource): Promise<WeekStats[]> {
  // In parallel: on PostgreSQL each week's queries take their own pooled connection.
  return Promise.all(weeksEndingWith(lastWeek, count).map((week) => weekStats(db, scope, week, promises)));
}

export interface Trend {
  /** Mean of the previous weeks; null when there were none with data (for rates). */
  average: number | null;
  /** current − average; null when either side is unknown. */
  change: number | null;
}

export function trendOf(current: number | null, previous: readonly (number | null)[]): Trend {
  const known = previous.filter((v): v is number => v !== null);
  const average = known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
  return { average, change: average === null || current === null ? null : current - average };
}

