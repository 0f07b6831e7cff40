import { describe, expect, it } from 'vitest';
import { ConversationReferences } from '../../../adapters/teams/conversation-references.ts';
import { closeStore, openStore } from '../../../src/store/open-store.ts';
import { createAddressBook } from '../../../src/store/address-book.ts';
import type { AddressBook } from '../../../src/ports.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';

const turn = (name: string) => ({
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  id: `1${Math.random().toString().slice(2, 12)}`, // every turn has a new activity id
  from: { id: '29:dana', name, aadObjectId: 'aad-dana' },
  recipient: { id: '28:coach-bot', name: 'Service Coach' },
  conversation: { id: 'a:personal-dana', conversationType: 'personal', tenantId: 'tenant-a', isGroup: false, name: '' },
  channelData: { tenant: { id: 'tenant-a' } },
  locale: 'en-US',
});

describe('ConversationReferences', () => {
  it('touches the database only when a turn changes what is saved, and a 403 mark is cleared by the next turn', async () => {
    const db = await openStore(':memory:');
    const book = createAddressBook(db, new FakeClock('2026-11-23T09:00:00Z'));
    let writes = 0;
    const counting: AddressBook = { ...book, save: (...args) => (writes++, book.save(...args)) };
    const references = new ConversationReferences(counting);

    await references.rememberTurn(turn('Dana Reyes'));
    expect(writes).toBe(3); // the tenant, the personal chat, the person
    await references.rememberTurn(turn('Dana Reyes'));
    expect(writes).toBe(3);
    await references.rememberTurn(turn('Dana Reyes-Lopez')); // renamed: the chat's and the person's records change
    expect(writes).toBe(5);
    expect((await references.user('tenant-a', 'aad-dana'))?.name).toBe('Dana Reyes-Lopez');

    await references.markUndeliverable('tenant-a', 'user', 'aad-dana', 'not in roster');
    expect(await book.undeliverableReason('teams', 'tenant-a', 'user', 'aad-dana')).toBe('not in roster');
    await references.rememberTurn(turn('Dana Reyes-Lopez'));
    expect(await book.undeliverableReason('teams', 'tenant-a', 'user', 'aad-dana')).toBeUndefined();
    await closeStore(db);
  });
});
