// The coach's own sends over the Slack Web API: channel posts, DMs, file uploads. Nothing here waits
// or retries by itself (posts go through a lean JSON caller, uploads through a WebClient with
// rejectRateLimitedCalls and retries: 0): the durable scheduler owns retries, so a job is never sent
// twice by two layers and a restart loses nothing. chat.postMessage allows about 1
// message/second/channel; a 429 comes back as RateLimitedError.

import type { webApi } from '@slack/bolt';
import type { Actor, AddressBook, Address, Messenger, Outbound, OutboundFile, SendOptions } from '../../src/ports.ts';
import { isActor } from '../../src/ports.ts';
import { parseSlackRef, slackRef } from './from-slack.ts';
import { callSlack } from './slack-errors.ts';
import type { SlackCall } from './slack-json-caller.ts';
import { toSlackMessage } from './to-block-kit.ts';

interface DmChannel {
  dmChannel: string;
}

export function createSlackMessenger({ call, client, addressBook }: { call: SlackCall; client: webApi.WebClient; addressBook: AddressBook }): Required<Messenger> {
  /** A person's DM channel: opened once, then remembered durably (conversations.open is Tier 3). */
  const dmChannel = async (user: Actor): Promise<string> => {
    const saved = await addressBook.load<DmChannel>('slack', user.workspaceId, 'user', user.userId);
    if (saved?.dmChannel) return saved.dmChannel;
    const opened = await call<{ channel?: { id?: string } }>('conversations.open', { users: user.userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('Slack conversations.open returned no channel');
    await addressBook.save('slack', user.workspaceId, 'user', user.userId, { dmChannel: id } satisfies DmChannel);
    return id;
  };

  const postBody = (channel: string, msg: Outbound, options?: SendOptions): Record<string, unknown> => {
    const thread = options?.threadRef ? parseSlackRef(options.threadRef) : undefined;
    return { channel, ...toSlackMessage(msg), ...(thread ? { thread_ts: thread.ts } : {}), unfurl_links: false };
  };
  const send = async (channel: string, body: Record<string, unknown>): Promise<{ ref: string }> => {
    const result = await call<{ channel?: string; ts?: string }>('chat.postMessage', body);
    return { ref: slackRef(result.channel ?? channel, result.ts as string) };
  };
  const postTo = (channel: string, msg: Outbound, options?: SendOptions) => send(channel, postBody(channel, msg, options));

  return {
    post: (to: Address, msg: Outbound, options?: SendOptions) => postTo(to.key, msg, options),
    dm: async (user: Actor, msg: Outbound, options?: SendOptions) => postTo(await dmChannel(user), msg, options),
    upload: async (to: Address | Actor, file: OutboundFile, comment?: string) => {
      const channel = isActor(to) ? await dmChannel(to) : to.key;
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
    },
  };
}
