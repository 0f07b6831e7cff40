import { describe, expect, it } from 'vitest';
import { openStore, closeStore } from '../../src/store/open-store.ts';
import { createAddressBook } from '../../src/store/address-book.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

describe('address book', () => {
  it('stores, reloads, marks undeliverable, and a new save clears the mark', () => {
    const db = openStore(':memory:');
    const book = createAddressBook(db, new FakeClock('2026-11-23T09:00:00Z'));
    book.save('teams', 'tenant-a', 'user', 'aad-1', { serviceUrl: 'https://smba', name: 'Dana' });
    expect(book.load('teams', 'tenant-a', 'user', 'aad-1')).toEqual({ serviceUrl: 'https://smba', name: 'Dana' });
    expect(book.load('teams', 'tenant-b', 'user', 'aad-1')).toBeUndefined(); // tenants apart
    book.markUndeliverable('teams', 'tenant-a', 'user', 'aad-1', 'not in roster');
    expect(book.undeliverableReason('teams', 'tenant-a', 'user', 'aad-1')).toBe('not in roster');
    book.save('teams', 'tenant-a', 'user', 'aad-1', { serviceUrl: 'https://smba', name: 'Dana' });
    expect(book.undeliverableReason('teams', 'tenant-a', 'user', 'aad-1')).toBeUndefined();
    closeStore(db);
  });

  it('saving the same data again writes nothing (Teams saves on every turn)', () => {
    const db = openStore(':memory:');
    const book = createAddressBook(db, new FakeClock('2026-11-23T09:00:00Z'));
    book.save('teams', 't', 'channel', 'c1', { reference: { id: 1 } });
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    book.save('teams', 't', 'channel', 'c1', { reference: { id: 1 } });
    expect(changes()).toBe(before);
    book.save('teams', 't', 'channel', 'c1', { reference: { id: 2 } });
    expect(changes()).toBe(before + 1);
    expect(book.load('teams', 't', 'channel', 'c1')).toEqual({ reference: { id: 2 } });
    closeStore(db);
  });
});
