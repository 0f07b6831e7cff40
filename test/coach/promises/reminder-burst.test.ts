// Reminders that fall due in the same second run side by side and share their reads (one query
// for many promises, away periods and "sent" marks; src/store/reminder-reads.ts) and their "sent"
// marks' insert: each agent must still get exactly their own reminders, an away agent none, and a
// step run again must not send twice.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/ports.ts';
import { promiseEvents } from '../../../src/store/promise-events-repo.ts';
import { dbRun } from '../../helpers/sql.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { alice, command, startTestApp, supportChannel, type TestApp } from '../../helpers/test-app.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

// Monday 23 Nov 2026, 09:00 in London (GMT = UTC).
const START = '2026-11-23T09:00:00Z';
const carol: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_CAROL', name: 'Carol', tz: 'Europe/London' };
const dan: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U_DAN', name: 'Dan', tz: 'Europe/London' };

async function promise(t: TestApp, from: Actor, text: string): Promise<number> {
  const [confirmation] = await t.app.coach.handle(command(from, supportChannel, 'promise-callback', text, t.clock.now()));
  return Number(/promise #(\d+) saved/.exec(confirmation?.text ?? '')?.[1]);
}

/** Run what is due at `time`; what was sent, as "user: first line", sorted. */
async function sentAt(t: TestApp, time: string): Promise<string[]> {
  t.clock.set(time);
  await t.app.scheduler.tick();
  return t.messenger
    .take()
    .map((s) => `${'userId' in s.to ? s.to.userId : `#${s.to.key}`}: ${s.msg.text.split('\n')[0]}`)
    .sort();
}

describe.each(DIALECTS)('reminders due together (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('each agent gets their own heads-ups, an away agent none, and each is marked sent once', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START });
    const ids = [await promise(t, alice, 'ACME-1 in 2h refund status'), await promise(t, alice, 'ACME-2 in 2h refund status'), await promise(t, dan, 'BETA-7 in 2h new card')];
    await promise(t, carol, 'CARO-3 in 2h call back');
    await t.app.coach.handle(command(carol, supportChannel, 'coach', 'away until Thursday', t.clock.now()));
    t.messenger.take();

    expect(await sentAt(t, '2026-11-23T10:45:00Z')).toEqual([
      'U_ALICE: ⏰ Heads-up: your callback to ACME-1 is due in 15 min (Mon 23 Nov, 11:00 GMT).',
      'U_ALICE: ⏰ Heads-up: your callback to ACME-2 is due in 15 min (Mon 23 Nov, 11:00 GMT).',
      'U_DAN: ⏰ Heads-up: your callback to BETA-7 is due in 15 min (Mon 23 Nov, 11:00 GMT).',
    ]);
    for (const id of ids) expect((await promiseEvents(t.app.db, id)).filter((e) => e.kind === 'sent').map((e) => e.detail)).toEqual([{ to: 'agent' }]);

    // The same steps run again (as after a replica lost them): the marks stop a second send.
    await dbRun(t.app.db, `UPDATE jobs SET status = 'pending', finished_at = NULL WHERE kind = 'promise.headsup'`);
    expect(await sentAt(t, '2026-11-23T10:46:00Z')).toEqual([]);
    await t.app.stop();
  });
});
