// Holidays, closed days and working hours through the real Bolt receiver: the answers as Slack
// shows them, and the daily post that skips a Bavarian holiday.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { slackText, startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const answer = (id: string) => slackText(h!.api.answers().find((c) => c.responseId === id)!.params);

describe('holidays and hours in Slack', () => {
  it('/coach holidays DE-BY skips Epiphany; /coach closed adds a day; /coach hours sets a night shift shown in /coach me', async () => {
    h = await startSlackHarness(tempDir(), '2026-01-05T07:00:00Z'); // Mon 5 Jan 2026, 08:00 in Munich
    await h.command('/coach', 'subscribe 09:00 Europe/Berlin weekdays', { responseId: 'sub' });
    await h.api.waitForAnswers(1);
    await h.command('/coach', 'holidays DE-BY', { responseId: 'holidays' });
    await h.api.waitForAnswers(2);
    expect(answer('holidays')).toContain('Done ✅ This channel now skips the public holidays of Germany (Bayern). Next days skipped: Tue 6 Jan (Epiphany), Fri 3 Apr (Good Friday), Mon 6 Apr (Easter Monday).');
    await h.command('/coach', 'closed 2026-01-07', { responseId: 'closed' });
    await h.api.waitForAnswers(3);
    expect(answer('closed')).toContain('Done ✅ 7 Jan 2026 is a closed day here: no daily post or discussion then. Next days skipped: Tue 6 Jan (Epiphany), Wed 7 Jan (closed), Fri 3 Apr (Good Friday). Next post: Mon 5 Jan, 09:00 CET — in 1 h.');
    await h.command('/coach', 'hours 22:00-06:00 mon-fri', { responseId: 'hours' });
    await h.command('/coach', 'me', { responseId: 'me' });
    await h.api.waitForAnswers(5);
    expect(answer('hours')).toContain('Done ✅ Your hours: Weekdays 22:00–06:00 (overnight), Europe/London time.');
    expect(answer('me')).toContain('Your hours:* Weekdays 22:00–06:00 (overnight) (Europe/London) · change them with `/coach hours`');

    // Posts on Monday, none on Tuesday (Epiphany) or Wednesday (closed), then Thursday.
    const postDays: string[] = [];
    for (let hour = 0; hour < 4 * 24; hour++) {
      h.t.clock.advanceMinutes(60);
      await h.t.app.scheduler.tick();
      const posts = h.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_SUPPORT' && slackText(c.params).includes("Today's service principle"));
      if (posts.length > postDays.length) postDays.push(h.t.clock.now().toISOString().slice(0, 13));
    }
    expect(postDays).toEqual(['2026-01-05T08', '2026-01-08T08']);
  });
});
