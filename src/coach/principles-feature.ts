// Daily principles: `/coach today`, subscriptions, the "Got it" button, and the scheduled post.

import type { Address, Outbound } from '../ports.ts';
import type { Principle } from '../content/content-schema.ts';
import { isValidZone } from '../zone-names.ts';
import { cancelPendingJobs } from '../store/jobs-repo.ts';
import { channelSubject } from '../store/job-subjects.ts';
import { channelAddress, ensureChannel, findChannel, firstSubscribedChannelKey, saveSubscription, subscribedChannelsWithoutJob, type Channel } from '../store/channels-repo.ts';
import { findDailyPick, loadRotation, saveDailyPick, saveRotation } from '../store/rotation-repo.ts';
import { countParticipation, hasPostFor, recordParticipation, recordPost } from '../store/posts-repo.ts';
import { formatTimeOfDay, localDate, parseTimeOfDay, type PostDays } from './daily-schedule.ts';
import { nextPostTime, planNextDailyPost, PRINCIPLE_POST_JOB } from './daily-post-plan.ts';
import { dayOffReason, describeDayOff, loadChannelCalendar, upcomingDaysOff } from './calendar/channel-calendar.ts';
import { describeHolidayRegion } from './calendar/holiday-regions.ts';
import { isWorkDay } from './work-days.ts';
import { formatWhenWithRelative } from './format-time.ts';
import { describeWorkDays, parseWorkDays } from './work-days.ts';
import { ACK_ACTION, parseAckValue, renderPrinciple } from './principle-message.ts';
import { takeNext } from './rotation.ts';
import { dailyDeck } from './daily-deck.ts';
import { echo, privateMessage, problem } from './messages.ts';
import type { CoachDeps } from './deps.ts';
import type { ActionInbound, CommandInbound, EventInbound, Feature } from './feature.ts';
import { planDiscussionAfterSubscribe, stopChannelDiscussion } from './discussion-schedule.ts';
import { recordAudit } from '../store/audit-repo.ts';

export { PRINCIPLE_POST_JOB };
/** After downtime, a daily post more than this late is skipped rather than sent at night. */
export const MAX_POST_LATENESS_MS = 3 * 60 * 60 * 1000;

const SUBSCRIBE_EXAMPLE = '/coach subscribe 09:00 Europe/London weekdays';

export { channelSubject };

export function createPrinciplesFeature(deps: CoachDeps): Feature {
  const { db, clock, content, messenger, logger, config, random } = deps;
  const deck = dailyDeck(content);
  const byId = new Map(deck.map((p) => [p.id, p] as const));
  const deckIds = deck.map((p) => p.id);

  const channelFor = (address: Address, zone?: string): Promise<Channel> =>
    ensureChannel(db, address, zone && isValidZone(zone) ? zone : config.defaultTimezone, clock.now());

  /** The principle for a channel on a local day: picked once (advancing the rotation), then fixed. */
  const principleForDay = (address: Address, day: string): Promise<Principle> =>
    db.transaction().execute(async (trx) => {
      const picked = await findDailyPick(trx, address, day);
      const known = picked ? byId.get(picked) : undefined;
      if (known) return known;
      const { id, state } = takeNext(await loadRotation(trx, address), deckIds, random);
      await saveRotation(trx, address, state);
      await saveDailyPick(trx, address, day, id);
      return byId.get(id) as Principle;
    });

  const ackTarget = (address: Address, day: string) => `principle:${address.key}:${day}`;

  const scheduleNextPost = (channel: Channel, after: Date): Promise<Date> => planNextDailyPost(db, channel, after, clock.now());

  const describeSchedule = (channel: Channel, capital = true): string =>
    `${describeWorkDays(channel.postDays, capital)} at ${channel.postTime} (${channel.timezone})`;

  const today = async (command: CommandInbound): Promise<Outbound[]> => {
    const channel = await channelFor(command.address, command.from.tz);
    const now = clock.now();
    const today = localDate(now, channel.timezone);
    // On a day off the channel's rotation does not move: show the principle its next post brings.
    const calendar = await loadChannelCalendar(db, command.address, today);
    const off = dayOffReason(calendar, today);
    const nextPost = off && channel.subscribed ? nextPostTime(channel, calendar, now) : undefined;
    const day = nextPost ? localDate(nextPost, channel.timezone) : today;
    const principle = await principleForDay(command.address, day);
    const ackCount = await countParticipation(db, command.address.platform, command.address.workspaceId, 'ack', ackTarget(command.address, day));
    const shown = renderPrinciple(principle, { localDate: day, visibility: 'private', ackCount });
    if (!nextPost) return [shown];
    const why = off === 'closed' ? 'the team is closed today' : `today is ${off}`;
    return [privateMessage(`No daily post here today: ${why}. This is the principle the next one brings, ${formatWhenWithRelative(nextPost, channel.timezone, now)}.`), shown];
  };

  const subscribe = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const existing = await channelFor(command.address, command.from.tz);
    let time: string | undefined;
    let zone: string | undefined;
    let days: PostDays | undefined;
    // "mon, tue, thu" is one list of days.
    for (const token of args.replace(/\s*,\s*/g, ',').split(/\s+/).filter(Boolean)) {
      const parsedTime = parseTimeOfDay(token);
      const workDays = parseWorkDays(token);
      if (parsedTime) time = formatTimeOfDay(parsedTime.hour, parsedTime.minute);
      else if (workDays) days = workDays;
      else if (isValidZone(token)) zone = token;
      else if (/^\d/.test(token)) return [problem(`“${echo(token)}” is not a time I understand: use 24-hour HH:MM.`, SUBSCRIBE_EXAMPLE)];
      else if (token.includes('/') || /^[A-Z]{2,5}$/.test(token)) return [problem(`“${echo(token)}” is not a timezone I know: use an IANA name like America/New_York.`, SUBSCRIBE_EXAMPLE)];
      else return [problem(`I didn't understand “${echo(token)}”. Give a time, a timezone and the days (weekdays, daily, or like sun-thu or mon,tue,thu), in any order.`, SUBSCRIBE_EXAMPLE)];
    }
    const now = clock.now();
    const channel = await db.transaction().execute(async (trx) => {
      const saved = await saveSubscription(
        trx,
        command.address,
        { subscribed: true, postTime: time ?? existing.postTime, timezone: zone ?? existing.timezone, postDays: days ?? existing.postDays },
        command.from.userId,
        now,
      );
      await cancelPendingJobs(trx, channelSubject(command.address), now, [PRINCIPLE_POST_JOB]);
      await recordAudit(trx, {
        platform: command.address.platform,
        workspaceId: command.address.workspaceId,
        actorId: command.from.userId,
        at: now,
        action: 'subscribe',
        subject: command.address.key,
        before: existing.subscribed ? describeSchedule(existing) : 'off',
        after: describeSchedule(saved),
      });
      return saved;
    });
    const next = await scheduleNextPost(channel, now);
    const discussion = await planDiscussionAfterSubscribe(db, command.address, now); // the weekly "I am your customer" thread
    logger.info('channel subscribed', { platform: channel.platform, workspaceId: channel.workspaceId, channel: channel.key });
    const text = `You're subscribed ✅ This channel gets a service principle ${describeSchedule(channel, false)}. Next one: ${formatWhenWithRelative(next, channel.timezone, now)}.`;
    const discussionText = discussion
      ? `The weekly “I am your customer” discussion starts ${formatWhenWithRelative(discussion, channel.timezone, now)}; change it with \`/coach discussion\`.`
      : undefined;
    return [
      privateMessage(discussionText ? `${text}\n${discussionText}` : text, [
        { type: 'text', text },
        ...(discussionText ? [{ type: 'text' as const, text: discussionText }] : []),
        { type: 'context', text: 'Change it any time with `/coach subscribe HH:MM Zone weekdays|daily|sun-thu`, or stop with `/coach unsubscribe`.' },
      ]),
    ];
  };

  const unsubscribe = async (command: CommandInbound): Promise<Outbound[]> => {
    const channel = await findChannel(db, command.address);
    if (!channel?.subscribed) return [privateMessage('This channel isn’t subscribed, so there is nothing to stop. Start with `/coach subscribe`.')];
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await saveSubscription(trx, command.address, { subscribed: false }, command.from.userId, now);
      await cancelPendingJobs(trx, channelSubject(command.address), now, [PRINCIPLE_POST_JOB]);
      await stopChannelDiscussion(trx, command.address, now);
      await recordAudit(trx, {
        platform: command.address.platform,
        workspaceId: command.address.workspaceId,
        actorId: command.from.userId,
        at: now,
        action: 'unsubscribe',
        subject: command.address.key,
        before: describeSchedule(channel),
        after: 'off',
      });
    });
    return [privateMessage('Daily principles and the weekly discussion are off for this channel. `/coach subscribe` brings them back, and `/coach today` still works any time.')];
  };

  const settings = async (command: CommandInbound): Promise<Outbound[]> => {
    const channel = await findChannel(db, command.address);
    if (!channel?.subscribed) {
      return [privateMessage('This channel isn’t subscribed to daily principles yet. Try `/coach subscribe 09:00 Europe/London weekdays`.')];
    }
    const now = clock.now();
    const calendar = await loadChannelCalendar(db, command.address, localDate(now, channel.timezone));
    const next = nextPostTime(channel, calendar, now);
    const skipped = upcomingDaysOff(calendar, localDate(now, channel.timezone), (weekday) => isWorkDay(weekday, channel.postDays), 3);
    const fields = [
      { label: 'Daily principle', value: describeSchedule(channel) },
      { label: 'Next post', value: formatWhenWithRelative(next, channel.timezone, now) },
      { label: 'Holidays', value: calendar.region ? `${describeHolidayRegion(calendar.region)} public holidays are skipped` : 'None skipped (`/coach holidays US` picks a region)' },
      { label: 'Next days skipped', value: skipped.length ? skipped.map(describeDayOff).join(', ') : 'None (`/coach closed 2026-12-24` adds a closed day)' },
    ];
    return [
      {
        text: fields.map((f) => `${f.label}: ${f.value}`).join('\n'),
        blocks: [{ type: 'header', text: 'Settings for this channel' }, { type: 'fields', fields }],
        visibility: 'private',
      },
    ];
  };

  /**
   * The coach came back to a channel it had paused because it could no longer post there (Slack:
   * invited back after a removal; Teams: the app added to the team again): the schedule resumes
   * as it was, and the channel hears so. A channel someone unsubscribed stays off.
   */
  const resumeIfPaused = async (event: EventInbound): Promise<void> => {
    const channel = await findChannel(db, event.address);
    if (!channel || channel.subscribed || !channel.pausedReason) return;
    const now = clock.now();
    const resumed = await db.transaction().execute(async (trx) => {
      const saved = await saveSubscription(trx, event.address, { subscribed: true }, event.from.userId, now);
      await cancelPendingJobs(trx, channelSubject(event.address), now, [PRINCIPLE_POST_JOB]);
      return saved;
    });
    const next = await scheduleNextPost(resumed, now);
    await planDiscussionAfterSubscribe(db, event.address, now);
    logger.info('channel resumed after the coach came back', { platform: resumed.platform, workspaceId: resumed.workspaceId, was: channel.pausedReason });
    const text = `Thanks for having me back! Daily principles are on again here, ${describeSchedule(resumed, false)}. Next one: ${formatWhenWithRelative(next, resumed.timezone, now)}.`;
    await messenger.post(channelAddress(resumed), { ...privateMessage(text), visibility: 'channel' });
  };

  const acknowledge = async (action: ActionInbound): Promise<Outbound[]> => {
    const parsed = parseAckValue(action.value);
    const principle = parsed && byId.get(parsed.principleId);
    if (!parsed || !principle) return [privateMessage('That button is from an older version of the coach; `/coach today` shows the current principle.')];
    const first = await recordParticipation(db, {
      platform: action.address.platform,
      workspaceId: action.address.workspaceId,
      userId: action.from.userId,
      kind: 'ack',
      addressKey: action.address.key,
      target: ackTarget(action.address, parsed.localDate),
      dedupeKey: `ack:${action.address.platform}:${action.address.workspaceId}:${action.from.userId}:${action.address.key}:${parsed.localDate}`,
      at: clock.now(),
    });
    if (!first) return [privateMessage('You’ve already acknowledged this one. Thanks for putting it to work! 🙌')];
    const ackCount = await countParticipation(db, action.address.platform, action.address.workspaceId, 'ack', ackTarget(action.address, parsed.localDate));
    return [
      { ...renderPrinciple(principle, { localDate: parsed.localDate, visibility: 'channel', ackCount }), replaceOriginal: true },
      privateMessage(`Noted, thanks! Try it out today: ${principle.howToUse}`),
    ];
  };

  return {
    name: 'principles',
    coachCommands: { today, subscribe, unsubscribe, settings },
    actions: { [ACK_ACTION]: acknowledge },
    onEvent: async (event) => {
      if (event.kind === 'installed') await resumeIfPaused(event);
    },
    jobs: {
      [PRINCIPLE_POST_JOB]: {
        // A failing platform is retried while the post is still worth posting (not at night).
        policy: { maxAttempts: 20, usefulUntil: (job) => new Date(job.dueAt.getTime() + MAX_POST_LATENESS_MS) },
        handler: async (job, { now, lateMs }) => {
          const { key } = job.payload as { key: string };
          const address: Address = { platform: job.platform, workspaceId: job.workspaceId, key };
          const channel = await findChannel(db, address);
          if (!channel?.subscribed) return { status: 'skipped', note: 'channel no longer subscribed' };
          // Plan the next post first (idempotent), so a failure below never ends the series.
          await scheduleNextPost(channel, new Date(Math.max(now.getTime(), job.dueAt.getTime())));
          const day = localDate(job.dueAt, channel.timezone);
          // Planned before the day was made a day off: skipped, so the rotation keeps its principle.
          const off = dayOffReason(await loadChannelCalendar(db, address, day), day);
          if (off) return { status: 'skipped', note: `day off: ${off}` };
          if (lateMs > MAX_POST_LATENESS_MS) {
            return { status: 'skipped', note: `${Math.round(lateMs / 60_000)} min late after downtime; not posting out of hours` };
          }
          if (await hasPostFor(db, address, 'principle', day)) return { status: 'skipped', note: 'already posted today' };
          const principle = await principleForDay(address, day);
          const { ref } = await messenger.post(channelAddress(channel), renderPrinciple(principle, { localDate: day, visibility: 'channel' }), {
            idempotencyKey: `principle:${channelSubject(address)}:${day}`,
          });
          await recordPost(db, address, { ref, kind: 'principle', itemId: principle.id, localDate: day }, clock.now());
          return { status: 'done' };
        },
      },
    },
    onStart: async () => {
      // Self-repair: every subscribed channel must have its next post planned.
      const now = clock.now();
      const rows = await subscribedChannelsWithoutJob(db, PRINCIPLE_POST_JOB, 'channel');
      for (const channel of rows) await scheduleNextPost(channel, now);
      if (rows.length) logger.info('planned missing daily posts', { count: rows.length });
    },
    homeSection: async (actor) => {
      // Today's principle of the person's team: the first subscribed channel of the workspace,
      // else a workspace-wide pick so the home view is never empty.
      const key = await firstSubscribedChannelKey(db, actor.platform, actor.workspaceId);
      const address: Address = { platform: actor.platform, workspaceId: actor.workspaceId, key: key ?? '@home' };
      const channel = await channelFor(address, actor.tz);
      const principle = await principleForDay(address, localDate(clock.now(), channel.timezone));
      return [
        { type: 'text', text: "*Today's service principle*" },
        { type: 'quote', text: principle.text, author: principle.author },
        { type: 'context', text: `Try it today: ${principle.howToUse}` },
      ];
    },
    help: {
      topic: 'principles',
      entries: [
        { usage: '/coach today', description: "Today's service principle for this channel (the same one all day).", example: '/coach today' },
        {
          usage: '/coach subscribe [HH:MM] [timezone] [weekdays|daily|days]',
          description: 'Post a principle to this channel on its working days at a local time (default 09:00, weekdays; or your own days, like sun-thu or mon,tue,thu).',
          example: SUBSCRIBE_EXAMPLE,
        },
        { usage: '/coach unsubscribe', description: 'Stop the daily posts in this channel.', example: '/coach unsubscribe' },
        { usage: '/coach settings', description: "This channel's schedule and when the next post comes.", example: '/coach settings' },
      ],
    },
  };
}

