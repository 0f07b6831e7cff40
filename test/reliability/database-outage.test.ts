// PostgreSQL goes away while the coach runs (a failover, a restart, a network cut), seen through a
// loopback TCP proxy that drops every connection and hangs up on new ones. The scheduler backs off
// (1, 2, 4… up to 30 s, by the injected clock), logs the outage once when it starts and once when
// it ends, and once the database is back it sends the reminder that fell due meanwhile, marked late.
// Nothing sleeps: the test calls what the once-a-second timer calls, moving the clock by hand.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCoachApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Platform } from '../../src/ports.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { RecordingMessenger } from '../helpers/recording-messenger.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';
import { alice, command, supportChannel } from '../helpers/test-app.ts';
import { DIALECTS, freshPostgresUrl } from '../helpers/test-store.ts';

describe.skipIf(!DIALECTS.includes('postgres'))('PostgreSQL outage while the coach runs', () => {
  it('backs off, logs the outage once, and sends what fell due once the database is back', async () => {
    const direct = new URL(await freshPostgresUrl());
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    const lines: { level: string; msg: string }[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }) });
    const config = loadConfig({ DATABASE_URL: viaProxy.toString(), DEFAULT_TIMEZONE: 'Europe/London' }, path.resolve(import.meta.dirname, '../..'));
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const app = buildCoachApp({ config, clock, logger, random: seededRandom(42) });
    const messenger = new RecordingMessenger();
    for (const platform of ['console', 'slack', 'teams'] as Platform[]) app.messenger.register(platform, messenger);
    try {
      await app.start({ loop: false });
      // Heads-up at 09:05, due at 09:20.
      const [answer] = await app.coach.handle(command(alice, supportChannel, 'promise-callback', 'ACME-4411 in 20 min refund status', clock.now()));
      expect(answer?.text).toMatch(/promise #\d+ saved/);
      await app.scheduler.tickWithBackoff();
      lines.length = 0;

      // 09:00: the connection is cut while the scheduler's claim is on its way (pg reports that on
      // the connection in use too, which once crashed the process). Then, until 09:10, the
      // database stays away while the heads-up falls due; the timer fires every second.
      proxy.cutAtNextRequest();
      clock.advance(1_000);
      await app.scheduler.tickWithBackoff();
      expect(lines.map((l) => l.msg)).toEqual(['scheduler tick failed; retrying with backoff, up to every 30 s']);
      for (let second = 1; second < 10 * 60; second++) {
        clock.advance(1_000);
        await app.scheduler.tickWithBackoff();
      }
      // Tried again after 1, 2, 4, 8, 16 s, then every 30 s: 23 times in ten minutes, not 600.
      expect(proxy.refused()).toBe(23);
      // Still the one line for the whole outage.
      expect(lines.map((l) => l.msg)).toEqual(['scheduler tick failed; retrying with backoff, up to every 30 s']);
      expect(messenger.take()).toEqual([]);

      // 09:10: back. Within the 30 s the loop waits at most, the late heads-up goes out, once, saying why.
      proxy.heal();
      for (let second = 0; second < 30; second++) {
        clock.advance(1_000);
        await app.scheduler.tickWithBackoff();
      }
      expect(lines.filter((l) => l.msg === 'scheduler is running again')).toHaveLength(1);
      const late = messenger.take();
      expect(late).toHaveLength(1);
      expect(late[0]?.msg.text).toContain('ACME-4411');
      expect(late[0]?.msg.text).toContain('Sorry this comes late: the coach was offline when it was due.');

      // 09:20: the due reminder, on time.
      clock.set('2026-11-23T09:20:00Z');
      await app.scheduler.tickWithBackoff();
      const due = messenger.take();
      expect(due).toHaveLength(1);
      expect(due[0]?.msg.text).toContain('ACME-4411');
      expect(due[0]?.msg.text).not.toContain('comes late');
    } finally {
      await app.stop();
      await proxy.close();
    }
  });
});
