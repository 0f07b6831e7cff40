// Out of office: `/coach away until <date>`, `/coach back`, and the Slack status hint ("Vacationing"
// → asked once, privately, whether to treat it as away). While someone is away no reminders go to
// them (the ladder asks, see handover.ts); when they set away, each open promise that falls
// due meanwhile is offered for handover, rescheduling, or keeping.

import { DateTime } from 'luxon';
import type { Actor, Address, Block, Outbound } from '../../ports.ts';
import { awayAt, endAway, firstAskAbout, setAway } from '../../store/away-repo.ts';
import { listOpenPromises } from '../../store/promises-repo.ts';
import { rememberPerson } from '../../store/people-repo.ts';
import type { CoachDeps } from '../deps.ts';
import type { ActionInbound, CommandInbound, EventInbound, Feature } from '../feature.ts';
import { echo, plain, privateMessage, problem } from '../messages.ts';
import { describeAway, formatDay, personOf } from '../availability/away.ts';
import { parseAwayDate } from '../availability/parse-away-date.ts';
import { zoneForActor } from '../zones.ts';
import { createHandovers } from './handover.ts';
import { renderAwayOffer } from './handover-messages.ts';
import { nextWorkDayMorning } from './work-day-snooze.ts';

const AWAY_EXAMPLE = '/coach away until Friday';
/** Promises offered one by one when setting away; the rest are listed by `/promise-callback list`. */
const OFFERED = 10;

export const AWAY_ACTIONS = {
  /** From the status hint: value = the last away day, yyyy-mm-dd. */
  confirm: 'away.confirm',
  dismiss: 'away.dismiss',
} as const;

/** Slack's own presets ("Vacationing" 🌴, "Out sick" 🤒) and the words people type. */
const AWAY_WORDS = /\b(out of (the )?office|ooo|vacation|vacationing|on holiday|on holidays|on leave|annual leave|parental leave|pto|off sick|out sick|sick leave)\b/i;
const AWAY_EMOJI = new Set([':palm_tree:', ':desert_island:', ':beach_with_umbrella:', ':face_with_thermometer:', ':airplane:']);

export function looksAway(text: string, emoji: string): boolean {
  return AWAY_WORDS.test(text) || AWAY_EMOJI.has(emoji);
}

export function createAwayFeature(deps: CoachDeps): Feature {
  const { db, clock, config, messenger, logger } = deps;
  const log = logger.child({ feature: 'away' });
  const handovers = createHandovers(deps);

  /** Mark them away for [first day or now, end of last day) and offer what falls due meanwhile. */
  const goAway = async (actor: Actor, address: Address | undefined, lastDay: DateTime, firstDay: DateTime | undefined): Promise<Outbound[]> => {
    const now = clock.now();
    await rememberPerson(db, actor, now);
    const zone = await zoneForActor(db, actor, address, config.defaultTimezone);
    const startsAt = firstDay && firstDay.toMillis() > now.getTime() ? firstDay.setZone(zone, { keepLocalTime: true }).startOf('day').toJSDate() : now;
    const endsAt = lastDay.setZone(zone, { keepLocalTime: true }).plus({ days: 1 }).startOf('day').toJSDate();
    if (endsAt.getTime() <= startsAt.getTime()) return [problem('Your last day away comes before your first one.', '/coach away from Monday until Friday')];
    const period = await setAway(db, personOf(actor), { startsAt, endsAt, setBy: actor.userId }, now);
    log.info('away set', { platform: actor.platform, workspaceId: actor.workspaceId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
    const line = `🌴 Got it: you're ${describeAway(period, zone, now)}. No reminders will come to you while you're away; \`/coach back\` ends it early.`;
    const due = (await listOpenPromises(db, actor.platform, actor.workspaceId, actor.userId)).filter((p) => p.dueAt.getTime() < endsAt.getTime());
    const blocks: Block[] = [{ type: 'text', text: line }];
    if (due.length) {
      const items = await Promise.all(due.slice(0, OFFERED).map(async (p) => ({ promise: p, backAt: await nextWorkDayMorning(db, p, new Date(endsAt.getTime() - 1)) })));
      blocks.push(...renderAwayOffer(items, await handovers.colleagues(actor), now, due.length - items.length));
    } else {
      blocks.push({ type: 'context', text: 'None of your open promises falls due while you are away.' });
    }
    const text = [line, ...due.map((p) => `#${p.id} is due while you're away: hand it over with /promise-callback handover ${p.id} @name`)].join('\n');
    return [{ text: plain(text), blocks, visibility: 'private' }];
  };

  const away = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    const now = clock.now();
    const zone = await zoneForActor(db, from, command.address, config.defaultTimezone);
    const locale = from.locale ?? config.defaultLocale;
    const text = args.trim();
    if (!text) {
      const current = await awayAt(db, personOf(from), now);
      return [problem(current ? `You're ${describeAway(current, zone, now)}. \`/coach back\` ends it.` : 'Until when are you away? Give your last day away.', AWAY_EXAMPLE)];
    }
    const range = /^(?:from\s+(.+?)\s+)?(?:until|till|til|to|through)\s+(.+)$/i.exec(text);
    const lastText = range ? (range[2] ?? '') : text;
    const last = parseAwayDate(lastText, now, zone, locale);
    if (!last.ok) return [problem(last.message, AWAY_EXAMPLE)];
    const first = range?.[1] ? parseAwayDate(range[1], now, zone, locale) : undefined;
    if (first && !first.ok) return [problem(first.message, '/coach away from Monday until Friday')];
    return goAway(from, command.address, last.day, first?.day);
  };

  const back = async (command: CommandInbound): Promise<Outbound[]> => {
    const ended = await endAway(db, personOf(command.from), clock.now());
    return [privateMessage(ended ? "👋 Welcome back! Your reminders come to you again. `/promise-callback list` shows what's open." : "You weren't set as away, so nothing changed.")];
  };

  /** A status that says out of office: ask once, privately, whether to treat it as away. */
  const onEvent = async (event: EventInbound): Promise<void> => {
    if (event.kind !== 'status' || !looksAway(event.statusText, event.statusEmoji)) return;
    const now = clock.now();
    const who = personOf(event.from);
    if (await awayAt(db, who, now)) return;
    if (!(await firstAskAbout(db, who, `${event.statusEmoji}|${event.statusText}|${event.expiresAt?.getTime() ?? ''}`, now))) return;
    await rememberPerson(db, event.from, now);
    const zone = await zoneForActor(db, event.from, undefined, config.defaultTimezone);
    const lastDay = event.expiresAt && event.expiresAt.getTime() > now.getTime() ? DateTime.fromMillis(event.expiresAt.getTime() - 1, { zone }) : undefined;
    // The words only: an emoji shortcode (:palm_tree:) reads as markup on some platforms.
    const status = echo(event.statusText, 100) || 'out of office';
    const question = lastDay
      ? `I see your status says “${status}”. Shall I treat you as away until ${formatDay(lastDay.toJSDate(), zone)}? No reminders would come to you, and I'd offer your promises due meanwhile for handover.`
      : `I see your status says “${status}”. Shall I treat you as away? Tell me your last day away with \`${AWAY_EXAMPLE}\`: no reminders would come to you, and I'd offer your promises due meanwhile for handover.`;
    const buttons = [
      ...(lastDay ? [{ actionId: AWAY_ACTIONS.confirm, label: `Yes, away until ${formatDay(lastDay.toJSDate(), zone)}`, value: lastDay.toISODate() ?? '', style: 'primary' as const }] : []),
      { actionId: AWAY_ACTIONS.dismiss, label: "No, I'm working" },
    ];
    await messenger.dm(event.from, { text: plain(question), blocks: [{ type: 'text', text: question }, { type: 'actions', buttons }], visibility: 'private' });
  };

  const onConfirm = async (action: ActionInbound): Promise<Outbound[]> => {
    const zone = await zoneForActor(db, action.from, undefined, config.defaultTimezone);
    const last = parseAwayDate(action.value ?? '', clock.now(), zone);
    if (!last.ok) return [problem(last.message, AWAY_EXAMPLE)];
    const [first, ...rest] = await goAway(action.from, undefined, last.day, undefined);
    return first ? [{ ...first, replaceOriginal: true }, ...rest] : [];
  };

  const onDismiss = (): Promise<Outbound[]> => Promise.resolve([{ ...privateMessage("OK, I'll keep reminding you as usual. If you do go away, `/coach away until <date>` tells me."), replaceOriginal: true }]);

  return {
    name: 'away',
    coachCommands: { away, back },
    actions: { [AWAY_ACTIONS.confirm]: onConfirm, [AWAY_ACTIONS.dismiss]: onDismiss },
    onEvent,
    help: {
      topic: 'availability',
      entries: [
        {
          usage: '/coach away until <date>',
          description: 'Out of office: no reminders, and your promises due meanwhile are offered for handover. `/coach back` ends it.',
          example: AWAY_EXAMPLE,
        },
        { usage: '/coach back', description: 'Back early: your reminders come to you again.', example: '/coach back' },
      ],
    },
  };
}
