// Teams without an app id authenticates nobody: the real server process listens on 127.0.0.1
// only, with a loud warning, unless the operator opts in with TEAMS_EMULATOR_ALLOW_REMOTE=true.
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoachServer, type CoachServerProcess } from '../helpers/coach-server-process.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const running: CoachServerProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
});

/** This machine's address on a real network interface (what another machine would connect to). */
const externalAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const reachable = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
    (r) => r.status,
    () => 'refused',
  );

describe('Teams in the Emulator mode (no app id)', () => {
  it('listens on 127.0.0.1 only and warns loudly', async () => {
    const server = await startCoachServer({ TEAMS_ENABLED: 'true', DATABASE_URL: path.join(tempDir(), 'coach.db') });
    running.push(server);
    expect(server.logs.join('\n')).toContain('Teams runs WITHOUT AN APP ID (Bot Framework Emulator mode): nothing is authenticated, so only this machine (127.0.0.1) may send it activities.');
    expect(server.logs.find((l) => l.includes('http server listening'))).toContain('"host":"127.0.0.1"');
    expect(await reachable(`http://127.0.0.1:${server.port}/healthz`)).toBe(200);
    if (!externalAddress) return void process.stderr.write('no non-loopback IPv4 interface here: the remote half of this test is skipped.\n');
    expect(await reachable(`http://${externalAddress}:${server.port}/healthz`)).toBe('refused');
  }, 40_000);

  it('with TEAMS_EMULATOR_ALLOW_REMOTE=true it listens everywhere, and says so', async () => {
    const server = await startCoachServer({ TEAMS_ENABLED: 'true', TEAMS_EMULATOR_ALLOW_REMOTE: 'true', DATABASE_URL: path.join(tempDir(), 'coach.db') });
    running.push(server);
    expect(server.logs.join('\n')).toContain('ANYONE WHO CAN REACH THIS PORT CAN TALK TO THE BOT UNAUTHENTICATED');
    expect(server.logs.find((l) => l.includes('http server listening'))).toContain('"host":"0.0.0.0"');
    if (externalAddress) expect(await reachable(`http://${externalAddress}:${server.port}/healthz`)).toBe(200);
  }, 40_000);
});
