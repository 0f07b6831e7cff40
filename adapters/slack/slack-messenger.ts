// The coach's own sends over the Slack Web API: channel posts, DMs, file uploads. Nothing here waits
// or retries by itself (posts go through a lean JSON caller, uploads through a WebClient with
// rejectRateLimitedCalls and retries: 0): the durable scheduler owns retries, so a job is never sent
// twice by two layers and a restart loses nothing. chat.postMessage allows about 1
// message/second/channel; a 429 comes back as RateLimitedError.
//
// No duplicate after a crash: every send with an idempotency key carries it in Slack message
// metadata, and a send whose job was recovered (checkFirst) first looks for that key in the
// conversation's recent history and answers with the message already there.

import type { webApi } from '@slack/bolt';
import type { Actor, AddressBook, Address, Messenger, Outbound, OutboundFile, SendOptions } from '../../src/ports.ts';
import { isActor } from '../../src/ports.ts';
import { parseSlackRef, slackRef } from './from-slack.ts';
import { UndeliverableError } from '../../src/errors.ts';
import { callSlack, TokenRejectedError } from './slack-errors.ts';
import type { SlackCall } from './slack-json-caller.ts';
import { toSlackMessage } from './to-block-kit.ts';
import { CodedError } from '../../src/errors.ts';

interface DmChannel {
  dmChannel: string;
}

/** The metadata event type of every message the coach posts for a job. */
export const JOB_EVENT_TYPE = 'service_coach_job';

/**
 * How far back a recovered send looks: the newest 100 messages of the conversation (one page,
 * Slack's recommended size; conversations.history is Tier 3). A job is recovered minutes after
 * its claim was lost, and the coach's own sends go one per job, so its message is near the top.
 */
const HISTORY_WINDOW = 100;
/** DM channels remembered in memory; past this the map starts over (memory stays bounded). */
const MAX_KNOWN_DM_CHANNELS = 100_000;
/** Thread replies come oldest first: follow up to this many pages of 200 for a long discussion. */
const REPLY_PAGES = 5;

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}
type HistoryPage = {
  messages?: HistoryMessage[];
  response_metadata?: { next_cursor?: string };
};

const hasKey = (key: string) => (m: HistoryMessage) => m.metadata?.event_type === JOB_EVENT_TYPE && m.metadata.event_payload?.key === key && Boolean(m.ts);

export interface SlackMessengerOptions {
  /**
   * The Web API, as the workspace a send belongs to: every send names its workspace and gets that
   * workspace's token (with one bot token, the same one), so a job for workspace A can never go
   * out with B's token.
   */
  callFor: (workspaceId: string) => Promise<SlackCall>;
  clientFor: (workspaceId: string) => Promise<webApi.WebClient>;
  addressBook: AddressBook;
  /** The workspace has no install, or Slack refused its token: park that workspace. Undefined: retry as usual. */
  onTokenRejected?: (workspaceId: string, reason: 'uninstalled' | 'token_failed') => Promise<void>;
}

export function createSlackMessenger({ callFor, clientFor, addressBook, onTokenRejected }: SlackMessengerOptions): Required<Messenger> {
  /**
   * Run one send as `workspaceId`. A workspace with no install, or whose token Slack refuses, is
   * parked as a whole (its schedule stops) and the job ends: no retry loop, no daily failure.
   */
  const as = async <T>(workspaceId: string, send: (call: SlackCall) => Promise<T>): Promise<T> => {
    try {
      return await send(await callFor(workspaceId));
    } catch (error) {
      if (!onTokenRejected) throw error;
      if (error instanceof TokenRejectedError) {
        await onTokenRejected(workspaceId, 'token_failed');
        throw new UndeliverableError(error.message, { cause: error, reason: 'uninstalled' });
      }
      if (error instanceof UndeliverableError && error.reason === 'uninstalled') await onTokenRejected(workspaceId, 'uninstalled');
      throw error;
    }
  };

  // A person's DM channel with the bot never changes, so once known it is kept in memory too: the
  // store lookup was one of the seven round trips per reminder on PostgreSQL (the figures with the
  // outcome batch: bench/README.md, "CPU per command and per reminder"). A cold cache (a new
  // replica, a restart) reads the store as before; nothing here is needed for correctness.
  const knownDmChannels = new Map<string, string>();
  /** A person's DM channel: opened once, then remembered durably (conversations.open is Tier 3). */
  const dmChannel = async (call: SlackCall, user: Actor): Promise<string> => {
    const cacheKey = `${user.workspaceId}:${user.userId}`;
    const known = knownDmChannels.get(cacheKey);
    if (known) return known;
    const saved = await addressBook.load<DmChannel>('slack', user.workspaceId, 'user', user.userId);
    let id = saved?.dmChannel;
    if (!id) {
      const opened = await call<{ channel?: { id?: string } }>('conversations.open', { users: user.userId });
      id = opened.channel?.id;
      if (!id) throw new CodedError('DELIVERY_FAILED', 'Slack conversations.open returned no channel');
      await addressBook.save('slack', user.workspaceId, 'user', user.userId, { dmChannel: id } satisfies DmChannel);
    }
    if (knownDmChannels.size >= MAX_KNOWN_DM_CHANNELS) knownDmChannels.clear();
    knownDmChannels.set(cacheKey, id);
    return id;
  };

  const postBody = (channel: string, msg: Outbound, options?: SendOptions): Record<string, unknown> => {
    const thread = options?.threadRef ? parseSlackRef(options.threadRef) : undefined;
    const metadata = options?.idempotencyKey ? { metadata: { event_type: JOB_EVENT_TYPE, event_payload: { key: options.idempotencyKey } } } : {};
    return { channel, ...toSlackMessage(msg), ...(thread ? { thread_ts: thread.ts } : {}), ...metadata, unfurl_links: false };
  };

  /**
   * The ts of a message already posted with this key, if the recent history holds one. A failed
   * look (429, 500, timeout) throws like a failed post, so the job is retried later: posting blind
   * would risk exactly the duplicate this exists to avoid, while waiting only makes it later.
   */
  const findPosted = async (call: SlackCall, channel: string, key: string, options?: SendOptions): Promise<string | undefined> => {
    const thread = options?.threadRef ? parseSlackRef(options.threadRef) : undefined;
    if (!thread) {
      const page = await call<HistoryPage>('conversations.history', { channel, limit: HISTORY_WINDOW, include_all_metadata: true });
      return page.messages?.find(hasKey(key))?.ts;
    }
    let cursor: string | undefined;
    for (let i = 0; i < REPLY_PAGES; i += 1) {
      const page = await call<HistoryPage>('conversations.replies', { channel, ts: thread.ts, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
      const found = page.messages?.find(hasKey(key))?.ts;
      if (found) return found;
      cursor = page.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  };
  const send = async (call: SlackCall, channel: string, body: Record<string, unknown>): Promise<{ ref: string }> => {
    const result = await call<{ channel?: string; ts?: string }>('chat.postMessage', body);
    return { ref: slackRef(result.channel ?? channel, result.ts as string) };
  };
  /** Send, unless a recovered job's message is already in the conversation. */
  const sendOnce = async (call: SlackCall, channel: string, body: Record<string, unknown>, options?: SendOptions): Promise<{ ref: string }> => {
    if (options?.checkFirst && options.idempotencyKey) {
      const ts = await findPosted(call, channel, options.idempotencyKey, options);
      if (ts) return { ref: slackRef(channel, ts) };
    }
    return send(call, channel, body);
  };
  const postTo = (call: SlackCall, channel: string, msg: Outbound, options?: SendOptions) => sendOnce(call, channel, postBody(channel, msg, options), options);

  return {
    post: (to: Address, msg: Outbound, options?: SendOptions) => as(to.workspaceId, (call) => postTo(call, to.key, msg, options)),
    dm: (user: Actor, msg: Outbound, options?: SendOptions) => as(user.workspaceId, async (call) => postTo(call, await dmChannel(call, user), msg, options)),
    upload: (to: Address | Actor, file: OutboundFile, comment?: string) => as(to.workspaceId, async (call) => {
      const client = await clientFor(to.workspaceId);
      const channel = isActor(to) ? await dmChannel(call, to) : to.key;
      // filesUploadV2: files.getUploadURLExternal → POST the bytes → files.completeUploadExternal.
      const result = await callSlack('files.uploadV2', () =>
        client.filesUploadV2({
          channel_id: channel,
          file: Buffer.from(file.bytes),
          filename: file.filename,
          title: file.title,
          ...(comment ? { initial_comment: comment } : {}),
          ...(file.altText ? { alt_text: file.altText } : {}),
        }),
      );
      const uploaded = (result as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id ?? 'file';
      return { ref: `${channel}:${uploaded}` };
    }),
  };
}
