// What `/promise-callback help` and `/coach help promises` say about callback promises.

import type { Outbound } from '../../ports.ts';
import type { HelpEntry } from '../feature.ts';
import { HANDOVER_HELP } from './handover-messages.ts';

// An example that works at any hour ("by 3pm" is refused every afternoon).
export const CREATE_EXAMPLE = '/promise-callback ACME-4411 tomorrow 10am refund status';

export const PROMISE_HELP: HelpEntry[] = [
  {
    usage: '/promise-callback <who> <when> [note]',
    description:
      'Promise a customer a callback; I remind you before, at the time, and nudge if it slips. The time can be anywhere: "in 2h", "by 3pm", "tomorrow 10am", "by EOD" (17:00), "first thing Monday" (09:00). A day with no time means 17:00; numeric dates like 3/12 follow your locale; when a time could mean two things, or has already passed today, I ask with buttons and save nothing until you pick.',
    example: CREATE_EXAMPLE,
  },
  {
    usage: '/promise-callback list [overdue|today] [@person]',
    description: 'Your open promises, soonest first, 20 at a time. Team leads can list someone else\'s.',
    example: '/promise-callback list overdue',
  },
  { usage: '/promise-callback done <id>', description: 'Mark a promise done: kept if on time (with a few minutes grace), otherwise late.', example: '/promise-callback done 42' },
  {
    usage: '/promise-callback snooze <id> <duration or time>',
    description: 'Move the reminders. Before it is due this counts as renegotiated (the original time stays on record).',
    example: '/promise-callback snooze 42 30m',
  },
  { usage: '/promise-callback reschedule <id> <time>', description: 'Give a promise a new due time.', example: '/promise-callback reschedule 42 tomorrow 10am' },
  { usage: '/promise-callback cancel <id>', description: 'Cancel a promise you no longer need to keep.', example: '/promise-callback cancel 42' },
];

/** `/promise-callback help`: every promise command, handovers included. */
export function renderPromiseHelp(): Outbound {
  const entries = [...PROMISE_HELP, HANDOVER_HELP];
  const lines = entries.map((e) => `*${e.usage}*\n${e.description} Example: \`${e.example}\``);
  const intro = 'Callback promises: tell me who you promised to call back and when, and I make sure you never forget.';
  return {
    text: [intro, ...entries.map((e) => `${e.usage} — ${e.description} Example: ${e.example}`)].join('\n'),
    blocks: [{ type: 'header', text: 'Callback promises — help' }, { type: 'text', text: intro }, ...lines.map((text) => ({ type: 'text' as const, text }))],
    visibility: 'private',
  };
}
