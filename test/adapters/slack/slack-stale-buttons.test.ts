// Buttons pressed long after their moment, through the real Bolt receiver: they never undo what
// happened since, and they say what did happen.
import { afterEach, describe, expect, it } from 'vitest';
import { findPromiseById } from '../../../src/store/promises-repo.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { buttonPress, slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
type SlackButton = { action_id: string; value?: string; text: { text: string } };
const button = (params: Record<string, unknown>, label: RegExp): SlackButton =>
  ((params.blocks as { type: string; elements?: SlackButton[] }[]) ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((b) => label.test(b.text.text))!;

describe('stale buttons in Slack', () => {
  it('“Snooze 1 h” on an old confirmation of a promise due next week leaves it due next week and says so', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z');
    await h.command('/promise-callback', 'ACME-4411 30 Nov 10:00 refund status', { responseId: 'make' });
    await h.api.waitForAnswers();
    const confirmation = h.api.answers()[0]!.params;
    expect(slackText(confirmation)).toContain('Mon 30 Nov, 10:00 GMT');

    h.t.clock.set('2026-11-25T14:00:00Z'); // two days later, the old confirmation is still on screen
    const snooze = button(confirmation, /Snooze 1 h/);
    await h.press(buttonPress({ api: h.api, actionId: snooze.action_id, value: snooze.value, ephemeral: true, responseId: 'snooze' }));
    await h.api.waitFor('chat.postEphemeral'); // a private answer beside the old message, which stays as it was
    const answer = h.api.callsTo('chat.postEphemeral')[0]!.params;
    expect(slackText(answer)).toContain('It is now due Mon 30 Nov, 10:00 GMT; snooze from the latest reminder.');
    expect(await findPromiseById(h.t.app.db, 1)).toMatchObject({ dueAt: new Date('2026-11-30T10:00:00Z'), renegotiated: false });
  });

  it('a button on a promise that is already done says so', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z');
    await h.command('/promise-callback', 'ACME-4411 in 2h refund status', { responseId: 'make' });
    await h.command('/promise-callback', 'done 1', { responseId: 'done' });
    await h.api.waitForAnswers(2);
    const confirmation = h.api.answers().find((c) => c.responseId === 'make')!.params;
    const snooze = button(confirmation, /Snooze 1 h/);
    await h.press(buttonPress({ api: h.api, actionId: snooze.action_id, value: snooze.value, ephemeral: true, responseId: 'late-press' }));
    await h.api.waitFor('chat.postEphemeral');
    expect(slackText(h.api.callsTo('chat.postEphemeral')[0]!.params)).toContain('This promise is already done (kept ✅): #1. Nothing changed.');
  });
});
