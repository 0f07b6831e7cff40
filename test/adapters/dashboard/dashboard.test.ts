// The dashboard over real HTTP, signed in through a loopback OIDC provider with openid-client doing
// the real code flow: the numbers match `/coach stats`, who sees what follows the chat rules, and
// sessions, CSRF and sign-out behave. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, supportChannel, textOf, type TestApp } from '../../helpers/test-app.ts';
import { seedTeamHistory } from '../../helpers/seed-team-history.ts';
import { DIALECTS } from '../../helpers/test-store.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPromise } from '../../../src/store/promises-repo.ts';
import { promiseEvents } from '../../../src/store/promise-events-repo.ts';
import { CookieClient, figure, signInWithSlack, startDashboard, type DashboardHarness } from '../../helpers/dashboard-harness.ts';

const alice = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U_ALICE', name: 'Alice', tz: 'Europe/London' };

describe.each(DIALECTS)('the managers’ dashboard (%s)', (dialect) => {
  let h: DashboardHarness;
  let test: TestApp;
  beforeAll(async () => {
    h = await startDashboard({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'service-coach-dashboard-')), start: '2026-11-27T12:00:00Z', dialect, env: { COACH_MANAGERS: 'U_ALICE,U_BOSS_B' } });
    test = h.test;
    await test.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', test.clock.now()));
    await seedTeamHistory(test.app.db, { people: 12, weeks: 6, firstWeek: '2026-W43' });
    // U3 is keener than the others this week: 4 more acknowledgements.
    await test.app.db
      .insertInto('participation')
      .values([0, 1, 2, 3].map((i) => ({ platform: 'slack' as const, workspace_id: 'T1', user_id: 'U3', kind: 'ack', address_key: 'C_SUPPORT', target: `extra${i}`, dedupe_key: `extra:${i}`, at: Date.parse('2026-11-26T10:00:00Z') + i })))
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('signs a manager in with Slack and shows exactly the numbers /coach stats gives', async () => {
    const { page } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${h.base}/dashboard`);
    expect(page.body).toContain('Week 2026-W48');
    const [answer] = await test.app.coach.handle(command(alice, supportChannel, 'coach', 'stats this week', test.clock.now()));
    const chat = textOf(answer!);
    const chatValue = (label: string) => new RegExp(`${label}: (\\S+)`).exec(chat)?.[1];
    for (const label of ['People taking part', 'Acknowledged', 'Discussion replies', 'Promises made', 'Kept on time', 'Missed']) {
      expect(figure(page.body, label), label).toBe(chatValue(label));
    }
    expect(figure(page.body, 'Acknowledged')).toBe('76');
    // The trend in the same words as the chat answer.
    expect(chat).toContain('Acknowledged: 76 (↑ 6% vs the 4-week average of 72)');
    expect(page.body).toContain('<span class="trend">↑ 6% vs the 4-week average of 72</span>');
    expect(page.body).toContain('vega-embed.min.js');
    // Every script and style comes from the coach itself, none from a CDN.
    expect(page.body).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('sorts the people table and changes the range', async () => {
    const { client } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const sorted = await client.request('/dashboard/people?from=2026-W48&to=2026-W48&sort=acknowledged&dir=desc');
    expect(sorted.body).toContain('aria-sort="descending"');
    const first = /<tbody><tr><th scope="row"><a [^>]*>([^<]+)</.exec(sorted.body)?.[1];
    expect(first).toBe('U3');
    expect(sorted.body).toMatch(/<a [^>]*>U3<\/a><\/th><td>10<\/td>/);
    const wide = await client.request('/dashboard/people?from=2026-W43&to=2026-W48&sort=name');
    expect(wide.body).toContain('12 people, 2026-W43 to 2026-W48');
    expect(wide.body).toMatch(/<a [^>]*>U0<\/a><\/th><td>36<\/td><td>6<\/td><td>12<\/td><td>6<\/td><td>0<\/td><td>6<\/td><td>50%<\/td>/);
    const bad = await client.request('/dashboard/people?from=2026-W48&to=2026-W43');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('2026-W48 comes after 2026-W43. Pick the earlier week first.');
  });

  it('opens a person with their weekly numbers and promise outcomes', async () => {
    const { client } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const page = await client.request('/dashboard/people/U0?from=2026-W47&to=2026-W48');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>U0</h1>');
    expect(page.body).toMatch(/<th scope="row">2026-W48<\/th><td>6<\/td><td>1<\/td><td>2<\/td><td>1<\/td><td>0<\/td><td>1<\/td><td>50%<\/td>/);
    expect(page.body).toContain('Missed');
    expect(page.body).toContain('Kept');
  });

  it('downloads the CSV with the same columns and rows as /coach stats … csv', async () => {
    const { client } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const csv = await client.request('/dashboard/stats.csv?from=2026-W44&to=2026-W48');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('team-stats-2026-W44-to-2026-W48.csv');
    await test.app.scheduler.tick();
    test.messenger.take();
    await test.app.coach.handle(command(alice, supportChannel, 'coach', 'stats 2026-W48 csv', test.clock.now()));
    await test.app.scheduler.tick();
    const upload = test.messenger.take().find((s) => s.kind === 'upload' && s.file?.mimeType === 'text/csv');
    expect(csv.body).toBe(new TextDecoder().decode(upload!.file!.bytes));
  });

  it('changes a channel’s schedule, and /coach settings agrees', async () => {
    const { client } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const page = await client.request('/dashboard/channels');
    expect(page.body).toContain('Weekdays at 09:00 (Europe/London)');
    const saved = await client.request('/dashboard/channels/C_SUPPORT/schedule', { form: { _csrf: CookieClient.csrfOf(page.body), time: '08:30', timezone: 'Europe/Paris', days: 'mon-thu' } });
    expect(saved.url).toBe(`${h.base}/dashboard/channels`);
    expect(saved.body).toContain('at 08:30 (Europe/Paris)');
    const [settings] = await test.app.coach.handle(command(alice, supportChannel, 'coach', 'settings', test.clock.now()));
    expect(textOf(settings!)).toContain('08:30');
    expect(textOf(settings!)).toContain('Europe/Paris');
  });

  it('lists the change a manager made on the Audit page, in the words /coach audit uses', async () => {
    const { client, page } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    expect(page.body).toContain('<li><a href="/dashboard/audit">Audit</a></li>');
    const first = await client.request('/dashboard/channels/C_SUPPORT/schedule', { form: { _csrf: CookieClient.csrfOf(page.body), time: '07:15', timezone: 'UTC', days: 'daily' } });
    await client.request('/dashboard/channels/C_SUPPORT/schedule', { form: { _csrf: CookieClient.csrfOf(first.body), time: '07:45', timezone: 'UTC', days: 'weekdays' } });
    const audit = await client.request('/dashboard/audit');
    expect(audit.status).toBe(200);
    expect(audit.body).toContain('<a href="/dashboard/audit" aria-current="page">Audit</a>');
    expect(audit.body).toContain('<caption>Changes to shared settings in the last 7 days, newest first (times in Europe/London)</caption>');
    expect(audit.body).toContain('<thead><tr><th scope="col">Who</th><th scope="col">When</th><th scope="col">What</th><th scope="col">Before → after</th></tr></thead><tbody><tr><th scope="row">Alice</th><td>Fri 27 Nov, 12:00 GMT</td><td>set the daily principle in #support</td><td>Every day at 07:15 (UTC) → Weekdays at 07:45 (UTC)</td></tr>');
    // The same change, the same words, in chat.
    const [chat] = await test.app.coach.handle(command(alice, supportChannel, 'coach', 'audit', test.clock.now()));
    expect(textOf(chat!)).toContain('• Fri 27 Nov, 12:00 GMT — <@U_ALICE> set the daily principle in <#C_SUPPORT>: Every day at 07:15 (UTC) → Weekdays at 07:45 (UTC)');
    const oneDay = await client.request('/dashboard/audit?days=1');
    expect(oneDay.body).toContain('Changes to shared settings in the last day');
    expect(oneDay.body).toContain('<input type="number" name="days" value="1"');
    const wrong = await client.request('/dashboard/audit?days=400');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('Give a number of days from 1 to 366, not “400”.');
  });

  it('lets a manager close someone’s promise with a reason, recorded in its history', async () => {
    const bob = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U_BOB', name: 'Bob', tz: 'Europe/London' };
    await test.app.coach.handle(command(bob, supportChannel, 'promise-callback', 'ACME-4411 in 2h refund status', test.clock.now()));
    const { client } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const page = await client.request('/dashboard/promises');
    const id = /action="\/dashboard\/promises\/(\d+)\/close"/.exec(page.body)?.[1];
    expect(page.body).toContain('ACME-4411');
    expect(page.body).toContain('Heads-up');
    const done = await client.request(`/dashboard/promises/${id}/close`, { form: { _csrf: CookieClient.csrfOf(page.body), reason: 'Customer called us first' } });
    expect(done.body).toContain(`Closed promise #${id}. No more reminders; the reason is on record.`);
    expect((await findPromise(test.app.db, 'slack', 'T1', Number(id)))?.status).toBe('cancelled');
    expect((await promiseEvents(test.app.db, Number(id))).at(-1)).toMatchObject({ kind: 'cancelled', actorId: 'U_ALICE', detail: { reason: 'Customer called us first' } });
  });

  it('lets a manager hand a promise to someone else with a reason; the new agent gets its reminders', async () => {
    const bob = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U_BOB', name: 'Bob', tz: 'Europe/London' };
    const carol = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U_CAROL', name: 'Carol', tz: 'Europe/London' };
    await test.app.coach.handle(command(carol, supportChannel, 'coach', 'me', test.clock.now()));
    await test.app.coach.handle(command(bob, supportChannel, 'promise-callback', 'GLOBEX-7 in 3h invoice copy', test.clock.now()));
    const { client } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const page = await client.request('/dashboard/promises');
    const id = [...page.body.matchAll(/action="\/dashboard\/promises\/(\d+)\/reassign"/g)].map((m) => m[1]).at(-1);
    const done = await client.request(`/dashboard/promises/${id}/reassign`, { form: { _csrf: CookieClient.csrfOf(page.body), to: 'U_CAROL', reason: 'Bob is off sick' } });
    expect(done.body).toContain(`Promise #${id} is now Carol’s. They get its reminders from here on.`);
    expect((await findPromise(test.app.db, 'slack', 'T1', Number(id)))?.agentId).toBe('U_CAROL');
    expect((await promiseEvents(test.app.db, Number(id))).at(-1)).toMatchObject({ kind: 'reassigned', actorId: 'U_ALICE', detail: { from: 'U_BOB', to: 'U_CAROL', reason: 'Bob is off sick' } });
    const noReason = await client.request(`/dashboard/promises/${id}/close`, { form: { _csrf: CookieClient.csrfOf(done.body), reason: ' ' } });
    expect(noReason.body).toContain('Please give a reason: it is kept with the promise’s history.');
    expect((await findPromise(test.app.db, 'slack', 'T1', Number(id)))?.status).toBe('open');
  });

  it('signs in with Microsoft Entra ID as the Teams person of that tenant', async () => {
    const client = new CookieClient(h.base);
    h.provider.signInAs({ sub: 'pairwise-sub', oid: 'aad-object-1', tid: 'tenant-1', name: 'Tess' });
    const page = await client.request('/dashboard/auth/entra');
    expect(page.url).toBe(`${h.base}/dashboard/people/aad-object-1`);
    expect(page.body).toContain('<h1>Tess</h1>');
    expect(page.body).toContain('No callback promises yet.');
  });

  it('shows someone who is not a manager only their own page', async () => {
    const { client, page } = await signInWithSlack(h, { team: 'T1', user: 'U5', name: 'Uma' });
    expect(page.url).toBe(`${h.base}/dashboard/people/U5`);
    expect(page.body).toContain('My page');
    expect(page.body).not.toContain('>Overview<');
    expect(page.body).not.toContain('>Audit<');
    const other = await client.request('/dashboard/people/U6');
    expect(other.status).toBe(403);
    expect(other.body).toContain('You can see your own numbers; a team lead can see everyone’s.');
    for (const path of ['/dashboard/people', '/dashboard/promises', '/dashboard/channels', '/dashboard/audit', '/dashboard/stats.csv']) {
      const res = await client.request(path);
      expect(res.status, path).toBe(403);
      expect(res.body).toContain('This page is for team leads.');
    }
    const change = await client.request('/dashboard/channels/C_SUPPORT/schedule', { form: { _csrf: CookieClient.csrfOf(page.body), time: '07:00', timezone: 'UTC', days: 'daily' } });
    expect(change.status).toBe(403);
  });

  it('gives a manager of workspace B nothing of workspace A', async () => {
    const { client, page } = await signInWithSlack(h, { team: 'T2', user: 'U_BOSS_B', name: 'Boss B' });
    expect(figure(page.body, 'Acknowledged')).toBe('0');
    const people = await client.request('/dashboard/people?from=2026-W43&to=2026-W48');
    expect(people.body).toContain('0 people');
    expect(people.body).not.toContain('>U0<');
    const person = await client.request('/dashboard/people/U0');
    expect(person.status).toBe(404);
    expect((await client.request('/dashboard/channels')).body).not.toContain('C_SUPPORT');
    const audit = await client.request('/dashboard/audit?days=366');
    expect(audit.body).toContain('No changes to shared settings in the last 366 days.');
    expect(audit.body).not.toContain('support');
    expect(audit.body).not.toContain('Alice');
    expect((await client.request('/dashboard/stats.csv?from=2026-W48&to=2026-W48')).body.trim().split('\r\n')).toHaveLength(1);
  });

  it('refuses a change without the CSRF token, and signs out', async () => {
    const { client, page } = await signInWithSlack(h, { team: 'T1', user: 'U_ALICE', name: 'Alice' });
    const forged = await client.request('/dashboard/channels/C_SUPPORT/schedule', { form: { time: '06:00', timezone: 'UTC', days: 'daily' } });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('That request came without its security token, so nothing changed.');
    const [settings] = await test.app.coach.handle(command(alice, supportChannel, 'coach', 'settings', test.clock.now()));
    expect(textOf(settings!)).not.toContain('06:00');
    const out = await client.request('/dashboard/sign-out', { form: { _csrf: CookieClient.csrfOf(page.body) } });
    expect(out.body).toContain('You are signed out.');
    const after = await client.request('/dashboard');
    expect(after.url).toBe(`${h.base}/dashboard/sign-in`);
  });

  it('sends an expired session to sign in, and the session cookie is signed, HttpOnly and SameSite=Lax', async () => {
    const client = new CookieClient(h.base);
    h.provider.signInAs({ sub: 'U_ALICE', 'https://slack.com/team_id': 'T1', 'https://slack.com/user_id': 'U_ALICE' });
    const raw = await fetch(`${h.base}/dashboard/auth/slack`, { redirect: 'manual' });
    expect(raw.headers.getSetCookie().join()).toMatch(/coach_sign_in=s%3A[^;]+; Max-Age=600; Path=\/dashboard; Expires=[^;]+; HttpOnly; SameSite=Lax/);
    await client.request('/dashboard/auth/slack');
    expect(client.cookieHeader()).toMatch(/coach_session=s%3A/);
    test.clock.advance(13 * 3_600_000);
    try {
      const page = await client.request('/dashboard');
      expect(page.url).toBe(`${h.base}/dashboard/sign-in?expired=1`);
      expect(page.body).toContain('Your session has ended. Please sign in again.');
    } finally {
      test.clock.advance(-13 * 3_600_000);
    }
  });

  it('signs in once with a one-time link (the console’s), never twice', async () => {
    const link = await h.dashboard.createSignInLink({ platform: 'slack', workspaceId: 'T1', userId: 'U_ALICE', name: 'Alice' });
    const first = await new CookieClient(h.base).request(link);
    expect(first.url).toBe(`${h.base}/dashboard`);
    const again = await new CookieClient(h.base).request(link);
    expect(again.status).toBe(400);
    expect(again.body).toContain('That sign-in link has been used or has expired.');
  });
});
