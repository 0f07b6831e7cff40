// The tip rule handed to the store gives, after every tip an agent may have seen last, the tip
// pickTip would give: the database chooses from it without asking the coach again.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/content/load-content.ts';
import { pickTip, tipRuleFor } from '../../../src/coach/promises/pick-tip.ts';

const actions = loadContent({ dir: path.resolve(import.meta.dirname, '../../../content') }).actions;
const tipText = (id: string | null | undefined) => actions.find((a) => a.id === id)?.tip;

describe('tipRuleFor', () => {
  it.each([['refund status'], ['the bug is fixed'], ['why was I charged'], [null], ['nothing that gives it away']])('after any last tip, the same tip as pickTip (note %s)', (note) => {
    const rule = tipRuleFor(actions, note);
    const viaRule = (last: string | undefined) => (last !== undefined && rule.after.get(last)) || rule.first;
    for (const last of [undefined, 'action-no-longer-in-the-deck', ...actions.map((a) => a.id)]) {
      expect(tipText(viaRule(last))).toBe(pickTip(actions, note, last)?.tip);
      if (last !== undefined && actions.some((a) => a.id === last)) expect(viaRule(last)).not.toBe(last);
    }
  });

  it('a refund note starts with the progress-report tip, then how long it will take', () => {
    const rule = tipRuleFor(actions, 'refund status');
    expect(tipText(rule.first)).toBe('If it will take a while, agree when you’ll send a progress update.');
    expect(tipText(rule.after.get('action-give-progress-reports'))).toBe('Tell them how long it will take.');
    expect(rule.after.size).toBe(1);
  });

  it('no tips in the deck: none to show', () => {
    expect(tipRuleFor([], 'refund status')).toEqual({ first: null, after: new Map() });
  });
});
