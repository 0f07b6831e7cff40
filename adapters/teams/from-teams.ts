// Teams activity → neutral Inbound. Pure functions: no SDK calls, no I/O, so they are easy to test
// and the adapter stays a thin shell around them.
//
// Teams facts this relies on:
// - The tenant id is in channelData.tenant.id (and conversation.tenantId); every key is per tenant.
// - In a channel, the bot only hears messages that @mention it; the mention is part of the text
//   (`<at>Service Coach</at> coach today`) and listed in `entities` (type 'mention').
// - A reply in a channel thread arrives with conversation.id `19:…@thread.tacv2;messageid=<root id>`.
// - Action.Submit on an Adaptive Card arrives as a message activity with `value` = the action data
//   and `replyToId` = the card's activity id.

import type { Activity, ChannelAccount } from 'botbuilder';
import type { Actor, Address, Inbound } from '../../src/ports.ts';
import { HINT_SUBCOMMAND } from '../../src/coach/welcome-feature.ts';
import { pickerInputId } from './to-adaptive-card.ts';

/** The data every Action.Submit of ours carries. */
export interface CardSubmitData {
  actionId: string;
  value?: string;
}

interface MentionEntity {
  type: 'mention';
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
  text?: string;
}

export function tenantOf(activity: Partial<Activity>): string {
  const fromChannelData = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return fromChannelData ?? activity.conversation?.tenantId ?? 'unknown-tenant';
}

/** A channel thread's conversation id carries `;messageid=<root>`; the channel itself is the part before. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

export function threadRootOf(conversationId: string): string | undefined {
  return /;messageid=([^;]+)/.exec(conversationId)?.[1];
}

/** A message ref unique per tenant, built the same way for our posts, reactions and thread replies. */
export function messageRef(conversationId: string, activityId: string): string {
  return `${baseConversationId(conversationId)}:${activityId}`;
}

/** The inverse of messageRef: where to send a reply in that message's thread. */
export function threadConversationId(ref: string): { conversationId: string; rootId: string } | undefined {
  const at = ref.lastIndexOf(':');
  if (at <= 0) return undefined;
  const base = ref.slice(0, at);
  const rootId = ref.slice(at + 1);
  return { conversationId: `${base};messageid=${rootId}`, rootId };
}

export function isPersonal(activity: Partial<Activity>): boolean {
  return activity.conversation?.conversationType === 'personal';
}

/** IANA zone of the sender: Teams sends `localTimezone` on the activity, older clients a clientInfo entity. */
export function timezoneOf(activity: Partial<Activity>): string | undefined {
  if (activity.localTimezone) return activity.localTimezone;
  const clientInfo = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { timezone?: string } | undefined;
  return clientInfo?.timezone || undefined;
}

export function actorOf(activity: Partial<Activity>, account: Partial<ChannelAccount> | undefined = activity.from): Actor {
  return {
    platform: 'teams',
    workspaceId: tenantOf(activity),
    userId: account?.aadObjectId ?? account?.id ?? 'unknown-user',
    name: account?.name || undefined,
    tz: account === activity.from ? timezoneOf(activity) : undefined,
    // The sender's client locale ("en-GB"): decides how a numeric date such as 3/12 reads.
    locale: account === activity.from ? activity.locale || undefined : undefined,
  };
}

export function addressOf(activity: Partial<Activity>): Address {
  const channel = (activity.channelData as { channel?: { name?: string } } | undefined)?.channel;
  return {
    platform: 'teams',
    workspaceId: tenantOf(activity),
    key: baseConversationId(activity.conversation?.id ?? 'unknown-conversation'),
    label: channel?.name || undefined,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The message text as the coach should read it: the bot's own mention removed, other people's
 * mentions turned into the neutral `<@aadObjectId>`, Teams' HTML-ish leftovers cleaned.
 */
export function plainTextOf(activity: Partial<Activity>, botId: string | undefined): string {
  let text = activity.text ?? '';
  const mentions = (activity.entities ?? []).filter((e) => e.type === 'mention') as MentionEntity[];
  for (const mention of mentions) {
    const mentioned = mention.mentioned;
    const shown = mention.text ?? (mentioned?.name ? `<at>${mentioned.name}</at>` : undefined);
    if (!shown) continue;
    const isBot = mentioned?.id !== undefined && (mentioned.id === botId || mentioned.id === activity.recipient?.id);
    const replacement = isBot ? ' ' : `<@${mentioned?.aadObjectId ?? mentioned?.id ?? ''}>`;
    text = text.replace(new RegExp(escapeRegExp(shown), 'i'), replacement);
  }
  // Any <at>…</at> left is a mention Teams did not list: drop the tags, keep the name.
  text = text.replace(/<\/?at>/gi, '').replace(/&nbsp;/g, ' ').replace(/<br\s*\/?>/gi, '\n');
  return text.replace(/[ \t]+/g, ' ').trim();
}

export function mentionsBot(activity: Partial<Activity>, botId: string | undefined): boolean {
  return (activity.entities ?? []).some((e) => {
    const id = (e as MentionEntity).mentioned?.id;
    return e.type === 'mention' && id !== undefined && (id === botId || id === activity.recipient?.id);
  });
}

/** `coach today`, `/coach today`, `promise-callback …`: the first word names one of the coach's commands. */
export function parseCommand(text: string, commandNames: readonly string[]): { command: string; text: string } | undefined {
  const match = /^\/?([a-z][\w-]*)\b\s*([\s\S]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const name = (match[1] ?? '').toLowerCase();
  if (!commandNames.includes(name)) return undefined;
  return { command: name, text: (match[2] ?? '').trim() };
}

/**
 * A submit's value; a person picker's submit also carries the picked person in its input
 * (`person.<value>`, see toAdaptiveCard): `<value>|<user id>`.
 */
function submittedValue(data: CardSubmitData): string | undefined {
  if (data.value === undefined) return undefined;
  const picked = (data as unknown as Record<string, unknown>)[pickerInputId(data.value)];
  return typeof picked === 'string' && picked ? `${data.value}|${picked}` : data.value;
}

function isSubmit(value: unknown): value is CardSubmitData {
  return typeof value === 'object' && value !== null && typeof (value as CardSubmitData).actionId === 'string';
}

export interface FromTeamsOptions {
  botId?: string;
  commandNames: readonly string[];
  at: Date;
}

/**
 * Translate one activity. Several Inbounds are possible (a conversationUpdate can add the bot and
 * people at once); none when the activity means nothing to the coach.
 */
export function fromTeamsActivity(activity: Partial<Activity>, options: FromTeamsOptions): Inbound[] {
  const from = actorOf(activity);
  const address = addressOf(activity);
  const at = options.at;
  const conversationId = activity.conversation?.id ?? '';
  switch (activity.type) {
    case 'message': {
      if (isSubmit(activity.value)) {
        return [
          {
            kind: 'action',
            from,
            address,
            actionId: activity.value.actionId,
            value: submittedValue(activity.value),
            at,
            messageRef: activity.replyToId ? messageRef(conversationId, activity.replyToId) : undefined,
          },
        ];
      }
      const text = plainTextOf(activity, options.botId);
      // In a channel or group chat a command needs the @mention: with the ChannelMessage.Read.Group
      // permission the coach hears every message, and "coach today was great" is not a command.
      const command = isPersonal(activity) || mentionsBot(activity, options.botId) ? parseCommand(text, options.commandNames) : undefined;
      if (command) return [{ kind: 'command', from, address, command: command.command, text: command.text, at }];
      const root = threadRootOf(conversationId);
      if (root && activity.id) {
        return [{ kind: 'reply', from, address, targetRef: messageRef(conversationId, root), eventId: `teams:${activity.id}`, at }];
      }
      // Words the coach cannot act on, said to it (a 1:1 chat, or an @mention): a short hint beats silence.
      if (text && (isPersonal(activity) || mentionsBot(activity, options.botId))) return [{ kind: 'command', from, address, command: 'coach', text: HINT_SUBCOMMAND, at }];
      return [];
    }
    case 'messageReaction': {
      if (!activity.replyToId) return [];
      const targetRef = messageRef(conversationId, activity.replyToId);
      const events: Inbound[] = [];
      for (const reaction of activity.reactionsAdded ?? []) {
        events.push({ kind: 'reaction', from, address, targetRef, eventId: `teams:${activity.id ?? ''}:+${reaction.type}:${from.userId}`, at });
      }
      for (const reaction of activity.reactionsRemoved ?? []) {
        events.push({ kind: 'reaction_removed', from, address, targetRef, eventId: `teams:${activity.id ?? ''}:-${reaction.type}:${from.userId}`, at });
      }
      return events;
    }
    case 'conversationUpdate': {
      const botId = options.botId ?? activity.recipient?.id;
      const botAdded = (activity.membersAdded ?? []).some((m) => m.id === botId || m.id === activity.recipient?.id);
      return botAdded ? [{ kind: 'installed', from, address, at }] : [];
    }
    case 'installationUpdate': {
      return activity.action === 'add' || activity.action === 'add-upgrade' ? [{ kind: 'installed', from, address, at }] : [];
    }
    default:
      return [];
  }
}
