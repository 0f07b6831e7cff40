// Erasing one person touches only them: ids that merely start with theirs (U1 and U10) keep
// their digests, counts, promises and audit rows.
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/store/audit-repo.ts';
import { erasePerson } from '../../src/store/erase-person.ts';
import { scheduleJobs } from '../../src/store/jobs-repo.ts';
import { rememberPerson } from '../../src/store/people-repo.ts';
import { closeStore, openTestStore, DIALECTS } from '../helpers/test-store.ts';
import { dbAll, dbRun } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe.each(DIALECTS)('erasePerson (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('leaves a person whose id starts with the erased one untouched', async () => {
    const db = await openTestStore(dialect, tempDir());
    const now = new Date('2026-11-23T09:00:00Z');
    for (const userId of ['U1', 'U10']) {
      await rememberPerson(db, { platform: 'slack', workspaceId: 'T1', userId, name: `Person ${userId}` }, now);
      await dbRun(db, "INSERT INTO participation (platform, workspace_id, user_id, kind, address_key, target, dedupe_key, at) VALUES ('slack', 'T1', ?, 'ack', 'C1', 'p', ?, ?)", userId, `ack:slack:T1:${userId}:C1:2026-11-23`, now.getTime());
      await recordAudit(db, { platform: 'slack', workspaceId: 'T1', actorId: 'U_LEAD', at: now, action: 'promise.done', subject: `#7 of ${userId}`, before: 'open', after: 'closed as kept' });
    }
    await scheduleJobs(db, ['U1', 'U10'].map((userId) => ({ kind: 'digest', platform: 'slack' as const, workspaceId: 'T1', subject: `digest:slack:T1:${userId}`, dueAt: new Date('2026-11-30T09:00:00Z'), payload: { userId }, idempotencyKey: `digest:slack:T1:${userId}:2026-W49` })), now);

    const erased = await erasePerson(db, { platform: 'slack', workspaceId: 'T1', userId: 'U1' }, 'forgotten-x', now);
    expect(erased).toEqual({ anonymousId: 'forgotten-x', promises: 0, participation: 1 });

    expect(await dbAll(db, 'SELECT user_id, name FROM people ORDER BY user_id')).toEqual([{ user_id: 'U10', name: 'Person U10' }]);
    expect(await dbAll(db, 'SELECT user_id, dedupe_key FROM participation ORDER BY id')).toEqual([
      { user_id: 'forgotten-x', dedupe_key: 'ack:slack:T1:forgotten-x:C1:2026-11-23' },
      { user_id: 'U10', dedupe_key: 'ack:slack:T1:U10:C1:2026-11-23' },
    ]);
    expect(await dbAll(db, 'SELECT subject FROM audit_log ORDER BY id')).toEqual([{ subject: '#7 of forgotten-x' }, { subject: '#7 of U10' }]);
    expect(await dbAll(db, 'SELECT subject, status, payload, idempotency_key FROM jobs ORDER BY id')).toEqual([
      { subject: 'digest:slack:T1:forgotten-x', status: 'cancelled', payload: '{}', idempotency_key: 'digest:slack:T1:forgotten-x:2026-W49' },
      { subject: 'digest:slack:T1:U10', status: 'pending', payload: '{"userId":"U10"}', idempotency_key: 'digest:slack:T1:U10:2026-W49' },
    ]);
    await closeStore(db);
  });
});
