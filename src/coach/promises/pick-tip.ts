// One tip from the 10 customer service actions for each new promise: relevant to the note when a
// word gives it away, otherwise the next in rank order; never the agent's previous tip if avoidable.

import type { ServiceAction } from '../../content/content-schema.ts';
import type { TipRule } from '../../store/promises-repo.ts';

/** Words in a note → the actions that help most with that kind of callback (by action id). */
const RELEVANT: { words: RegExp; actions: string[] }[] = [
  { words: /\b(refunds?|status|updates?|progress|waiting|delay(?:ed)?|late|pending|investigat\w*|shipping|delivery)\b/i, actions: ['action-give-progress-reports', 'action-say-how-long'] },
  { words: /\b(fix(?:ed)?|resolved?|bug|outage|down|broken|issue)\b/i, actions: ['action-contact-when-resolved', 'action-explain-the-cause'] },
  { words: /\b(why|cause|error|charged?|charges|bill(?:ing)?|invoice)\b/i, actions: ['action-explain-the-cause'] },
  { words: /\b(manager|supervisor|escalat\w*|complain\w*|angry|upset)\b/i, actions: ['action-access-to-management', 'action-people-not-account-numbers'] },
  { words: /\b(alternatives?|replace(?:ment)?|out of stock|unavailable|exchange)\b/i, actions: ['action-offer-alternatives'] },
  { words: /\b(again|prevent|avoid|future|next time)\b/i, actions: ['action-prevent-future-problems'] },
  { words: /\b(contact|number|reach|email)\b/i, actions: ['action-who-and-what-number-to-call'] },
];

export function pickTip(actions: readonly ServiceAction[], note: string | null, lastTipId: string | undefined): ServiceAction | undefined {
  return tipChooser(actions, note)(lastTipId);
}

/** pickTip with the note read once, for asking it about every possible last tip. */
function tipChooser(actions: readonly ServiceAction[], note: string | null): (lastTipId: string | undefined) => ServiceAction | undefined {
  if (actions.length === 0) return () => undefined;
  const byId = new Map(actions.map((a) => [a.id, a] as const));
  const relevant = RELEVANT.filter((r) => note && r.words.test(note))
    .flatMap((r) => r.actions)
    .map((id) => byId.get(id))
    .filter((a): a is ServiceAction => a !== undefined);
  // Rotate: the action after the last one shown, by rank (themed "callbacks" first when nothing else fits).
  const ranked = [...actions].sort((a, b) => a.rank - b.rank);
  return (lastTipId) => {
    const fresh = relevant.find((a) => a.id !== lastTipId);
    if (fresh) return fresh;
    const lastIndex = ranked.findIndex((a) => a.id === lastTipId);
    return ranked[(lastIndex + 1) % ranked.length];
  };
}

/**
 * pickTip for every last tip the agent may have seen, as the store's TipRule: the tip to show after
 * none (or an unknown one), and the ones that differ after a given tip. The store picks among them
 * in the statement that saves the promise, so two promises made at once still get different tips.
 */
export function tipRuleFor(actions: readonly ServiceAction[], note: string | null): TipRule {
  const choose = tipChooser(actions, note);
  const first = choose(undefined)?.id ?? null;
  const after = new Map<string, string>();
  for (const action of actions) {
    const next = choose(action.id)?.id;
    if (next !== undefined && next !== first) after.set(action.id, next);
  }
  return { first, after };
}
