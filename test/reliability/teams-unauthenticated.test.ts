// Unauthenticated callers at the Teams endpoint: an authentication failure is a bare 401 (never a
// 500 echoing a URL or a stack), and without an app id (the Emulator mode) the bot replies only to
// a serviceUrl on this machine, so one activity cannot make it POST to a host an attacker chose.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { dana, personalMessage, startTeamsHarness, type TeamsHarness } from '../adapters/teams/teams-harness.ts';

const tempDir = useTempDir();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

const APP_ID = '00000000-0000-0000-0000-000000000001';
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** Shaped like a Bot Framework token (so the SDK goes to fetch signing keys), signed by nobody. */
const wellFormedJwt = `${b64({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: 4_102_444_800 })}.c2lnbmF0dXJl`;

/** The Bot Framework's key publisher, failing: the SDK's error names its URL. */
async function startFailingMetadata(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(500).end('boom'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function post(h: TeamsHarness, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.text() };
}

describe('Teams with an app id: authentication failures', () => {
  it('answer a bare 401, never a 500, and echo nothing', async () => {
    const metadata = await startFailingMetadata();
    open.push(metadata);
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z', env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret-value' }, openIdMetadataUrl: metadata.url });
    open.push(h);
    const activity = personalMessage(h.connector, dana, 'coach help');
    const answers: Record<string, { status: number; body: string }> = {};
    for (const [name, authorization] of Object.entries({ none: undefined, 'empty bearer': 'Bearer', garbage: 'Bearer abc', basic: 'Basic abc', 'well-formed JWT, keys unavailable': `Bearer ${wellFormedJwt}` })) {
      answers[name] = await post(h, activity, authorization ? { authorization } : {});
    }
    for (const [name, answer] of Object.entries(answers)) expect({ name, ...answer }).toEqual({ name, status: 401, body: '' });
    // Not JSON at all: a bare 400, not the parser's message.
    expect(await post(h, '{"type": "message",', { authorization: `Bearer ${wellFormedJwt}` })).toEqual({ status: 400, body: '' });
    expect(h.connector.calls).toEqual([]);
  });
});

describe('Teams without an app id (the Emulator mode)', () => {
  it('replies only to a loopback serviceUrl: an attacker-chosen host gets nothing', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z' });
    open.push(h);
    // A second "connector" the attacker controls, reached through a name that is not loopback.
    let attackerHits = 0;
    const attacker = http.createServer((_req, res) => {
      attackerHits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => attacker.close(() => resolve())) });
    const port = (attacker.address() as AddressInfo).port;
    for (const serviceUrl of [`http://attacker.example:${port}/`, `http://10.0.0.5:${port}/`, 'not a url', `http://127.0.0.1.attacker.example:${port}/`]) {
      const status = (await post(h, { ...personalMessage(h.connector, dana, 'coach help'), serviceUrl })).status;
      expect({ serviceUrl, status }).toEqual({ serviceUrl, status: 403 });
    }
    expect(await post(h, { ...personalMessage(h.connector, dana, 'coach help'), serviceUrl: undefined })).toEqual({ status: 403, body: '' });
    expect(attackerHits).toBe(0);
    // Nothing was remembered for proactive sends either.
    expect(await h.t.app.addressBook.load('teams', 'tenant-contoso', 'user', dana.aadObjectId)).toBeUndefined();
    // The Emulator on this machine still works.
    expect((await post(h, personalMessage(h.connector, dana, 'coach help'))).status).toBe(200);
    expect(h.connector.deliveries().length).toBeGreaterThan(0);
  });
});
