import { afterEach, describe, expect, it } from 'vitest';
import { closeStore, type Db } from '../../src/store/open-store.ts';
import { createReplayGuard } from '../../src/store/seen-requests-repo.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { dbGet } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { DIALECTS, openTestStore } from '../helpers/test-store.ts';

describe.each(DIALECTS)('seen signed requests on %s', (dialect) => {
  const tempDir = useTempDir();
  let db: Db | undefined;
  afterEach(async () => {
    if (db) await closeStore(db);
    db = undefined;
  });

  it('a key is new once across replicas until it expires, and expired keys are swept', async () => {
    db = await openTestStore(dialect, tempDir());
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    // Two replicas: two guards over one store.
    const one = createReplayGuard(db, clock);
    const two = createReplayGuard(db, clock);
    const expires = new Date('2026-11-23T09:06:00Z');
    expect(await one.firstSeen('slack', 'sig-a', expires)).toBe(true);
    expect(await two.firstSeen('slack', 'sig-a', expires)).toBe(false);
    expect(await one.firstSeen('slack', 'sig-a', expires)).toBe(false);
    expect(await two.firstSeen('slack', 'sig-b', expires)).toBe(true);
    expect(await one.firstSeen('teams', 'sig-a', expires)).toBe(true); // platforms apart

    clock.set('2026-11-23T09:07:00Z');
    // sig-a's row expired: the next sighting claims it again (the 5-minute check refuses old timestamps before this).
    expect(await one.firstSeen('slack', 'sig-a', new Date('2026-11-23T09:13:00Z'))).toBe(true);
    const rows = (await dbGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM seen_requests')) as { n: number };
    expect(Number(rows.n)).toBe(1); // sig-b and teams' sig-a were swept
  });
});
