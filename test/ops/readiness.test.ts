// /readyz's answer in each state: ready, a platform not yet authenticated, a database behind or
// ahead of this code's schema, and a database that is closed.
import { describe, expect, it } from 'vitest';
import { createReadinessCheck } from '../../src/readiness.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { DIALECTS, closeStore, openTestStore } from '../helpers/test-store.ts';
import { dbRun } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const LATEST = MIGRATIONS.at(-1)!.version;
const PREVIOUS = MIGRATIONS.at(-2)!.version;

describe.each(DIALECTS)('readiness (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('says why it is not ready, in words an operator acts on', async () => {
    const db = await openTestStore(dialect, tempDir());
    const started: string[] = [];
    const check = createReadinessCheck({ db, configuredPlatforms: ['slack', 'teams'], startedPlatforms: () => started });
    expect(await check()).toEqual({ ready: false, reason: 'Not yet authenticated with slack and teams.' });
    started.push('slack', 'teams');
    expect(await check()).toEqual({ ready: true, schema: LATEST, platforms: ['slack', 'teams'] });

    await dbRun(db, 'DELETE FROM schema_migrations WHERE version = ?', LATEST);
    expect(await check()).toEqual({ ready: false, reason: `The database is at schema version ${PREVIOUS}; this coach needs ${LATEST} (migrations have not run).` });
    await dbRun(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'this one', 0), (?, 'from a newer coach', 0)", LATEST, LATEST + 3);
    expect(await check()).toEqual({ ready: false, reason: `The database is at schema version ${LATEST + 3}, newer than this coach (${LATEST}).` });

    await closeStore(db);
    const closed = await check();
    expect(closed.ready).toBe(false);
    expect((closed as { reason: string }).reason).toMatch(/^The database does not answer: /);
  });
});
