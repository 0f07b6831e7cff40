// `/coach holidays <region>|off` and `/coach closed [remove] <date> [<date>]`: the days a channel
// is off. Daily posts and weekly discussions skip them; each change is re-planned at once and
// written to the audit log.

import { DateTime } from 'luxon';
import { isValidZone } from '../zone-names.ts';
import type { Address, Outbound } from '../ports.ts';
import { recordAudit } from '../store/audit-repo.ts';
import { addClosedDays, removeClosedDays, saveHolidayRegion } from '../store/calendar-repo.ts';
import { ensureChannel, type Channel } from '../store/channels-repo.ts';
import { channelSubject } from '../store/job-subjects.ts';
import { cancelPendingJobs } from '../store/jobs-repo.ts';
import { localDate } from './daily-schedule.ts';
import { planNextDailyPost, PRINCIPLE_POST_JOB } from './daily-post-plan.ts';
import type { CoachDeps } from './deps.ts';
import { planChannelDiscussion } from './discussion-schedule.ts';
import type { CommandInbound, Feature } from './feature.ts';
import { formatWhenWithRelative } from './format-time.ts';
import { echo, privateMessage, problem } from './messages.ts';
import { isWorkDay } from './work-days.ts';
import { describeDayOff, loadChannelCalendar, upcomingDaysOff } from './calendar/channel-calendar.ts';
import { describeHolidayRegion, parseHolidayRegion } from './calendar/holiday-regions.ts';

const HOLIDAYS_EXAMPLE = '/coach holidays GB-SCT';
const CLOSED_EXAMPLE = '/coach closed 2026-12-24 2026-12-31';
/** A closure longer than a year is a typo, not a plan. */
const MAX_CLOSED_DAYS = 366;

/** 'YYYY-MM-DD' → that date, or undefined when it is not a real one. */
function parseDate(token: string): DateTime | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(token)) return undefined;
  const date = DateTime.fromISO(token, { zone: 'utc' });
  return date.isValid ? date : undefined;
}

/** "24 Dec 2026" or "24 Dec 2026 – 31 Dec 2026". */
function describeRange(days: readonly string[]): string {
  const show = (d: string) => DateTime.fromISO(d, { zone: 'utc' }).toFormat('d LLL yyyy', { locale: 'en-GB' });
  return days.length === 1 ? show(days[0] as string) : `${show(days[0] as string)} – ${show(days.at(-1) as string)}`;
}

export function createHolidaysFeature(deps: CoachDeps): Feature {
  const { db, clock, config, logger } = deps;

  const channelFor = (address: Address, zone?: string): Promise<Channel> =>
    ensureChannel(db, address, zone && isValidZone(zone) ? zone : config.defaultTimezone, clock.now());

  /** Re-plan the channel's next post and discussion for its new days off; the next post, if subscribed. */
  const replan = async (channel: Channel, now: Date): Promise<Date | undefined> => {
    if (!channel.subscribed) return undefined;
    const address = { platform: channel.platform, workspaceId: channel.workspaceId, key: channel.key };
    await cancelPendingJobs(db, channelSubject(address), now, [PRINCIPLE_POST_JOB]);
    const next = await planNextDailyPost(db, channel, now, now);
    await planChannelDiscussion(db, channel, now, now);
    return next;
  };

  /** "Next days skipped: Fri 25 Dec (Christmas Day), …" and when the next post is. */
  const outlook = async (channel: Channel, next: Date | undefined, now: Date): Promise<string> => {
    const today = localDate(now, channel.timezone);
    const calendar = await loadChannelCalendar(db, { platform: channel.platform, workspaceId: channel.workspaceId, key: channel.key }, today);
    const skipped = upcomingDaysOff(calendar, today, (weekday) => isWorkDay(weekday, channel.postDays), 3);
    const skippedText = skipped.length ? `Next days skipped: ${skipped.map(describeDayOff).join(', ')}.` : 'No days off coming up.';
    return next ? `${skippedText} Next post: ${formatWhenWithRelative(next, channel.timezone, now)}.` : `${skippedText} Posts start once this channel is subscribed (\`/coach subscribe\`).`;
  };

  const holidays = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const now = clock.now();
    const channel = await channelFor(command.address, command.from.tz);
    const calendar = await loadChannelCalendar(db, command.address, localDate(now, channel.timezone));
    const before = calendar.region ? describeHolidayRegion(calendar.region) : 'off';
    const token = args.trim();
    if (!token) {
      const text = calendar.region
        ? `This channel skips the public holidays of ${before}. ${await outlook(channel, undefined, now)}`.replace(/ Posts start once.*$/, '')
        : 'This channel follows no public holidays yet. Pick a region with a country code, and a state or region if it matters: `/coach holidays US`, `/coach holidays DE-BY`.';
      return [privateMessage(text)];
    }
    const off = ['off', 'none', 'stop'].includes(token.toLowerCase());
    const region = off ? undefined : parseHolidayRegion(token);
    if (!off && !region) {
      return [problem(`I don't know the holiday region “${echo(token)}”. Use a country code like US, IN or DE, with a state or region if it matters, like GB-SCT or DE-BY.`, HOLIDAYS_EXAMPLE)];
    }
    await db.transaction().execute(async (trx) => {
      await saveHolidayRegion(trx, command.address, region?.code, command.from.userId, now);
      await recordAudit(trx, {
        platform: command.address.platform,
        workspaceId: command.address.workspaceId,
        actorId: command.from.userId,
        at: now,
        action: 'holidays',
        subject: command.address.key,
        before,
        after: region ? region.name : 'off',
      });
    });
    const next = await replan(channel, now);
    logger.info('holiday region changed', { platform: channel.platform, workspaceId: channel.workspaceId, channel: channel.key, region: region?.code ?? 'off' });
    const lead = region ? `Done ✅ This channel now skips the public holidays of ${region.name}.` : 'Done ✅ This channel no longer skips public holidays.';
    return [privateMessage(`${lead} ${await outlook(channel, next, now)}`)];
  };

  const closed = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const now = clock.now();
    const channel = await channelFor(command.address, command.from.tz);
    const today = localDate(now, channel.timezone);
    const tokens = args.split(/\s+/).filter(Boolean);
    const removing = ['remove', 'delete', 'open'].includes(tokens[0]?.toLowerCase() ?? '');
    const dates = removing ? tokens.slice(1) : tokens;
    if (dates.length === 0) {
      if (removing) return [problem('Say which closed day to remove, or the first and last of a range.', '/coach closed remove 2026-12-24')];
      const calendar = await loadChannelCalendar(db, command.address, today);
      const days = [...calendar.closedDays];
      return [privateMessage(days.length ? `Closed days here: ${days.map((date) => describeDayOff({ date, reason: 'closed' }).replace(' (closed)', '')).join(', ')}. Remove one with \`/coach closed remove 2026-12-24\`.` : `No closed days set here. Add the team's own with \`${CLOSED_EXAMPLE}\` (one day, or the first and last of a range).`)];
    }
    const parsed = dates.map(parseDate);
    const bad = dates.find((_, i) => !parsed[i]);
    if (bad !== undefined || dates.length > 2) {
      return [problem(bad !== undefined ? `“${echo(bad)}” is not a date I understand: use YYYY-MM-DD.` : 'Give one date, or the first and last day of a range.', removing ? '/coach closed remove 2026-12-24' : CLOSED_EXAMPLE)];
    }
    const [first, last = first] = parsed as DateTime[];
    if (!first || !last || last < first) return [problem('The range ends before it starts: put the first day first.', CLOSED_EXAMPLE)];
    const count = Math.round(last.diff(first, 'days').days) + 1;
    if (count > MAX_CLOSED_DAYS) return [problem(`That is ${count} days; a closure can be up to a year.`, CLOSED_EXAMPLE)];
    const days = Array.from({ length: count }, (_, i) => first.plus({ days: i }).toISODate() as string);
    if (!removing && (days.at(-1) as string) < today) return [problem('Those days are already past; give days from today on.', CLOSED_EXAMPLE)];
    const range = describeRange(days);
    const removed = await db.transaction().execute(async (trx) => {
      const n = removing ? await removeClosedDays(trx, command.address, days) : (await addClosedDays(trx, command.address, days.filter((d) => d >= today), command.from.userId, now), 0);
      if (removing && n === 0) return 0;
      await recordAudit(trx, {
        platform: command.address.platform,
        workspaceId: command.address.workspaceId,
        actorId: command.from.userId,
        at: now,
        action: removing ? 'closed.remove' : 'closed.add',
        subject: command.address.key,
        before: removing ? `closed ${range}` : null,
        after: removing ? null : `closed ${range}`,
      });
      return n;
    });
    if (removing && removed === 0) return [privateMessage(`${range} wasn't a closed day here, so nothing changed.`)];
    const next = await replan(channel, now);
    const lead = removing ? `Done ✅ ${range} ${count === 1 ? 'is a working day' : 'are working days'} again.` : `Done ✅ ${range} ${count === 1 ? 'is a closed day' : 'are closed days'} here: no daily post or discussion then.`;
    return [privateMessage(`${lead} ${await outlook(channel, next, now)}`)];
  };

  return {
    name: 'holidays',
    coachCommands: { holidays, closed },
    help: {
      topic: 'availability',
      entries: [
        {
          usage: '/coach holidays <country[-region]>|off',
          description: "Skip a region's public holidays here: no daily post or discussion on them.",
          example: '/coach holidays GB-SCT',
        },
        {
          usage: '/coach closed [remove] <YYYY-MM-DD> [<last day>]',
          description: "The team's own closed days here, skipped like holidays.",
          example: '/coach closed 2026-12-24 2026-12-31',
        },
      ],
    },
  };
}
