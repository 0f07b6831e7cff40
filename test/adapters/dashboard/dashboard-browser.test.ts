// The dashboard in headless Chromium (Debian's, at /usr/bin/chromium) driven by playwright-core:
// sign in through the loopback OIDC provider, see the seeded team's numbers match `/coach stats`,
// sort, change the range, open a person, download the CSV, change a channel's schedule and see
// `/coach settings` agree; axe-core finds no serious or critical violation on any page; a phone
// viewport does not scroll sideways; tables work with JavaScript off. Screenshots of every page go
// to artifacts/dashboard/ (git-ignored). Without Chromium the file is skipped with one line, except
// with CI=true, where it fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, supportChannel, textOf } from '../../helpers/test-app.ts';
import { seedTeamHistory } from '../../helpers/seed-team-history.ts';
import { startDashboard, type DashboardHarness } from '../../helpers/dashboard-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  const line = `Chromium is not at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`${line}: CI=true needs the browser tests, so this run fails.`);
  process.stderr.write(`${line}: skipping the dashboard browser tests.\n`);
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ARTIFACTS = path.join(ROOT, 'artifacts/dashboard');
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const alice = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U_ALICE', name: 'Alice', tz: 'Europe/London' };

async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy rightly does not allow for inline scripts.
  await page.evaluate(AXE);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.count})`);
}

async function snapshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!haveChromium)('the dashboard in a real browser', { timeout: 60_000 }, () => {
  let h: DashboardHarness;
  let context: BrowserContext;
  let page: Page;
  let userData: string;
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    h = await startDashboard({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'service-coach-browser-')), start: '2026-11-27T12:00:00Z', env: { COACH_MANAGERS: 'U_ALICE' } });
    await h.test.app.coach.handle(command(alice, supportChannel, 'coach', 'subscribe 09:00 Europe/London weekdays', h.test.clock.now()));
    await seedTeamHistory(h.test.app.db, { people: 12, weeks: 6, firstWeek: '2026-W43' });
    await h.test.app.db
      .insertInto('participation')
      .values([0, 1, 2, 3].map((i) => ({ platform: 'slack' as const, workspace_id: 'T1', user_id: 'U3', kind: 'ack', address_key: 'C_SUPPORT', target: `extra${i}`, dedupe_key: `extra:${i}`, at: Date.parse('2026-11-26T10:00:00Z') + i })))
      .execute();
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'service-coach-chromium-'));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await h?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('signs in with Slack and shows the numbers /coach stats gives, with the chart drawn locally', async () => {
    const outside: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1') outside.push(request.url());
    });
    h.provider.signInAs({ sub: 'U_ALICE', name: 'Alice', 'https://slack.com/team_id': 'T1', 'https://slack.com/user_id': 'U_ALICE' });
    await page.goto(`${h.base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, 'sign-in');
    await page.getByRole('link', { name: 'Sign in with Slack' }).click();
    await page.waitForURL(`${h.base}/dashboard`);
    await page.locator('#chart[data-rendered="true"] svg').waitFor({ timeout: 15_000 });
    // Hovering a point of the trend names its week and value.
    await page.locator('#chart svg path[aria-roledescription="point"]').last().hover({ force: true });
    await expect.poll(() => page.locator('#vg-tooltip-element').textContent(), { timeout: 5_000 }).toContain('W48');
    const [answer] = await h.test.app.coach.handle(command(alice, supportChannel, 'coach', 'stats this week', h.test.clock.now()));
    const chat = textOf(answer!);
    for (const label of ['People taking part', 'Acknowledged', 'Discussion replies', 'Promises made', 'Kept on time', 'Missed']) {
      const shown = await page.locator(`[data-figure="${label}"]`).textContent();
      expect(shown, label).toBe(new RegExp(`${label}: (\\S+)`).exec(chat)?.[1]);
    }
    expect(await page.locator('[data-figure="Acknowledged"]').textContent()).toBe('76');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, 'overview');
    expect(outside).toEqual([]);
  });

  it('sorts people, changes the range and opens a person', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Acknowledged' }).click();
    await expect.poll(() => page.locator('table.people tbody tr:first-child th').textContent()).toBe('U3');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Acknowledged');
    await page.getByLabel('From week').fill('2026-W43');
    await page.getByLabel('To week').fill('2026-W48');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('table.people caption').textContent()).toContain('12 people, 2026-W43 to 2026-W48');
    expect(await page.locator('table.people tbody tr:first-child th').textContent()).toBe('U3');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, 'people');
    await page.getByRole('link', { name: 'U0', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('U0');
    expect(await page.getByRole('row', { name: /^2026-W48/ }).textContent()).toBe('2026-W4861210150%');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, 'person');
  });

  it('downloads the CSV of the range', async () => {
    await page.goto(`${h.base}/dashboard/people?from=2026-W47&to=2026-W48`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('team-stats-2026-W47-to-2026-W48.csv');
    const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('week,week_start,user_id,name,acknowledged,got_it_presses,reactions,discussion_replies,promises_made,kept,late,missed,renegotiated,open,on_time_rate');
    expect(csv.filter(Boolean)).toHaveLength(1 + 2 * 12);
  });

  it('changes a channel’s schedule, and /coach settings agrees', async () => {
    await page.goto(`${h.base}/dashboard/channels`);
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, 'channels');
    await page.getByRole('group', { name: 'Daily principle for #support' }).getByLabel('Time', { exact: true }).fill('07:45');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('07:45');
    const [settings] = await h.test.app.coach.handle(command(alice, supportChannel, 'coach', 'settings', h.test.clock.now()));
    expect(textOf(settings!)).toContain('07:45');
    expect(await page.locator('dd').first().textContent()).toBe('Weekdays at 07:45 (Europe/London)');
  });

  it('lists open promises with their next reminder, and axe finds nothing serious', async () => {
    const bob = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U_BOB', name: 'Bob', tz: 'Europe/London' };
    await h.test.app.coach.handle(command(bob, supportChannel, 'promise-callback', 'ACME-4411 in 2h refund status', h.test.clock.now()));
    await page.goto(`${h.base}/dashboard/promises`);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain('Bob');
    expect(await page.getByRole('table').first().textContent()).toContain('Heads-up');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, 'promises');
  });

  it('reads well on a phone: nothing scrolls sideways', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [
      ['phone-overview', '/dashboard'],
      ['phone-people', '/dashboard/people'],
      ['phone-channels', '/dashboard/channels'],
    ] as const) {
      await phone.goto(`${h.base}${url}`);
      expect(await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
      await snapshot(phone, name);
    }
    await phone.close();
  });

  it('sorts the people table with JavaScript turned off', async () => {
    const cookies = await context.cookies();
    const browser = context.browser();
    // A persistent context has no browser handle; a second, script-less page in a new context shares the cookies.
    const noScript = browser ? await browser.newContext({ javaScriptEnabled: false }) : await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }).then((b) => b.newContext({ javaScriptEnabled: false }));
    try {
      await noScript.addCookies(cookies);
      const plain = await noScript.newPage();
      await plain.goto(`${h.base}/dashboard/people`);
      await plain.getByRole('link', { name: 'Acknowledged' }).click();
      await expect.poll(() => plain.locator('table.people tbody tr:first-child th').textContent()).toBe('U3');
    } finally {
      await noScript.browser()?.close();
      await noScript.close().catch(() => undefined);
    }
  });
});
