// A slash command's answer, inside Slack's 3-second ack when it can be. Slack shows an answer that
// rides in the ack at once, with no response_url round trip; one that would miss the ack follows
// via response_url (Slack allows 5 responses in 30 minutes there).

import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Clock, Outbound } from '../../src/ports.ts';
import type { AdapterInputs } from '../platform-adapter.ts';
import { fromSlashCommand, type SlashCommandPayload } from './from-slack.ts';
import { toSlackMessage } from './to-block-kit.ts';
import type { UserProfileCache } from './user-profile-cache.ts';

/** How long a command's answer may take and still ride in the ack (Slack's limit is 3 s, with the
 *  network both ways; past this we ack empty and answer via response_url). */
export const ACK_ANSWER_BUDGET_MS = 1_500;

export interface SlashCommandDeps {
  coach: AdapterInputs<unknown>['coach'];
  clock: Clock;
  metrics: AdapterInputs<unknown>['metrics'];
  /** The adapter's cache of who people are (made lazily, on the first request). */
  profiles: () => UserProfileCache;
}

/** `work`'s value if it settles within `ms`, else undefined (the work goes on). */
async function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const asResponse = (answer: Outbound) => ({ response_type: answer.visibility === 'channel' ? ('in_channel' as const) : ('ephemeral' as const), ...toSlackMessage(answer) });

/** Bolt's listener for every slash command the coach knows. */
export function createSlashCommandListener(deps: SlashCommandDeps): (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void> {
  const { coach, clock, metrics, profiles } = deps;
  return async ({ ack, command, respond }) => {
    const body = command as unknown as SlashCommandPayload;
    const arrived = performance.now();
    let timed = false;
    const answered = () => {
      if (!timed) metrics?.observeSlashCommand(body.command, (performance.now() - arrived) / 1000);
      timed = true;
    };
    const answerVia = async (answer: Outbound) => {
      await respond(asResponse(answer));
      answered();
    };
    const cached = profiles().peek(body.team_id, body.user_id);
    if (!cached) {
      // Slack allows 3 s: ack first, empty, so a slow users.info never costs the ack; answer via response_url.
      await ack();
      const profile = await profiles().lookup(body.team_id, body.user_id);
      for (const answer of await coach.handle(fromSlashCommand(body, profile, clock.now()))) await answerVia(answer);
      return;
    }
    // The person is known: answer inside the ack when the coach is quick (the usual case). If the
    // coach is slow, ack empty in time and the answer follows via response_url.
    const work = coach.handle(fromSlashCommand(body, cached, clock.now()));
    const answers = await withinBudget(work, ACK_ANSWER_BUDGET_MS);
    if (!answers) {
      await ack();
      for (const answer of await work) await answerVia(answer);
      return;
    }
    const [first, ...rest] = answers;
    await ack(first ? asResponse(first) : undefined);
    answered();
    for (const answer of rest) await answerVia(answer);
  };
}
