// Slack payloads → neutral Inbound. Pure functions over the fields we read, so they are easy to
// test and hold no decisions: what to answer is the coach's business.

import type { Actor, Address, Inbound } from '../../src/ports.ts';
import { decodeUserText } from '../../src/coach/user-text.ts';

/** What users.info tells us about a person (see user-profile-cache.ts). */
export interface SlackProfile {
  name?: string;
  tz?: string;
  locale?: string;
  isAdmin?: boolean;
}

/** A message's ref, unique per workspace: Slack's ts is unique only within a channel. */
export function slackRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** The channel and ts of a ref made by slackRef (a thread_ts for replies in that thread). */
export function parseSlackRef(ref: string): { channel: string; ts: string } | undefined {
  const match = /^([A-Za-z0-9_]+):(\d+\.\d+)$/.exec(ref);
  return match ? { channel: match[1] as string, ts: match[2] as string } : undefined;
}

/** Slack's escaped mentions `<@U123|name>`, `<#C123|name>` → the neutral `<@U123>`, `<#C123>`. */
export function neutralMentions(text: string): string {
  return text.replace(/<([@#])([A-Za-z0-9_]+)\|[^>]*>/g, '<$1$2>');
}

/** Button action ids repeat within a block as `id#2` (see toSlackBlock); the core knows only `id`. */
export function neutralActionId(actionId: string): string {
  return actionId.replace(/#\d+$/, '');
}

function actor(teamId: string, userId: string, profile: SlackProfile, fallbackName?: string): Actor {
  const name = profile.name ?? fallbackName;
  return {
    platform: 'slack',
    workspaceId: teamId,
    userId,
    ...(name ? { name } : {}),
    ...(profile.tz ? { tz: profile.tz } : {}),
    ...(profile.locale ? { locale: profile.locale } : {}),
    ...(profile.isAdmin !== undefined ? { isAdmin: profile.isAdmin } : {}),
  };
}

function address(teamId: string, channelId: string, channelName?: string): Address {
  // Slack names DMs "directmessage" and private groups "privategroup": not useful as a label.
  const label = channelName && !['directmessage', 'privategroup'].includes(channelName) ? `#${channelName}` : undefined;
  return { platform: 'slack', workspaceId: teamId, key: channelId, ...(label ? { label } : {}) };
}

export interface SlashCommandPayload {
  command: string;
  text: string;
  team_id: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
}

export function fromSlashCommand(body: SlashCommandPayload, profile: SlackProfile, at: Date): Inbound {
  return {
    kind: 'command',
    command: body.command.replace(/^\//, ''),
    // Slack sends &, < and > typed into a command escaped (&amp; &lt; &gt;): the core gets the characters.
    text: decodeUserText(neutralMentions(body.text ?? '')),
    from: actor(body.team_id, body.user_id, profile, body.user_name),
    address: address(body.team_id, body.channel_id, body.channel_name),
    at,
  };
}

/** Where a button was: a channel message, an ephemeral message, a DM, or the App Home tab. */
export interface ButtonContainer {
  kind: 'message' | 'ephemeral' | 'home';
  channel?: string;
  messageTs?: string;
}

export interface BlockActionPayload {
  team?: { id: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  channel?: { id: string; name?: string };
  container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string };
  view?: { type?: string };
}

export function buttonContainer(body: BlockActionPayload): ButtonContainer {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const messageTs = body.container?.message_ts ?? body.message?.ts;
  if (body.container?.type === 'view' || body.view?.type === 'home') return { kind: 'home' };
  if (body.container?.is_ephemeral) return { kind: 'ephemeral', channel, messageTs };
  return { kind: 'message', channel, messageTs };
}

export function fromBlockAction(
  body: BlockActionPayload,
  action: { action_id: string; value?: string },
  profile: SlackProfile,
  at: Date,
): Inbound {
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const container = buttonContainer(body);
  // A button on the App Home tab has no channel: the person's own space is their address.
  const where = container.channel ? address(teamId, container.channel, body.channel?.name) : address(teamId, `@home:${body.user.id}`);
  return {
    kind: 'action',
    actionId: neutralActionId(action.action_id),
    ...(action.value !== undefined ? { value: action.value } : {}),
    from: actor(teamId, body.user.id, profile, body.user.name ?? body.user.username),
    address: where,
    ...(container.channel && container.messageTs && container.kind === 'message' ? { messageRef: slackRef(container.channel, container.messageTs) } : {}),
    at,
  };
}

export interface ReactionEventPayload {
  type: 'reaction_added' | 'reaction_removed';
  user: string;
  item: { type: string; channel?: string; ts?: string };
}

export function fromReaction(teamId: string, eventId: string, event: ReactionEventPayload, at: Date): Inbound | undefined {
  if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return undefined;
  return {
    kind: event.type === 'reaction_added' ? 'reaction' : 'reaction_removed',
    from: actor(teamId, event.user, {}),
    address: address(teamId, event.item.channel),
    targetRef: slackRef(event.item.channel, event.item.ts),
    eventId,
    at,
  };
}

export interface MessageEventPayload {
  subtype?: string;
  user?: string;
  bot_id?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
}

/** A person's reply in a thread (not the thread's parent, not edits/deletes, not bots). */
export function fromThreadReply(teamId: string, eventId: string, event: MessageEventPayload, at: Date): Inbound | undefined {
  if (event.subtype || event.bot_id || !event.user || !event.thread_ts || event.thread_ts === event.ts) return undefined;
  return {
    kind: 'reply',
    from: actor(teamId, event.user, {}),
    address: address(teamId, event.channel),
    targetRef: slackRef(event.channel, event.thread_ts),
    eventId,
    at,
  };
}

export interface MemberJoinedPayload {
  user: string;
  channel: string;
  inviter?: string;
}

/** The coach itself was added to a channel; the inviter (when Slack says) is who added it. */
export function fromBotJoined(teamId: string, event: MemberJoinedPayload, at: Date): Inbound {
  return {
    kind: 'installed',
    from: actor(teamId, event.inviter ?? event.user, {}),
    address: address(teamId, event.channel),
    at,
  };
}

/**
 * A block action's value. Buttons carry one; a users_select (the person picker) carries the picked
 * user, and the picker's own value is in its block_id (see toSlackBlock): `<value>|<user id>`.
 */
export function actionValue(action: { value?: unknown; selected_user?: unknown; block_id?: unknown }, pickerPrefix: string): string | undefined {
  if (typeof action.selected_user === 'string' && typeof action.block_id === 'string' && action.block_id.startsWith(pickerPrefix)) {
    return `${action.block_id.slice(pickerPrefix.length)}|${action.selected_user}`;
  }
  return typeof action.value === 'string' ? action.value : undefined;
}

export interface UserStatusPayload {
  user: {
    id: string;
    team_id?: string;
    name?: string;
    real_name?: string;
    tz?: string;
    profile?: { status_text?: string; status_emoji?: string; status_expiration?: number; display_name?: string };
  };
}

/** user_status_changed / user_change → a status Inbound, or none when the status is empty. */
export function fromUserStatus(teamId: string, event: UserStatusPayload, at: Date): Inbound | undefined {
  const { user } = event;
  const profile = user.profile ?? {};
  const text = (profile.status_text ?? '').trim();
  const emoji = (profile.status_emoji ?? '').trim();
  if (!text && !emoji) return undefined;
  const workspace = user.team_id ?? teamId;
  const name = profile.display_name || user.real_name || user.name;
  return {
    kind: 'status',
    from: actor(workspace, user.id, { ...(name ? { name } : {}), ...(user.tz ? { tz: user.tz } : {}) }),
    address: address(workspace, `@dm:${user.id}`),
    statusText: decodeUserText(text),
    statusEmoji: emoji,
    // Slack: seconds since the epoch, 0 for "don't clear".
    ...(profile.status_expiration ? { expiresAt: new Date(profile.status_expiration * 1000) } : {}),
    at,
  };
}
