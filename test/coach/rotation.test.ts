import { describe, expect, it } from 'vitest';
import { takeNext, type RotationState } from '../../src/coach/rotation.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

function draw(deck: string[], count: number, random = seededRandom(1), start?: RotationState) {
  let state = start;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = takeNext(state, deck, random);
    ids.push(next.id);
    state = next.state;
  }
  return { ids, state };
}

describe('rotation', () => {
  const deck = Array.from({ length: 12 }, (_, i) => `p${i}`);

  it('uses every item once before any repeats', () => {
    const { ids } = draw(deck, deck.length);
    expect(new Set(ids).size).toBe(deck.length);
  });

  it('reshuffles after the deck is used up, never repeating across the boundary', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { ids } = draw(deck, deck.length * 3, seededRandom(seed));
      for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1]);
      expect(new Set(ids.slice(12, 24)).size).toBe(12);
    }
  });

  it('shuffles: different channels get different orders', () => {
    expect(draw(deck, 12, seededRandom(1)).ids).not.toEqual(draw(deck, 12, seededRandom(2)).ids);
  });

  it('copes with a deck that gained and lost items mid-rotation', () => {
    const { state } = draw(deck, 5);
    const changed = [...deck.filter((id) => id !== 'p3' && id !== (state?.order[6] as string)), 'new1', 'new2'];
    const { ids } = draw(changed, changed.length - 5, seededRandom(9), state);
    expect(ids).toContain('new1');
    expect(ids).toContain('new2');
    expect(ids).not.toContain(state?.order[6]);
    expect(new Set([...state!.order.slice(0, 5), ...ids]).size).toBe(5 + ids.length);
  });
});

describe('the daily deck', () => {
  it('holds every principle and the 10 service actions: 80–90 items, ids unique', async () => {
    const { loadContent } = await import('../../src/content/load-content.ts');
    const { dailyDeck } = await import('../../src/coach/daily-deck.ts');
    const deck = dailyDeck(loadContent({ dir: 'content' }));
    expect(deck.length).toBeGreaterThanOrEqual(80);
    expect(deck.length).toBeLessThanOrEqual(90);
    expect(new Set(deck.map((p) => p.id)).size).toBe(deck.length);
    expect(deck.find((p) => p.id === 'action-call-back-when-promised')?.text).toMatch(/^Calling back when promised/);
  });
});
