// Teams' 50 requests per second per app per tenant holds for all replicas together: each takes its
// sends from one budget row per second in the store, not from a bucket of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src/store/open-store.ts';
import { createSendBudget } from '../../src/store/send-budget.ts';
import { createSendLimiter } from '../../adapters/teams/send-limiter.ts';
import { dbAll } from '../helpers/sql.ts';
import { DIALECTS, freshDatabaseUrl } from '../helpers/test-store.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe.each(DIALECTS)('shared send budget on %s', (dialect) => {
  const storeDir = useTempDir();
  const opened: Db[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  });

  it('three replicas sending to one tenant get 50 sends a second between them, and another tenant its own 50', async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    const clock = new FakeClock('2026-11-23T09:00:00.250Z');
    const replicas = [createSendBudget(db, clock), createSendBudget(db, clock), createSendBudget(db, clock)];
    const waits = await Promise.all(Array.from({ length: 90 }, (_, i) => replicas[i % 3]!.take('teams', 'tenant-1', 50)));
    expect(waits.filter((w) => w === 0)).toHaveLength(50);
    expect(new Set(waits.filter((w) => w > 0))).toEqual(new Set([750])); // the rest wait for the next second
    expect(await replicas[0]!.take('teams', 'tenant-2', 50)).toBe(0);
    clock.advance(750);
    expect(await replicas[1]!.take('teams', 'tenant-1', 50)).toBe(0);
  });

  it('paces a Teams burst across replicas at the tenant limit', async () => {
    const db = await openStore(await freshDatabaseUrl(dialect, storeDir()));
    opened.push(db);
    const clock = new FakeClock('2026-11-23T09:00:00.000Z');
    const sleep = async (ms: number) => clock.advance(ms);
    const sent: number[] = [];
    // Two replicas, each with its own limiter (its own in-memory buckets) and the shared budget.
    const limiters = [0, 1].map(() => {
      const budget = createSendBudget(db, clock);
      return createSendLimiter({ now: () => clock.now().getTime(), sleep, sharedTenantBudget: (tenant) => budget.take('teams', tenant, 50) });
    });
    for (let i = 0; i < 100; i++) {
      await limiters[i % 2]!.acquire('tenant-1', `conversation-${i}`);
      sent.push(clock.now().getTime() - Date.parse('2026-11-23T09:00:00.000Z'));
    }
    expect(sent.filter((at) => at < 1000)).toHaveLength(50);
    expect(sent.filter((at) => at >= 1000 && at < 2000)).toHaveLength(50);
    expect(await dbAll(db, `SELECT scope, used FROM send_budgets ORDER BY second`)).toEqual([
      { scope: 'tenant-1', used: 50 },
      { scope: 'tenant-1', used: 50 },
    ]);
  });
});
