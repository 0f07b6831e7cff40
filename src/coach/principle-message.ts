// How a daily principle looks: the words, who said them, one line on using it today, and a button.

import type { Block, Outbound } from '../ports.ts';
import type { Principle } from '../content/content-schema.ts';

export const ACK_ACTION = 'principle.ack';

export function ackValue(localDate: string, principleId: string): string {
  return `${localDate}|${principleId}`;
}

export function parseAckValue(value: string | undefined): { localDate: string; principleId: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})\|([a-z0-9-]+)$/.exec(value ?? '');
  return match ? { localDate: match[1] as string, principleId: match[2] as string } : undefined;
}

/** "Jan Carlzon, CEO, Scandinavian Airlines (1980s)" or "Michael LeBoeuf, How to Win Customers…". */
export function attributionOf(principle: Principle): string | undefined {
  const parts = [principle.author, principle.author ? principle.authorRole : undefined, principle.source ? `_${principle.source}_` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

export function renderPrinciple(
  principle: Principle,
  options: { localDate: string; visibility: Outbound['visibility']; ackCount?: number; late?: boolean },
): Outbound {
  const credit = attributionOf(principle);
  const attribution = credit ? ` — ${credit}` : '';
  const blocks: Block[] = [
    { type: 'header', text: "Today's service principle" },
    { type: 'quote', text: principle.text, author: credit },
    { type: 'text', text: `*Try it today:* ${principle.howToUse}` },
  ];
  const count = options.ackCount ?? 0;
  const tally = count === 0 ? 'Be the first to acknowledge it.' : `${count} ${count === 1 ? 'person has' : 'people have'} acknowledged it.`;
  blocks.push({ type: 'context', text: `${tally}  ·  #${principle.themes.join('  #')}` });
  blocks.push({ type: 'actions', buttons: [{ actionId: ACK_ACTION, label: 'Got it 👍', value: ackValue(options.localDate, principle.id), style: 'primary' }] });
  return {
    text: `Today's service principle: “${principle.text}”${attribution}. Try it today: ${principle.howToUse}`,
    blocks,
    visibility: options.visibility,
  };
}
