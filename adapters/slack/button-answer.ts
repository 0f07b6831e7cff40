// Where the answer to a pressed button goes on Slack: it replaces the message the button was on
// (an ephemeral one through response_url, a posted one with chat.update), or arrives as a new
// message — in the person's DM, privately in the channel, or in the channel for everyone.

import type { webApi } from '@slack/bolt';
import type { Actor, Outbound } from '../../src/ports.ts';
import type { ButtonContainer } from './from-slack.ts';
import { toSlackMessage } from './to-block-kit.ts';

/** Bolt's respond(): the interaction's response_url. */
export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export async function deliverButtonAnswer(client: webApi.WebClient, respond: Respond, container: ButtonContainer, actor: Actor, answer: Outbound): Promise<void> {
  const message = toSlackMessage(answer);
  if (answer.replaceOriginal) {
    if (container.kind === 'ephemeral') {
      await respond({ replace_original: true, ...message });
      return;
    }
    if (container.kind === 'message' && container.channel && container.messageTs) {
      await client.chat.update({ channel: container.channel, ts: container.messageTs, ...message });
      return;
    }
    if (container.kind === 'home') return; // the home view is republished after the answers
  }
  const channel = container.kind === 'home' ? undefined : container.channel;
  if (!channel || channel.startsWith('D')) {
    // A DM (or the Home tab): a normal message in the person's conversation with the coach.
    await client.chat.postMessage({ channel: channel ?? actor.userId, ...message });
  } else if (answer.visibility === 'private') {
    await client.chat.postEphemeral({ channel, user: actor.userId, ...message });
  } else {
    await client.chat.postMessage({ channel, ...message });
  }
}
