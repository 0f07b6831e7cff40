// "I am your customer" discussions: a weekly thread per subscribed channel from one line of the
// poem (in order, then round again), `/coach discuss` to start one now, `/coach discussion` to
// change the day and time, a wrap-up in the thread when the window closes, and the participation
// that reactions and thread replies on the coach's posts represent.

import type { PoemLine } from '../../content/content-schema.ts';
import { isValidZone } from '../../zone-names.ts';
import type { Address, Outbound } from '../../ports.ts';
import type { JobOutcome } from '../../scheduler.ts';
import { channelAddress, ensureChannel, findChannel, subscribedChannelsWithoutJob, type Channel } from '../../store/channels-repo.ts';
import type { Db } from '../../store/open-store.ts';
import {
  advanceDiscussionPosition,
  ensureDiscussionSchedule,
  findDiscussionByRef,
  findDiscussionOn,
  insertDiscussion,
  listOpenDiscussions,
  markDiscussionPosted,
  markDiscussionWrapped,
  saveDiscussionSchedule,
} from '../../store/discussions-repo.ts';
import { pendingJobs, scheduleJob } from '../../store/jobs-repo.ts';
import { forgetSeenEvents, markEventSeen, reactionDedupeKey, removeParticipation } from '../../store/participation-repo.ts';
import { rememberPerson } from '../../store/people-repo.ts';
import { countParticipation, findPost, recordParticipation, recordPost } from '../../store/posts-repo.ts';
import { formatTimeOfDay, localDate, parseTimeOfDay } from '../daily-schedule.ts';
import type { CoachDeps } from '../deps.ts';
import type { CommandInbound, EventInbound, Feature } from '../feature.ts';
import { formatWhen, formatWhenWithRelative } from '../format-time.ts';
import { echo, privateMessage, problem } from '../messages.ts';
import { isManager, managersOnly } from '../roles.ts';
import { recordAudit } from '../../store/audit-repo.ts';
import { dayOffReason, loadChannelCalendar } from '../calendar/channel-calendar.ts';
import { renderDiscussionPrompt, renderDiscussionWrapUp } from './discussion-message.ts';
import {
  DISCUSSION_OPEN_JOB,
  DISCUSSION_WINDOW_DAYS,
  DISCUSSION_WRAPUP_JOB,
  describeDiscussionSchedule,
  discussionSubject,
  parseWeekday,
  planChannelDiscussion,
} from '../discussion-schedule.ts';

/** After downtime, a weekly prompt more than this late is skipped rather than posted at night. */
export const MAX_DISCUSSION_LATENESS_MS = 3 * 60 * 60 * 1000;
const DISCUSSION_EXAMPLE = '/coach discussion tue 10:00';

export function createDiscussionsFeature(deps: CoachDeps): Feature {
  const { db, clock, content, messenger, logger, config } = deps;
  const lines = [...content.poem.lines].sort((a, b) => a.order - b.order);
  const byId = new Map(lines.map((line) => [line.id, line] as const));

  const channelFor = (address: Address, zone?: string): Promise<Channel> =>
    ensureChannel(db, address, zone && isValidZone(zone) ? zone : config.defaultTimezone, clock.now());

  /** The line for a channel's discussion on a local day: picked once (advancing the rotation), then fixed. */
  const pickLine = (address: Address, day: string, now: Date) =>
    db.transaction().execute(async (trx) => {
      const existing = await findDiscussionOn(trx, address, day);
      if (existing) return existing;
      const schedule = await ensureDiscussionSchedule(trx, address, now);
      const line = lines[schedule.nextPosition % lines.length] as PoemLine;
      await advanceDiscussionPosition(trx, address, (schedule.nextPosition + 1) % lines.length);
      await insertDiscussion(trx, address, day, line.id);
      return (await findDiscussionOn(trx, address, day)) as NonNullable<Awaited<ReturnType<typeof findDiscussionOn>>>;
    });

  const scheduleWrapUp = async (store: Db, address: Address, ref: string, closesAt: Date, now: Date): Promise<void> => {
    await scheduleJob(
      store,
      {
        kind: DISCUSSION_WRAPUP_JOB,
        platform: address.platform,
        workspaceId: address.workspaceId,
        subject: discussionSubject(address),
        dueAt: closesAt,
        payload: { key: address.key, ref },
        idempotencyKey: `${DISCUSSION_WRAPUP_JOB}:${address.platform}:${address.workspaceId}:${ref}`,
      },
      now,
    );
  };

  /** Post the day's discussion in a channel, once. */
  const openDiscussion = async (channel: Channel, at: Date): Promise<{ opened: boolean; closesAt: Date; line: PoemLine }> => {
    const address = channelAddress(channel);
    const day = localDate(at, channel.timezone);
    const discussion = await pickLine(address, day, clock.now());
    const line: PoemLine = byId.get(discussion.lineId) ?? (lines[0] as PoemLine);
    if (discussion.ref && discussion.closesAt) return { opened: false, closesAt: discussion.closesAt, line };
    const openedAt = clock.now();
    const closesAt = new Date(openedAt.getTime() + DISCUSSION_WINDOW_DAYS * 24 * 60 * 60 * 1000);
    const message = renderDiscussionPrompt(content.poem, line, formatWhen(closesAt, channel.timezone));
    const { ref } = await messenger.post(address, message, { idempotencyKey: `discussion:${discussionSubject(address)}:${day}` });
    await db.transaction().execute(async (trx) => {
      await markDiscussionPosted(trx, address, day, ref, openedAt, closesAt);
      await recordPost(trx, address, { ref, kind: 'discussion', itemId: line.id, localDate: day }, openedAt);
      await scheduleWrapUp(trx, address, ref, closesAt, openedAt);
    });
    logger.info('opened a discussion', { platform: address.platform, workspaceId: address.workspaceId, channel: address.key, line: line.id });
    return { opened: true, closesAt, line };
  };

  const discuss = async (command: CommandInbound): Promise<Outbound[]> => {
    const { from } = command;
    if (!await isManager(db, config, from)) return [await managersOnly(deps, from, 'Starting a discussion on demand is for managers; the weekly one comes by itself.')];
    const channel = await channelFor(command.address, from.tz);
    const result = await openDiscussion(channel, clock.now());
    if (!result.opened) return [privateMessage(`Today's discussion is already running here (“${result.line.text}”). It wraps up ${formatWhen(result.closesAt, channel.timezone)}.`)];
    return [privateMessage(`Started ✅ The discussion is in the channel; I'll wrap it up ${formatWhenWithRelative(result.closesAt, channel.timezone, clock.now())}.`)];
  };

  const discussion = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const now = clock.now();
    const channel = await channelFor(command.address, command.from.tz);
    const tokens = args.split(/\s+/).filter(Boolean);
    const describe = async (next: Date | undefined) => {
      const schedule = await ensureDiscussionSchedule(db, command.address, now);
      const when = describeDiscussionSchedule(schedule, channel.timezone);
      if (!schedule.enabled) return 'Weekly discussions are off for this channel. Turn them on with `/coach discussion tue 10:00`.';
      if (!next) return `Weekly discussion: ${when}. It starts once this channel is subscribed (\`/coach subscribe\`).`;
      return `Weekly discussion: ${when}. Next one: ${formatWhenWithRelative(next, channel.timezone, now)}.`;
    };
    if (tokens.length === 0) {
      const next = (await pendingJobs(db, { subject: discussionSubject(command.address), kind: DISCUSSION_OPEN_JOB }))[0]?.dueAt;
      return [privateMessage(await describe(next))];
    }
    const before = await ensureDiscussionSchedule(db, command.address, now);
    const audit = (after: typeof before) =>
      recordAudit(db, {
        platform: command.address.platform,
        workspaceId: command.address.workspaceId,
        actorId: command.from.userId,
        at: now,
        action: 'discussion',
        subject: command.address.key,
        before: before.enabled ? describeDiscussionSchedule(before, channel.timezone) : 'off',
        after: after.enabled ? describeDiscussionSchedule(after, channel.timezone) : 'off',
      });
    if (tokens.length === 1 && ['off', 'stop', 'none'].includes(tokens[0]!.toLowerCase())) {
      await audit(await saveDiscussionSchedule(db, command.address, { enabled: false }, now));
      await planChannelDiscussion(db, channel, now, now);
      return [privateMessage('Weekly discussions are off for this channel. Threads already open still get their wrap-up. `/coach discussion tue 10:00` turns them back on.')];
    }
    let weekday: number | undefined;
    let time: string | undefined;
    for (const token of tokens) {
      const parsedTime = parseTimeOfDay(token);
      const day = parseWeekday(token);
      if (parsedTime) time = formatTimeOfDay(parsedTime.hour, parsedTime.minute);
      else if (day) weekday = day;
      else return [problem(`I didn't understand “${echo(token)}”. Give a weekday and a 24-hour time, or off.`, DISCUSSION_EXAMPLE)];
    }
    await audit(await saveDiscussionSchedule(db, command.address, { weekday, time, enabled: true }, now));
    const next = await planChannelDiscussion(db, channel, now, now);
    return [privateMessage(`Done ✅ ${await describe(next)}`)];
  };

  const onEvent = async (event: EventInbound): Promise<void> => {
    if (event.kind === 'installed' || event.kind === 'status') return;
    const { platform, workspaceId } = event.address;
    const post = await findPost(db, platform, workspaceId, event.targetRef);
    if (!post) return; // not one of the coach's channel posts
    if (!await markEventSeen(db, platform, workspaceId, event.eventId, clock.now())) return; // a retried delivery
    await rememberPerson(db, event.from, clock.now());
    const userId = event.from.userId;
    if (event.kind === 'reaction') {
      await recordParticipation(db, {
        platform,
        workspaceId,
        userId,
        kind: 'reaction',
        addressKey: post.addressKey,
        target: post.ref,
        dedupeKey: reactionDedupeKey(platform, workspaceId, userId, post.ref),
        at: event.at,
      });
    } else if (event.kind === 'reaction_removed') {
      // The neutral event does not say which emoji, so removing any reaction removes the person's one count.
      await removeParticipation(db, reactionDedupeKey(platform, workspaceId, userId, post.ref));
    } else if (post.kind === 'discussion') {
      await recordParticipation(db, {
        platform,
        workspaceId,
        userId,
        kind: 'reply',
        addressKey: post.addressKey,
        target: post.ref,
        dedupeKey: `reply:${platform}:${workspaceId}:${event.eventId}`,
        at: event.at,
      });
    }
  };

  const openJob = async (job: { platform: Address['platform']; workspaceId: string; payload: unknown; dueAt: Date }, now: Date, lateMs: number): Promise<JobOutcome> => {
    const { key } = job.payload as { key: string };
    const channel = await findChannel(db, { platform: job.platform, workspaceId: job.workspaceId, key });
    if (!channel?.subscribed) return { status: 'skipped', note: 'channel no longer subscribed' };
    // Plan next week first (idempotent), so a failure below never ends the series.
    await planChannelDiscussion(db, channel, new Date(Math.max(now.getTime(), job.dueAt.getTime())), now);
    if (lateMs > MAX_DISCUSSION_LATENESS_MS) return { status: 'skipped', note: `${Math.round(lateMs / 60_000)} min late after downtime` };
    // Planned before the day was made a day off: skipped; the poem line waits for next week.
    const day = localDate(job.dueAt, channel.timezone);
    const off = dayOffReason(await loadChannelCalendar(db, channelAddress(channel), day), day);
    if (off) return { status: 'skipped', note: `day off: ${off}` };
    const result = await openDiscussion(channel, job.dueAt);
    return result.opened ? { status: 'done' } : { status: 'skipped', note: 'already opened today' };
  };

  return {
    name: 'discussions',
    coachCommands: { discuss, discussion },
    jobs: {
      [DISCUSSION_OPEN_JOB]: {
        handler: (job, { now, lateMs }) => openJob(job, now, lateMs),
        policy: { maxAttempts: 20, usefulUntil: (job) => new Date(job.dueAt.getTime() + MAX_DISCUSSION_LATENESS_MS) },
      },
      [DISCUSSION_WRAPUP_JOB]: async (job) => {
        const { key, ref } = job.payload as { key: string; ref: string };
        const found = await findDiscussionByRef(db, job.platform, job.workspaceId, ref);
        if (found?.wrappedAt) return { status: 'skipped', note: 'already wrapped up' };
        const participants = await countParticipation(db, job.platform, job.workspaceId, 'reply', ref);
        const address: Address = { platform: job.platform, workspaceId: job.workspaceId, key };
        await messenger.post(address, renderDiscussionWrapUp(participants), { threadRef: ref, idempotencyKey: `${DISCUSSION_WRAPUP_JOB}:${ref}` });
        await markDiscussionWrapped(db, job.platform, job.workspaceId, ref, participants, clock.now());
        await forgetSeenEvents(db, clock.now()); // weekly housekeeping of retried-event ids
        return { status: 'done', note: `${participants} took part` };
      },
    },
    onEvent,
    onStart: async () => {
      // Self-repair: every subscribed channel with discussions on has its next one planned, and
      // every posted discussion not yet wrapped up has its wrap-up planned.
      const now = clock.now();
      await forgetSeenEvents(db, now);
      const channels = await subscribedChannelsWithoutJob(db, DISCUSSION_OPEN_JOB, 'discussion');
      for (const channel of channels) await planChannelDiscussion(db, channel, now, now);
      for (const open of await listOpenDiscussions(db)) {
        await scheduleWrapUp(db, { platform: open.platform, workspaceId: open.workspaceId, key: open.addressKey }, open.ref as string, open.closesAt ?? now, now);
      }
      if (channels.length) logger.info('planned missing weekly discussions', { count: channels.length });
    },
    help: {
      topic: 'discussions',
      entries: [
        {
          usage: '/coach discussion [<day> <HH:MM>|off]',
          description: 'The weekly "I am your customer" discussion in this channel (default Tuesday 10:00, local time): see, change or stop it.',
          example: DISCUSSION_EXAMPLE,
        },
        { usage: '/coach discuss', description: 'For managers: start this week’s discussion here now.', example: '/coach discuss' },
      ],
    },
  };
}
