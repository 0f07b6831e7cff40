// Small builders for the coach's answers, so every feature speaks in the same voice and shape.

import type { Block, Outbound } from '../ports.ts';
import { userText } from './user-text.ts';

export function privateMessage(text: string, blocks?: Block[]): Outbound {
  return { text, blocks: blocks ?? [{ type: 'text', text }], visibility: 'private' };
}

/** A one-line explanation of what was wrong, and an example that works. Nothing is stored. */
export function problem(explanation: string, example?: string): Outbound {
  const blocks: Block[] = [{ type: 'text', text: explanation }];
  if (example) blocks.push({ type: 'context', text: `For example: \`${example}\`` });
  return { text: example ? `${explanation} For example: ${example}` : explanation, blocks, visibility: 'private' };
}

/** Strip the coach's tiny markup for plain-text fallbacks. */
export function plain(text: string): string {
  // Mentions stay whole: an id like U_ALICE keeps its underscore.
  return text.replace(/<[@#][^>|\s]+(?:\|[^>]*)?>|[*_`]/g, (m) => (m.length > 1 ? m : ''));
}

/**
 * Echo a piece of what the person typed back to them, safely: control characters removed and cut
 * short, so a pasted 40 KB string cannot blow past a platform's message limits (Slack: 3,000
 * characters per section) or smuggle terminal escapes into the console.
 */
export function echo(input: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const clean = input.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff`]/g, '').trim();
  // Shown as text, never as markup: `<!channel>` typed into a command is echoed, not broadcast.
  return userText(clean.length > max ? `${clean.slice(0, max - 1)}…` : clean);
}
