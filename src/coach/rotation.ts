// Per-channel rotation through the deck: a shuffled order, used without repeats until every item
// has been posted, then reshuffled. The first item of a new order is never the item just posted,
// so a channel never sees the same principle two days running across the boundary.

import type { RotationState } from '../store/database.ts';
import { CodedError } from '../errors.ts';

export type { RotationState };

export type Random = () => number; // [0, 1), like Math.random; injected so tests are repeatable

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function freshOrder(deckIds: readonly string[], lastId: string | null, random: Random): string[] {
  const order = shuffle(deckIds, random);
  if (order.length > 1 && order[0] === lastId) {
    const swap = 1 + Math.floor(random() * (order.length - 1));
    [order[0], order[swap]] = [order[swap] as string, order[0]];
  }
  return order;
}

/**
 * Take the next principle id. Copes with a deck that changed since the order was made (a team added
 * or removed its own items): ids no longer in the deck are skipped; new ids join the unused part.
 */
export function takeNext(state: RotationState | undefined, deckIds: readonly string[], random: Random): { id: string; state: RotationState } {
  if (deckIds.length === 0) throw new CodedError('CONTENT_INVALID', 'The deck is empty.');
  const deck = new Set(deckIds);
  let order: string[];
  let position: number;
  const lastId = state?.lastId ?? null;
  if (state) {
    const used = new Set(state.order.slice(0, state.position));
    const remaining = state.order.slice(state.position).filter((id) => deck.has(id));
    const known = new Set(state.order);
    const added = deckIds.filter((id) => !known.has(id) && !used.has(id));
    order = [...state.order.slice(0, state.position), ...remaining, ...shuffle(added, random)];
    position = state.position;
    // Skip entries that left the deck.
    while (position < order.length && !deck.has(order[position] as string)) position++;
  } else {
    order = [];
    position = 0;
  }
  if (position >= order.length) {
    order = freshOrder(deckIds, lastId, random);
    position = 0;
  }
  const id = order[position] as string;
  return { id, state: { order, position: position + 1, lastId: id } };
}
