import { afterEach, describe, expect, it } from 'vitest';
import { closeStore, type Db } from '../../src/store/open-store.ts';
import { createAddressBook } from '../../src/store/address-book.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { dbGet } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { DIALECTS, openTestStore } from '../helpers/test-store.ts';

describe.each(DIALECTS)('address book on %s', (dialect) => {
  const tempDir = useTempDir();
  let db: Db | undefined;
  afterEach(async () => {
    if (db) await closeStore(db);
    db = undefined;
  });

  it('stores, reloads, marks undeliverable, and a new save clears the mark', async () => {
    db = await openTestStore(dialect, tempDir());
    const book = createAddressBook(db, new FakeClock('2026-11-23T09:00:00Z'));
    await book.save('teams', 'tenant-a', 'user', 'aad-1', { serviceUrl: 'https://smba', name: 'Dana' });
    expect(await book.load('teams', 'tenant-a', 'user', 'aad-1')).toEqual({ serviceUrl: 'https://smba', name: 'Dana' });
    expect(await book.load('teams', 'tenant-b', 'user', 'aad-1')).toBeUndefined(); // tenants apart
    await book.markUndeliverable('teams', 'tenant-a', 'user', 'aad-1', 'not in roster');
    expect(await book.undeliverableReason('teams', 'tenant-a', 'user', 'aad-1')).toBe('not in roster');
    await book.save('teams', 'tenant-a', 'user', 'aad-1', { serviceUrl: 'https://smba', name: 'Dana' });
    expect(await book.undeliverableReason('teams', 'tenant-a', 'user', 'aad-1')).toBeUndefined();
  });

  it('saves and reads made at the same moment (a burst of first DMs) each get their own answer, and two saves of one address keep the later', async () => {
    db = await openTestStore(dialect, tempDir());
    const book = createAddressBook(db, new FakeClock('2026-11-23T09:00:00Z'));
    const users = Array.from({ length: 40 }, (_, i) => `U${i}`);
    await Promise.all([...users.map((u) => book.save('slack', 'T1', 'user', u, { dmChannel: `D_${u}` })), book.save('slack', 'T1', 'user', 'U0', { dmChannel: 'D_NEWER' })]);
    const loaded = await Promise.all([...users, 'U_NOBODY'].map((u) => book.load<{ dmChannel: string }>('slack', 'T1', 'user', u)));
    expect(loaded.map((l) => l?.dmChannel)).toEqual(['D_NEWER', ...users.slice(1).map((u) => `D_${u}`), undefined]);
    expect(await book.load('slack', 'T2', 'user', 'U1')).toBeUndefined(); // workspaces apart
  });

  it('saving the same data again writes nothing (Teams saves on every turn)', async () => {
    db = await openTestStore(dialect, tempDir());
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const book = createAddressBook(db, clock);
    const updatedAt = async () => ((await dbGet<{ updated_at: number }>(db as Db, `SELECT updated_at FROM addresses WHERE id = 'c1'`)) as { updated_at: number }).updated_at;
    await book.save('teams', 't', 'channel', 'c1', { reference: { id: 1 } });
    const first = await updatedAt();
    clock.advanceMinutes(5);
    await book.save('teams', 't', 'channel', 'c1', { reference: { id: 1 } });
    expect(await updatedAt()).toBe(first);
    await book.save('teams', 't', 'channel', 'c1', { reference: { id: 2 } });
    expect(await updatedAt()).toBe(first + 5 * 60_000);
    expect(await book.load('teams', 't', 'channel', 'c1')).toEqual({ reference: { id: 2 } });
  });
});
