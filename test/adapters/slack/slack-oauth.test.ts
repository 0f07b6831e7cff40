// "Add to Slack" for many workspaces, end to end: the real Bolt installer over HTTP (install page,
// state cookie, consent screen, redirect), installs stored in the coach's database, and every
// scheduled send going out with the token of the workspace it belongs to.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { FakeInstall } from '../../helpers/fake-slack-api.ts';
import { pendingJobs, scheduleJob } from '../../../src/store/jobs-repo.ts';
import { WELCOME_TEXT } from '../../../adapters/slack/slack-oauth.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import type { StoreDialect } from '../../../src/store/open-store.ts';
import { slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';
import { OAUTH_ENV, addToSlack, comeBack, visitInstall } from './slack-install-flow.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ACME: FakeInstall = { team: { id: 'T_ACME', name: 'Acme' }, installerUserId: 'U_ANN' };
const GLOBEX: FakeInstall = { team: { id: 'T_GLOBEX', name: 'Globex' }, installerUserId: 'U_GUS' };
/** An org-wide Enterprise Grid install: no team, the org's id. */
const INITECH: FakeInstall = { enterprise: { id: 'E_INITECH', name: 'Initech' }, isEnterpriseInstall: true, installerUserId: 'U_IDA' };

const start = async (dialect: StoreDialect = 'sqlite') => {
  h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z', OAUTH_ENV, dialect);
  for (const [id, name] of [['U_ANN', 'ann'], ['U_GUS', 'gus'], ['U_IDA', 'ida']] as const) h.api.addUser({ id, name, tz: 'Europe/London' });
  return h;
};

const posts = (api: SlackHarness['api']) => api.callsTo('chat.postMessage');
const installCount = async (harness: SlackHarness) =>
  Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM slack_installations`.execute(harness.t.app.db)).rows[0]?.n);

describe.each(DIALECTS)('Add to Slack (%s)', (dialect) => {
  it('the install page shows the button and says what each permission is for', async () => {
    const harness = await start();
    const visit = await visitInstall(harness);
    expect(visit.page.status).toBe(200);
    expect(visit.page.html).toContain('Add Service Coach to Slack');
    expect(visit.page.html).toContain('<code>chat:write</code>: Posts the daily principle and the weekly discussion, and sends your reminders.');
    expect(visit.page.html).toContain('<code>users:read</code>: Reads your name, time zone and locale, so times read right for you.');
    expect(visit.cookie).toMatch(/^slack-app-oauth-state=/);
    expect(new URL(visit.buttonUrl).searchParams.get('client_id')).toBe('1234.5678');
  });

  it('two workspaces and a Grid org install: each is welcomed and gets its daily post with its own token', async () => {
    const harness = await start(dialect);
    const acmePage = await addToSlack(harness, ACME);
    expect(acmePage.status).toBe(200);
    expect(acmePage.html).toContain("You're all set! 🎉");
    expect(acmePage.html).toContain('Service Coach was added to Acme.');
    expect(acmePage.html).toContain('<code>/coach subscribe</code>');
    expect((await addToSlack(harness, GLOBEX)).html).toContain('Service Coach was added to Globex.');
    expect((await addToSlack(harness, INITECH)).html).toContain('Service Coach was added to Initech.');
    const [acmeToken] = harness.api.tokensOf('T_ACME');
    const [globexToken] = harness.api.tokensOf('T_GLOBEX');
    const [initechToken] = harness.api.tokensOf('E_INITECH');

    // The installer hears what to do next, from their own workspace's bot.
    await harness.api.waitFor('chat.postMessage', 3);
    const welcomes = posts(harness.api).map((c) => [c.params.channel, c.token, c.params.text]);
    expect(welcomes).toEqual([
      ['D_U_ANN', acmeToken, WELCOME_TEXT],
      ['D_U_GUS', globexToken, WELCOME_TEXT],
      ['D_U_IDA', initechToken, WELCOME_TEXT],
    ]);

    // A channel in each: Initech's workspace T_INI1 is covered by the org-wide install.
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_ACME', channel: 'C_ACME', user: 'U_ANN', responseId: 'acme' });
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_GLOBEX', channel: 'C_GLOBEX', user: 'U_GUS', responseId: 'globex' });
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_INI1', enterprise: 'E_INITECH', channel: 'C_INITECH', user: 'U_IDA', responseId: 'initech' });
    await harness.api.waitForAnswers(3);
    for (const answer of harness.api.answers()) expect(slackText(answer.params)).toContain("You're subscribed ✅ This channel gets a service principle weekdays at 09:00 (Europe/London).");

    harness.t.clock.set('2026-11-23T09:00:00Z');
    await harness.t.app.scheduler.tick();
    const daily = posts(harness.api).slice(3).map((c) => [c.params.channel, c.token]);
    expect(daily.sort()).toEqual([
      ['C_ACME', acmeToken],
      ['C_GLOBEX', globexToken],
      ['C_INITECH', initechToken],
    ]);
  });

  it('an uninstall stops only that workspace; adding it again resumes its subscription with the new token', async () => {
    const harness = await start(dialect);
    await addToSlack(harness, ACME);
    await addToSlack(harness, GLOBEX);
    await harness.api.waitFor('chat.postMessage', 2);
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_ACME', channel: 'C_ACME', user: 'U_ANN', responseId: 'acme' });
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_GLOBEX', channel: 'C_GLOBEX', user: 'U_GUS', responseId: 'globex' });
    await harness.api.waitForAnswers(2);

    // Acme removes the app: Slack revokes its tokens and tells the coach.
    harness.api.revokeInstall('T_ACME');
    expect((await harness.event({ type: 'app_uninstalled' }, { team: 'T_ACME' })).status).toBe(200);
    // Events are acked before they are handled: wait for the handling, not for a timer.
    // The install row goes first and Acme's jobs after it, so wait for the jobs too.
    await vi.waitFor(async () => expect(await installCount(harness)).toBe(1));
    await vi.waitFor(async () => {
      const pending = await pendingJobs(harness.t.app.db);
      expect([...new Set(pending.filter((j) => j.kind !== 'workspace.forget').map((j) => j.workspaceId))]).toEqual(['T_GLOBEX']);
      // Only the erasure of Acme's history at the end of the retention period is left for Acme.
      expect(pending.filter((j) => j.kind === 'workspace.forget').map((j) => j.workspaceId)).toEqual(['T_ACME']);
    });

    const before = harness.api.calls.length;
    harness.t.clock.set('2026-11-23T09:00:00Z');
    await harness.t.app.scheduler.tick();
    harness.t.clock.set('2026-11-24T09:00:00Z');
    await harness.t.app.scheduler.tick();
    // Globex's two posts, and not one attempt with Acme's dead token (no error loop).
    expect(harness.api.calls.slice(before).map((c) => `${c.method} ${String(c.params.channel)}${c.failed ? ` !${c.failed}` : ''}`)).toEqual(['chat.postMessage C_GLOBEX', 'chat.postMessage C_GLOBEX']);

    // Acme adds the coach again: its channel picks up where it was, with the new token.
    harness.t.clock.set('2026-11-24T10:00:00Z');
    await addToSlack(harness, ACME);
    const newToken = harness.api.tokensOf('T_ACME').at(-1);
    harness.t.clock.set('2026-11-25T09:00:00Z');
    await harness.t.app.scheduler.tick();
    const acmePosts = posts(harness.api).filter((c) => c.params.channel === 'C_ACME');
    expect(acmePosts.map((c) => c.token)).toEqual([newToken]);
  });

  it("a job for a workspace that never installed the coach is not sent with anyone's token, and is not retried", async () => {
    const harness = await start(dialect);
    await addToSlack(harness, ACME);
    await harness.api.waitFor('chat.postMessage', 1);
    // A subscription left from before (a copied database, a workspace that uninstalled long ago).
    await scheduleJob(harness.t.app.db, { kind: 'principle.post', platform: 'slack', workspaceId: 'T_NEVER', subject: 'channel:slack:T_NEVER:C_X', dueAt: new Date('2026-11-23T09:00:00Z'), payload: { key: 'C_X' } }, harness.t.clock.now());
    await sql`INSERT INTO channels (platform, workspace_id, address_key, timezone, subscribed, updated_at) VALUES ('slack', 'T_NEVER', 'C_X', 'Europe/London', 1, 0)`.execute(harness.t.app.db);
    const before = harness.api.calls.length;
    harness.t.clock.set('2026-11-23T09:00:00Z');
    await harness.t.app.scheduler.tick();
    harness.t.clock.advanceMinutes(60);
    await harness.t.app.scheduler.tick();
    expect(harness.api.calls.slice(before)).toEqual([]);
    expect((await pendingJobs(harness.t.app.db, { subject: 'channel:slack:T_NEVER:C_X' })).filter((j) => j.kind === 'principle.post')).toHaveLength(0);
  });

  it('a workspace whose token Slack stops accepting is parked after one failed send, and resumes when added again', async () => {
    const harness = await start(dialect);
    await addToSlack(harness, ACME);
    await harness.api.waitFor('chat.postMessage', 1);
    await harness.command('/coach', 'subscribe 09:00 Europe/London weekdays', { team: 'T_ACME', channel: 'C_ACME', user: 'U_ANN' });
    await harness.api.waitForAnswers();
    // The app was removed without the coach hearing it (the event was lost): Slack refuses the token.
    harness.api.revokeInstall('T_ACME');
    for (const at of ['2026-11-23T09:00:00Z', '2026-11-23T09:30:00Z', '2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z']) {
      harness.t.clock.set(at);
      await harness.t.app.scheduler.tick();
    }
    expect(harness.api.methods().filter((m) => m.startsWith('chat.postMessage!'))).toEqual(['chat.postMessage!token_revoked']);
    expect(await installCount(harness)).toBe(0);
    expect(await pendingJobs(harness.t.app.db)).toEqual([]);
    await addToSlack(harness, ACME);
    harness.t.clock.set('2026-11-25T09:00:00Z');
    await harness.t.app.scheduler.tick();
    expect(posts(harness.api).filter((c) => c.params.channel === 'C_ACME').map((c) => c.token)).toEqual([harness.api.tokensOf('T_ACME').at(-1)]);
  });

  it('tokens are encrypted at rest: the database holds no readable token', async () => {
    const harness = await start(dialect);
    await addToSlack(harness, ACME);
    const rows = (await sql<{ install_key: string; data: string }>`SELECT install_key, data FROM slack_installations`.execute(harness.t.app.db)).rows;
    expect(rows.map((r) => r.install_key)).toEqual(['T:T_ACME']);
    expect(rows[0]?.data.startsWith('v1:')).toBe(true);
    expect(rows[0]?.data).not.toContain('xoxb-');
    expect(rows[0]?.data).not.toContain('U_ANN');
  });
});

describe('a failed install says what happened and stores nothing', () => {
  it('a forged state is refused', async () => {
    const harness = await start();
    const visit = await visitInstall(harness, ACME);
    const forged = new URL(visit.redirect);
    const state = forged.searchParams.get('state') ?? '';
    const tampered = `${state.slice(0, -2)}xx`;
    forged.searchParams.set('state', tampered);
    const page = await comeBack(forged.toString(), `slack-app-oauth-state=${tampered}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('This install link has expired');
    expect(page.html).toContain('Nothing was saved.');
    expect(page.html).not.toContain('Error:');
    expect(harness.api.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(await installCount(harness)).toBe(0);
  });

  it('a replayed state is refused, even with its cookie', async () => {
    const harness = await start();
    const visit = await visitInstall(harness, ACME);
    expect((await comeBack(visit.redirect, visit.cookie)).status).toBe(200);
    const replay = await comeBack(visit.redirect, visit.cookie);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('This install link was already used or is more than 10 minutes old');
    expect(harness.api.callsTo('oauth.v2.access')).toHaveLength(1);
    expect(await installCount(harness)).toBe(1);
  });

  it('a state from another browser (no cookie) is refused', async () => {
    const harness = await start();
    const visit = await visitInstall(harness, ACME);
    const page = await comeBack(visit.redirect, '');
    expect(page.status).toBe(400);
    expect(page.html).toContain('This install link has expired');
    expect(await installCount(harness)).toBe(0);
  });

  it('a cancelled install says so', async () => {
    const harness = await start();
    const visit = await visitInstall(harness); // nobody clicks "Allow"
    const page = await comeBack(visit.redirect, visit.cookie);
    expect(page.html).toContain('The install was cancelled');
    expect(page.html).toContain('You cancelled the install in Slack, so Service Coach was not added.');
    expect(await installCount(harness)).toBe(0);
  });

  it('an install from an admin page, which sends no state, is asked to start from the install page', async () => {
    const harness = await start();
    const page = await comeBack(`${harness.baseUrl}/slack/oauth_redirect?code=code-from-admin-page`, '');
    expect(page.status).toBe(400);
    expect(page.html).toContain('Please install from our page');
    expect(page.html).toContain('<a href="/slack/install">Start the install again</a>');
    expect(await installCount(harness)).toBe(0);
  });
});
