import { describe, expect, it } from 'vitest';
import type { Actor, Address } from '../../src/ports.ts';
import { alice, command, startTestApp, supportChannel, type TestApp } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { dbAll } from '../helpers/sql.ts';
import { DIALECTS } from '../helpers/test-store.ts';

const tempDir = useTempDir();
const START = '2026-11-23T08:00:00Z';
const DAY = 24 * 60 * 60_000;
const other: Actor = { platform: 'slack', workspaceId: 'T2', userId: 'U_OMAR', name: 'Omar', tz: 'Europe/London' };
const otherChannel: Address = { platform: 'slack', workspaceId: 'T2', key: 'C_HELP', label: '#help' };

async function rowsOf(t: TestApp, workspaceId: string) {
  const count = async (table: string) => Number((await dbAll<{ n: number | string }>(t.app.db, `SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = '${workspaceId}'`))[0]!.n);
  return { people: await count('people'), promises: await count('promises'), channels: await count('channels') };
}

async function twoTeams(dialect: (typeof DIALECTS)[number]) {
  const t = await startTestApp({ dialect, dir: tempDir(), start: START, env: { PROMISE_RETENTION_DAYS: '30' } });
  for (const [who, where] of [[alice, supportChannel], [other, otherChannel]] as const) {
    await t.app.coach.handle(command(who, where, 'coach', 'subscribe 09:00', t.clock.now()));
    await t.app.coach.handle(command(who, where, 'promise-callback', 'ACME-1 tomorrow 3pm refund status', t.clock.now()));
  }
  return t;
}

describe.each(DIALECTS)('an uninstalled workspace (%s)', (dialect) => {
  it('keeps its history for the retention period, then erases all of it and nothing of another workspace', async () => {
    const t = await twoTeams(dialect);
    expect(await rowsOf(t, 'T1')).toEqual({ people: 1, promises: 1, channels: 1 });
    await t.app.workspaces.lost('slack', 'T1', 'uninstalled');
    t.clock.set(new Date(Date.parse(START) + 29 * DAY).toISOString());
    await t.app.scheduler.tick();
    expect(await rowsOf(t, 'T1')).toEqual({ people: 1, promises: 1, channels: 1 });
    t.clock.set(new Date(Date.parse(START) + 30 * DAY + 60_000).toISOString());
    await t.app.scheduler.tick();
    expect(await rowsOf(t, 'T1')).toEqual({ people: 0, promises: 0, channels: 0 });
    expect(await rowsOf(t, 'T2')).toEqual({ people: 1, promises: 1, channels: 1 });
    await t.app.stop();
  });

  it('a reinstall within the period keeps everything', async () => {
    const t = await twoTeams(dialect);
    await t.app.workspaces.lost('slack', 'T1', 'uninstalled');
    t.clock.set(new Date(Date.parse(START) + 10 * DAY).toISOString());
    await t.app.workspaces.installed('slack', 'T1');
    t.clock.set(new Date(Date.parse(START) + 31 * DAY).toISOString());
    await t.app.scheduler.tick();
    expect(await rowsOf(t, 'T1')).toEqual({ people: 1, promises: 1, channels: 1 });
    await t.app.stop();
  });
});
