// Thousands of hostile /coach texts straight into the core: never a throw, always a clear answer
// with a fallback text, and a subscription is stored only when the answer says so.
import { describe, expect, it } from 'vitest';
import { dbGet } from '../helpers/sql.ts';
import { adversarialTexts } from '../helpers/adversarial-text.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { alice, command, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('fuzzing /coach through the core', () => {
  const tempDir = useTempDir();

  it('answers 3,000 adversarial texts clearly and stores nothing for invalid input', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const subcommands = ['today', 'subscribe', 'unsubscribe', 'settings', 'help', 'SUBSCRIBE', 'stats', 'managers', 'me'];
    const texts = adversarialTexts(seededRandom(7), 3_000, subcommands);
    const subscribed = async () => ((await dbGet(t.app.db, 'SELECT COUNT(*) AS n FROM channels WHERE subscribed = 1')) as { n: number }).n;
    for (const [i, text] of texts.entries()) {
      const before = await subscribed();
      const answers = await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now()));
      const context = `case ${i}: ${JSON.stringify(text.slice(0, 80))}`;
      expect(answers.length, context).toBeGreaterThan(0);
      for (const answer of answers) {
        expect(answer.text.trim().length, context).toBeGreaterThan(0);
        expect(answer.text, context).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|SqliteError|undefined/);
        expect(answer.text, context).not.toMatch(/went wrong on my side/); // the catch-all means a bug
        // Short enough for any platform (Slack sections take 3,000 characters), no control characters.
        expect(answer.text.length, context).toBeLessThan(3_000);
        // eslint-disable-next-line no-control-regex
        expect(answer.text, context).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
      const saidSubscribed = answers.some((a) => a.text.includes("You're subscribed"));
      if (!saidSubscribed && !answers.some((a) => /off for this channel/.test(a.text))) expect(await subscribed(), context).toBe(before);
      if (saidSubscribed) expect(await subscribed(), context).toBe(1);
    }
    await t.app.stop();
  }, 120_000);
});
