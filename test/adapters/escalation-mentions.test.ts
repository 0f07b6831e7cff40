// An escalation names the agent with a real mention, so the lead can click through to them.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { ALICE, BOB, slackText, startSlackHarness, type SlackHarness } from './slack/slack-harness.ts';
import { cardOf, dana, lee, personalMessage, startTeamsHarness, type TeamsHarness } from './teams/teams-harness.ts';

const tempDir = useTempDir();
const open: (SlackHarness | TeamsHarness)[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

describe('escalations mention the agent', () => {
  it('in Slack, as <@agent>', async () => {
    const h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z');
    open.push(h);
    await h.command('/coach', `managers add <@${BOB.id}|${BOB.name}>`, { user: BOB.id, userName: BOB.name, responseId: 'lead' });
    await h.command('/promise-callback', 'ACME-4411 in 1h refund status', { responseId: 'make' });
    await h.api.waitForAnswers(2);
    h.t.clock.advanceMinutes(120);
    await h.t.app.scheduler.tick();
    const opened = h.api.callsTo('conversations.open').find((c) => c.params.users === BOB.id);
    expect(opened).toBeDefined();
    const escalation = h.api.callsTo('chat.postMessage').find((c) => slackText(c.params).includes('🚨') && slackText(c.params).includes('overdue.'))!;
    expect(slackText(escalation.params)).toContain(`<@${ALICE.id}>'s callback promise #1 to *ACME-4411*`);
  });

  it('in Teams, as <at>Name</at> with the mention entity on the card', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z', env: { COACH_MANAGERS: lee.aadObjectId } });
    open.push(h);
    await h.send(personalMessage(h.connector, lee, 'coach help')); // the lead has a personal chat
    await h.send(personalMessage(h.connector, dana, 'promise-callback ACME-4411 in 1h refund status'));
    h.connector.clear();
    h.t.clock.advanceMinutes(120);
    await h.t.app.scheduler.tick();
    const toLee = h.connector.deliveries().filter((c) => c.conversationId === `a:personal-${lee.aadObjectId}`);
    const card = cardOf(toLee.at(-1)?.body);
    expect(JSON.stringify(card.body)).toContain("<at>Dana Reyes</at>'s callback promise #1 to **ACME-4411**");
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Dana Reyes</at>', mentioned: { id: dana.aadObjectId, name: 'Dana Reyes' } }]);
  });
});
