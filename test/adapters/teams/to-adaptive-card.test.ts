import { describe, expect, it } from 'vitest';
import { toAdaptiveCard, toTeamsActivity, toTeamsMarkdown } from '../../../adapters/teams/to-adaptive-card.ts';

describe('Outbound → Adaptive Card', () => {
  it('converts the neutral markup to Teams Markdown', () => {
    expect(toTeamsMarkdown('*Try it today:* call back _before_ the deadline')).toBe('**Try it today:** call back _before_ the deadline');
    expect(toTeamsMarkdown('already **bold** stays')).toBe('already **bold** stays');
    expect(toTeamsMarkdown('use `/coach today`')).toBe('use “/coach today”');
    expect(toTeamsMarkdown('Due: Tue 10 Mar, 12:00 EDT — in 2 h')).toBe('Due: Tue 10 Mar, 12:00 EDT — in 2 h');
    expect(toTeamsMarkdown('ask <@aad-lee|Lee Park> in <#19:c@thread.tacv2|Support>')).toBe('ask <at>Lee Park</at> in #Support');
  });

  it('renders blocks as card elements and buttons as Action.Submit with the action id', () => {
    const card = toAdaptiveCard({
      text: 'fallback',
      visibility: 'channel',
      blocks: [
        { type: 'header', text: 'Settings' },
        { type: 'fields', fields: [{ label: 'Next post', value: 'Mon 09:00' }] },
        { type: 'quote', text: 'Listen first.', author: 'Ann' },
        { type: 'actions', buttons: [{ actionId: 'promise.done', label: 'Done', value: 'p-1', style: 'primary' }, { actionId: 'promise.cancel', label: 'Cancel', style: 'danger' }] },
      ],
    });
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: 'fallback' });
    expect(card.body).toEqual([
      expect.objectContaining({ type: 'TextBlock', text: 'Settings', weight: 'Bolder' }),
      { type: 'FactSet', facts: [{ title: 'Next post', value: 'Mon 09:00' }] },
      expect.objectContaining({ type: 'Container', items: [expect.objectContaining({ text: '_Listen first._' }), expect.objectContaining({ text: '— Ann' })] }),
    ]);
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Done', style: 'positive', data: { actionId: 'promise.done', value: 'p-1' } },
      { type: 'Action.Submit', title: 'Cancel', style: 'destructive', data: { actionId: 'promise.cancel' } },
    ]);
  });

  it('puts the plain fallback in the activity summary, not as text shown above the card', () => {
    const activity = toTeamsActivity({ text: 'Plain words', blocks: [], visibility: 'private' });
    expect(activity.summary).toBe('Plain words');
    const mentioning = toTeamsActivity({ text: 'Lead: <@aad-lee|Lee Park>', blocks: [], visibility: 'private' });
    expect(mentioning.summary).toBe('Lead: Lee Park');
    expect((mentioning.attachments?.[0]?.content as { fallbackText: string }).fallbackText).toBe('Lead: Lee Park');
    expect(activity.text).toBeUndefined();
    expect((activity.attachments?.[0]?.content as { body: { text: string }[] }).body[0]?.text).toBe('Plain words');
  });
});
