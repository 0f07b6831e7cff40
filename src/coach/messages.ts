// Small builders for the coach's answers, so every feature speaks in the same voice and shape.

import type { Block, Outbound } from '../ports.ts';

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
  return text.replace(/[*_`]/g, '');
}
