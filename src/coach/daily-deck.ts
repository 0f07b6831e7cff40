// The daily rotation: every principle, plus the 10 most important customer service actions, each
// a principle in its own right ("Calling back when promised"), with its tip as the line for today.

import type { Content } from '../content/load-content.ts';
import type { Principle } from '../content/content-schema.ts';

export function dailyDeck(content: Content): Principle[] {
  const actions = content.actions.map(
    (action): Principle => ({
      id: action.id,
      kind: 'tip',
      text: `${action.text}: no. ${action.rank} of the 10 most important customer service actions.`,
      themes: action.themes,
      howToUse: action.tip,
    }),
  );
  return [...content.principles, ...actions];
}
