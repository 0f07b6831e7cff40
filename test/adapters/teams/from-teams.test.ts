import { describe, expect, it } from 'vitest';
import { fromTeamsActivity, messageRef, plainTextOf, threadConversationId } from '../../../adapters/teams/from-teams.ts';

const at = new Date('2026-11-23T09:00:00Z');
const bot = { id: '28:coach-bot', name: 'Service Coach' };
const channelActivity = (text: string, entities: unknown[] = []) => ({
  type: 'message',
  id: '1700000000001',
  text,
  entities,
  recipient: bot,
  from: { id: '29:dana', aadObjectId: 'aad-dana', name: 'Dana' },
  conversation: { id: '19:support@thread.tacv2;messageid=1699999999999', conversationType: 'channel', tenantId: 'tenant-1' },
  channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:support@thread.tacv2', name: 'Support' } },
  localTimezone: 'Europe/Berlin',
}) as never;

describe('Teams activity → Inbound', () => {
  it('strips the bot mention and turns other mentions into <@aadObjectId>', () => {
    const activity = channelActivity('<at>Service Coach</at> coach today for <at>Lee Park</at>', [
      { type: 'mention', text: '<at>Service Coach</at>', mentioned: bot },
      { type: 'mention', text: '<at>Lee Park</at>', mentioned: { id: '29:lee', name: 'Lee Park', aadObjectId: 'aad-lee' } },
    ]);
    expect(plainTextOf(activity, bot.id)).toBe('coach today for <@aad-lee>');
    const [inbound] = fromTeamsActivity(activity, { commandNames: ['coach'], at });
    expect(inbound).toEqual({
      kind: 'command',
      command: 'coach',
      text: 'today for <@aad-lee>',
      at,
      from: { platform: 'teams', workspaceId: 'tenant-1', userId: 'aad-dana', name: 'Dana', tz: 'Europe/Berlin' },
      address: { platform: 'teams', workspaceId: 'tenant-1', key: '19:support@thread.tacv2', label: 'Support' },
    });
  });

  it('reads a command typed with a slash, in any case, and ignores words that are not commands', () => {
    const mention = [{ type: 'mention', text: '<at>Service Coach</at>', mentioned: bot }];
    expect(fromTeamsActivity(channelActivity('<at>Service Coach</at> /Coach help', mention), { commandNames: ['coach'], at })[0]).toMatchObject({
      kind: 'command',
      command: 'coach',
      text: 'help',
    });
    expect(fromTeamsActivity(channelActivity('<at>Service Coach</at> coaching is great', mention), { commandNames: ['coach'], at })[0]).toMatchObject({ kind: 'reply' });
  });

  it('in a channel, only a message that @mentions the coach is a command', () => {
    expect(fromTeamsActivity(channelActivity('coach today was a good day'), { commandNames: ['coach'], at })[0]).toMatchObject({ kind: 'reply' });
  });

  it('builds the same ref for a post, a reaction on it and a reply in its thread', () => {
    const ref = messageRef('19:support@thread.tacv2', '1699999999999');
    const [reply] = fromTeamsActivity(channelActivity('nice one'), { commandNames: ['coach'], at });
    expect(reply).toMatchObject({ kind: 'reply', targetRef: ref, eventId: 'teams:1700000000001' });
    expect(threadConversationId(ref)).toEqual({ conversationId: '19:support@thread.tacv2;messageid=1699999999999', rootId: '1699999999999' });
  });

  it('takes the sender’s locale from the activity: it decides how 3/12 reads', () => {
    const activity = { ...(channelActivity('coach today') as object), locale: 'en-GB' } as never;
    expect(fromTeamsActivity(activity, { commandNames: ['coach'], at })[0]?.from.locale).toBe('en-GB');
  });

  it('takes the timezone from clientInfo when localTimezone is missing', () => {
    const activity = { ...(channelActivity('coach today') as object), localTimezone: undefined, entities: [{ type: 'clientInfo', timezone: 'Asia/Tokyo' }] } as never;
    expect(fromTeamsActivity(activity, { commandNames: ['coach'], at })[0]?.from.tz).toBe('Asia/Tokyo');
  });
});
