// When the coach is added to a channel it says hello once, with how to subscribe. It never
// subscribes by itself: a team chooses when to hear from it.

import type { Outbound } from '../ports.ts';
import { hasPostFor, recordPost } from '../store/posts-repo.ts';
import type { CoachDeps } from './deps.ts';
import type { Feature } from './feature.ts';

export function welcomeMessage(): Outbound {
  const text =
    "👋 Hi, I'm Service Coach. I help this team give great service: a short service principle each working day, " +
    'a weekly "I am your customer" discussion, and reminders so callback promises are kept.';
  return {
    text: `${text} Start the daily principle with /coach subscribe, or see everything with /coach help.`,
    blocks: [
      { type: 'text', text },
      { type: 'text', text: '*To get started:* `/coach subscribe 09:00 Europe/London weekdays` (pick your time and zone), or `/coach today` for a taste.' },
      { type: 'context', text: '`/coach help` lists every command. I won’t post anything until someone subscribes.' },
    ],
    visibility: 'channel',
  };
}

/** The `/coach` subcommand adapters send for words the coach cannot act on (not in the help). */
export const HINT_SUBCOMMAND = 'hint';

/** For words the coach did not understand (plain text in a 1:1 chat): what to type instead. */
export function hintMessage(): Outbound {
  const text = "I didn't catch that — I answer commands. Try one of these:";
  const tries = ['`/coach today` — today’s service principle', '`/promise-callback ACME-4411 in 2h refund status` — never forget a callback', '`/coach help` — everything I can do'];
  return { text: `${text} /coach today, /promise-callback, /coach help.`, blocks: [{ type: 'text', text }, { type: 'text', text: tries.join('\n') }], visibility: 'private' };
}

export function createWelcomeFeature({ db, clock, messenger, logger }: CoachDeps): Feature {
  return {
    name: 'welcome',
    // Not in the help: adapters send it when someone talks to the coach in words it cannot act on.
    coachCommands: { [HINT_SUBCOMMAND]: () => Promise.resolve([hintMessage()]) },
    onEvent: async (event) => {
      if (event.kind !== 'installed') return;
      // 'hello' is recorded once per channel (local_date 'once'), so re-invites stay quiet.
      if (await hasPostFor(db, event.address, 'hello', 'once')) return;
      const { ref } = await messenger.post(event.address, welcomeMessage());
      await recordPost(db, event.address, { ref, kind: 'hello', localDate: 'once' }, clock.now());
      logger.info('said hello to a new channel', { platform: event.address.platform, workspaceId: event.address.workspaceId });
    },
  };
}
