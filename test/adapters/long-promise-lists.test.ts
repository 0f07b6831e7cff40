// 60 open promises with long notes: the list pages with "Show more", narrows with overdue / today /
// @person, and every message stays inside Slack's and Teams' limits.
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/ports.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { ALICE, BOB, buttonPress, slackText, startSlackHarness, SUPPORT, TEAM, type SlackHarness } from './slack/slack-harness.ts';
import { cardOf, dana, personalMessage, startTeamsHarness, TENANT, visibleText, type TeamsHarness } from './teams/teams-harness.ts';

const tempDir = useTempDir();
const open: (SlackHarness | TeamsHarness)[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

const NOTE = 'customer asked about the refund for the order placed last month; '.repeat(14); // ~900 characters

/** 60 promises due 1 h, 2 h … 60 h from now, made straight through the coach (fast), by `agent`. */
async function seed(h: SlackHarness | TeamsHarness, agent: Actor, addressKey: string): Promise<void> {
  for (let i = 1; i <= 60; i++) {
    const text = `ACME-${1000 + i} in ${i}h ${NOTE}`;
    await h.t.app.coach.handle({ kind: 'command', from: agent, address: { platform: agent.platform, workspaceId: agent.workspaceId, key: addressKey }, command: 'promise-callback', text, at: h.t.clock.now() });
  }
}

type SlackBlock = { type: string; text?: { text: string }; elements?: { action_id: string; value?: string; text: { text: string } }[] };
const blocksOf = (params: Record<string, unknown>) => (params.blocks as SlackBlock[]) ?? [];
const withinSlackLimits = (params: Record<string, unknown>) => {
  expect(blocksOf(params).length).toBeLessThanOrEqual(50);
  for (const block of blocksOf(params)) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
  expect(slackText(params)).not.toContain('Try again with a narrower request');
};

describe('long promise lists', () => {
  it('in Slack: 20 at a time with “Show more”, overdue, today, and a colleague’s for team leads', async () => {
    const h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z'); // Monday 08:00 in London
    open.push(h);
    await seed(h, { platform: 'slack', workspaceId: TEAM, userId: ALICE.id, name: ALICE.realName, tz: ALICE.tz }, SUPPORT.id);
    await h.command('/promise-callback', 'list', { responseId: 'list' });
    await h.api.waitForAnswers();
    const first = h.api.answers().find((c) => c.responseId === 'list')!.params;
    withinSlackLimits(first);
    expect(slackText(first)).toContain('*Your open promises* (1–20 of 60)');
    expect(slackText(first)).toContain('#1 ACME-1001');
    expect(slackText(first)).not.toContain('ACME-1021');
    const more = blocksOf(first).flatMap((b) => b.elements ?? []).find((e) => e.text.text === 'Show more (40)')!;
    expect(more).toBeDefined();

    await h.press(buttonPress({ api: h.api, actionId: more.action_id, value: more.value, ephemeral: true, responseId: 'more' }));
    await h.api.waitFor('chat.postEphemeral');
    const second = h.api.callsTo('chat.postEphemeral')[0]!.params;
    withinSlackLimits(second);
    expect(slackText(second)).toContain('*Your open promises* (21–40 of 60)');
    expect(slackText(second)).toContain('ACME-1021');

    h.t.clock.set('2026-11-23T13:30:00Z'); // the first five are overdue; fifteen fall due today (by 23:59 London)
    await h.command('/promise-callback', 'list overdue', { responseId: 'overdue' });
    await h.command('/promise-callback', 'list today', { responseId: 'today' });
    await h.command('/promise-callback', `list <@${ALICE.id}|${ALICE.name}> overdue`, { user: BOB.id, userName: BOB.name, responseId: 'lead' });
    await h.command('/promise-callback', `list <@${BOB.id}|${BOB.name}>`, { responseId: 'nosy' });
    await h.api.waitForAnswers(5);
    const answer = (id: string) => slackText(h.api.answers().find((c) => c.responseId === id)!.params);
    expect(answer('overdue')).toContain('*Your overdue promises* (5)');
    expect(answer('overdue')).not.toContain('Show more');
    expect(answer('today')).toContain('*Your promises due today* (15)');
    expect(answer('lead')).toContain(`*<@${ALICE.id}>'s overdue promises* (5)`);
    expect(answer('nosy')).toContain("Only team leads can see someone else's promises.");
  });

  it('in Teams: the list card stays under 28 KB however long the notes are', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z' });
    open.push(h);
    await h.send(personalMessage(h.connector, dana, 'coach help'));
    await seed(h, { platform: 'teams', workspaceId: TENANT, userId: dana.aadObjectId, name: dana.name, tz: 'America/New_York' }, `a:personal-${dana.aadObjectId}`);
    h.connector.clear();
    await h.send(personalMessage(h.connector, dana, 'promise-callback list'));
    const [reply] = h.connector.deliveries();
    expect(visibleText(reply?.body)).toContain('Your open promises** (1–20 of 60)');
    expect(JSON.stringify(cardOf(reply?.body)).includes('Show more (40)')).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(reply?.body))).toBeLessThan(28_000);
  });
});
