// Work weeks other than Monday–Friday, through the real Bolt receiver: the daily posts, the
// "Next work day 9:00" snooze and the weekly digest all follow the days a team chose.
import { afterEach, describe, expect, it } from 'vitest';
import { pendingJobs } from '../../../src/store/jobs-repo.ts';
import { findPromiseById } from '../../../src/store/promises-repo.ts';
import { DIGEST_JOB } from '../../../src/coach/digest-plan.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { BOB, buttonPress, slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
type SlackButton = { action_id: string; value?: string; text: { text: string } };
const button = (params: Record<string, unknown>, label: RegExp): SlackButton =>
  ((params.blocks as { type: string; elements?: SlackButton[] }[]) ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((b) => label.test(b.text.text))!;
const answer = (id: string) => slackText(h!.api.answers().find((c) => c.responseId === id)!.params);

describe('work weeks in Slack', () => {
  it('a Sunday–Thursday team subscribes with sun-thu: Thursday’s next post is on Sunday', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-26T12:00:00Z'); // Thursday, 14:00 in Jerusalem
    await h.command('/coach', 'subscribe 09:00 Asia/Jerusalem sun-thu', { responseId: 'sub' });
    await h.command('/coach', 'subscribe mon, tue, thu', { responseId: 'list', channel: 'C_OTHER', channelName: 'other' });
    await h.api.waitForAnswers(2);
    expect(answer('sub')).toContain('This channel gets a service principle Sun–Thu at 09:00 (Asia/Jerusalem). Next one: Sun 29 Nov, 09:00');
    expect(answer('list')).toContain('This channel gets a service principle Mon, Tue and Thu at 09:00');
  });

  it('“Next work day 9:00” on a Thursday reminder of a Sun–Thu team moves the promise to Sunday 09:00', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-26T08:00:00Z'); // Thursday
    await h.command('/coach', 'subscribe 09:00 Europe/London sun-thu', { responseId: 'sub' });
    await h.command('/promise-callback', 'ACME-4411 in 1h refund status', { responseId: 'make' });
    await h.api.waitForAnswers(2);
    h.t.clock.advanceMinutes(60);
    await h.t.app.scheduler.tick();
    const due = h.api.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D')).at(-1)!.params;
    const next = button(due, /Next work day 9:00/);
    await h.press(buttonPress({ api: h.api, actionId: next.action_id, value: next.value, channel: String(due.channel), messageTs: '1700000100.000001' }));
    await h.api.waitFor('chat.update');
    expect(slackText(h.api.callsTo('chat.update')[0]!.params)).toContain('now due Sun 29 Nov, 09:00 GMT');
    expect((await findPromiseById(h.t.app.db, 1))?.dueAt.toISOString()).toBe('2026-11-29T09:00:00.000Z');
  });

  it('a team that does not work Mondays gets its weekly digest on its first work day', async () => {
    h = await startSlackHarness(tempDir(), '2026-11-26T12:00:00Z');
    await h.command('/coach', 'subscribe 09:00 Europe/London tue-sat', { user: BOB.id, userName: BOB.name, responseId: 'sub' });
    await h.command('/coach', 'managers list', { user: BOB.id, userName: BOB.name, responseId: 'managers' });
    await h.api.waitForAnswers(2);
    expect(answer('sub')).toContain('Tue–Sat at 09:00 (Europe/London)');
    const [digest] = await pendingJobs(h.t.app.db, { kind: DIGEST_JOB });
    expect(digest?.dueAt.toISOString()).toBe('2026-12-01T14:00:00.000Z'); // Tuesday 09:00 in Bob's New York
  });
});
