// A promise's customer details (who, note) are personal data: erased after the retention period
// once it is closed, the outcome kept for the stats; and never written to the log.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCoachApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Platform } from '../../../src/ports.ts';
import { findPromiseById } from '../../../src/store/promises-repo.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';
import { RecordingMessenger } from '../../helpers/recording-messenger.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';
import { dbAll } from '../../helpers/sql.ts';
import { alice, command, startTestApp, supportChannel } from '../../helpers/test-app.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { press, promise, promiseId, START } from './promise-steps.ts';

describe.each(DIALECTS)('personal data (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('erases who and note after the retention period, keeping the outcome', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { PROMISE_RETENTION_DAYS: '90' } });
    const id = promiseId(await promise(t, 'ACME-4411 at 10:00 refund status'));
    await press(t, 'promise.done', String(id));
    t.clock.advance(89 * 24 * 3600_000);
    await t.app.scheduler.tick();
    expect(await findPromiseById(t.app.db, id)).toMatchObject({ who: 'ACME-4411', note: 'refund status' });
    t.clock.advance(24 * 3600_000);
    await t.app.scheduler.tick();
    expect(await findPromiseById(t.app.db, id)).toMatchObject({ who: null, note: null, status: 'kept' });
    const raw = JSON.stringify((await dbAll(t.app.db, 'SELECT * FROM promises p JOIN promise_events e ON e.promise_id = p.id')));
    expect(raw).not.toContain('ACME-4411');
    expect(raw).not.toContain('refund');
    await t.app.stop();
  });

  it('never logs who or note, even at debug level', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const config = loadConfig({ DATABASE_URL: path.join(dir, 'c.db'), DEFAULT_TIMEZONE: 'Europe/London', COACH_MANAGERS: 'U_LEAD' }, path.resolve(import.meta.dirname, '../../..'));
    const clock = new FakeClock(START);
    const app = buildCoachApp({ config, clock, logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }), random: seededRandom(1) });
    const messenger = new RecordingMessenger();
    for (const p of ['slack', 'teams', 'console'] as Platform[]) app.messenger.register(p, messenger);
    await app.start({ loop: false });
    await app.coach.handle(command(alice, supportChannel, 'promise-callback', 'Dana Ruiz (+1 555 0100) at 10:00 secret-refund-note', clock.now()));
    await app.coach.handle(command(alice, supportChannel, 'promise-callback', 'snooze 1 30m', clock.now()));
    for (let i = 0; i < 30; i++) {
      clock.advanceMinutes(60);
      await app.scheduler.tick();
    }
    await app.stop();
    expect(lines.length).toBeGreaterThan(3);
    // Every field but the logger's own wall-clock timestamp, which can contain any digits (…05.555Z).
    const all = lines
      .map((line) => {
        const { time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(fields);
      })
      .join('\n');
    expect(all).not.toContain('Dana');
    expect(all).not.toContain('555');
    expect(all).not.toContain('secret-refund-note');
  });
});
