// When each subscribed channel gets its weekly "I am your customer" discussion (default Tuesday
// 10:00 in the channel's zone) and planning that as a durable job. Subscribing a channel calls
// planChannelDiscussion; unsubscribing calls stopChannelDiscussion. Shared code below the features:
// the daily principles, the digest and `/coach holidays` plan through it too.

import type { Address } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { discussionSubject } from '../store/job-subjects.ts';
import { cancelPendingJobs } from '../store/jobs-repo.ts';
import { channelAddress, findChannel, type Channel } from '../store/channels-repo.ts';
import { ensureDiscussionSchedule, type DiscussionSchedule } from '../store/discussions-repo.ts';
import { localDate, nextWeeklyOccurrence } from './daily-schedule.ts';
import { isOpenDay, loadChannelCalendar } from './calendar/channel-calendar.ts';
import { planSingleJob } from './plan-job.ts';

export const DISCUSSION_OPEN_JOB = 'discussion.open';
export const DISCUSSION_WRAPUP_JOB = 'discussion.wrapup';
/** How long a discussion stays open before the wrap-up is posted in its thread. */
export const DISCUSSION_WINDOW_DAYS = 3;

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export { discussionSubject };

/** 'tue', 'Tuesday', 'tues' → 2 (ISO weekday); undefined otherwise. */
export function parseWeekday(token: string): number | undefined {
  const lower = token.toLowerCase();
  if (lower.length < 3) return undefined;
  const index = WEEKDAYS.findIndex((day) => day.toLowerCase().startsWith(lower));
  return index === -1 ? undefined : index + 1;
}


export function describeDiscussionSchedule(schedule: DiscussionSchedule, zone: string): string {
  if (!schedule.enabled) return 'Off';
  return `${WEEKDAYS[schedule.weekday - 1]}s at ${schedule.time} (${zone})`;
}

/**
 * Plan the channel's next weekly discussion. Returns when it is, or undefined when the channel is
 * not subscribed or its discussions are off (then any pending one is cancelled).
 */
export async function planChannelDiscussion(db: Db, channel: Channel, after: Date, now: Date): Promise<Date | undefined> {
  const address = channelAddress(channel);
  const schedule = await ensureDiscussionSchedule(db, address, now);
  if (!channel.subscribed || !schedule.enabled) {
    await stopChannelDiscussion(db, address, now);
    return undefined;
  }
  const calendar = await loadChannelCalendar(db, address, localDate(after, channel.timezone));
  const due = nextWeeklyOccurrence({ weekday: schedule.weekday, time: schedule.time, zone: channel.timezone }, after, (day) => isOpenDay(calendar, day));
  await planSingleJob(
    db,
    {
      kind: DISCUSSION_OPEN_JOB,
      platform: channel.platform,
      workspaceId: channel.workspaceId,
      subject: discussionSubject(address),
      dueAt: due,
      payload: { key: channel.key },
      idempotencyKey: `${DISCUSSION_OPEN_JOB}:${discussionSubject(address)}:${due.toISOString()}`,
    },
    now,
  );
  return due;
}

/** The hook for /coach subscribe: plan the weekly discussion of a channel that was just (re)subscribed. */
export async function planDiscussionAfterSubscribe(db: Db, address: Address, now: Date): Promise<Date | undefined> {
  const channel = await findChannel(db, address);
  return channel ? await planChannelDiscussion(db, channel, now, now) : undefined;
}

/** Stop the weekly prompts (open threads still get their wrap-up). */
export async function stopChannelDiscussion(db: Db, address: Address, now: Date): Promise<void> {
  await cancelPendingJobs(db, discussionSubject(address), now, [DISCUSSION_OPEN_JOB]);
}
