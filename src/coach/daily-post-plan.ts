// Planning a channel's next daily post as a durable job: on its post days, at its local time,
// never on one of its days off (public holidays of its region, the team's closed days). Shared by
// the daily principles and by `/coach holidays` / `/coach closed`, which re-plan when the days change.

import { scheduleJob } from '../store/jobs-repo.ts';
import { channelSubject } from '../store/job-subjects.ts';
import { channelAddress, type Channel } from '../store/channels-repo.ts';
import type { Db } from '../store/open-store.ts';
import { isOpenDay, loadChannelCalendar, type ChannelCalendar } from './calendar/channel-calendar.ts';
import { localDate, nextDailyOccurrence } from './daily-schedule.ts';

export const PRINCIPLE_POST_JOB = 'principle.post';

/** The next post strictly after `after`, skipping the calendar's days off. */
export function nextPostTime(channel: Channel, calendar: ChannelCalendar, after: Date): Date {
  return nextDailyOccurrence({ time: channel.postTime, zone: channel.timezone, days: channel.postDays, isOpen: (day) => isOpenDay(calendar, day) }, after);
}

/** Plan the channel's next post after `after` (idempotent: the same slot is planned once). */
export async function planNextDailyPost(db: Db, channel: Channel, after: Date, now: Date): Promise<Date> {
  const address = channelAddress(channel);
  const calendar = await loadChannelCalendar(db, address, localDate(after, channel.timezone));
  const due = nextPostTime(channel, calendar, after);
  await scheduleJob(
    db,
    {
      kind: PRINCIPLE_POST_JOB,
      platform: channel.platform,
      workspaceId: channel.workspaceId,
      subject: channelSubject(address),
      dueAt: due,
      payload: { key: channel.key, label: channel.label },
      idempotencyKey: `${PRINCIPLE_POST_JOB}:${channelSubject(address)}:${due.toISOString()}`,
    },
    now,
  );
  return due;
}
