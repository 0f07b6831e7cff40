// Thousands of hostile /promise-callback texts straight into the core: never a throw, always one clear
// answer, and a promise is stored only when the answer confirms it (with its ladder planned).
import { describe, expect, it } from 'vitest';
import { dbGet } from '../helpers/sql.ts';
import { adversarialTexts } from '../helpers/adversarial-text.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { alice, command, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { PROMISE_WORDS } from '../helpers/command-words.ts';


describe('fuzzing /promise-callback through the core', () => {
  const tempDir = useTempDir();

  it('answers 3,000 adversarial texts clearly and stores a promise only when it confirms one', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const texts = adversarialTexts(seededRandom(23), 3_000, PROMISE_WORDS);
    const count = async (sql: string) => ((await dbGet(t.app.db, sql)) as { n: number }).n;
    const promises = async () => await count('SELECT COUNT(*) AS n FROM promises');
    const ladders = async () => await count(`SELECT COUNT(*) AS n FROM jobs WHERE kind LIKE 'promise.%'`);
    for (const [i, text] of texts.entries()) {
      const before = { promises: await promises(), ladders: await ladders() };
      const answers = await t.app.coach.handle(command(alice, supportChannel, 'promise-callback', text, t.clock.now()));
      const context = `case ${i}: ${JSON.stringify(text.slice(0, 80))}`;
      expect(answers.length, context).toBeGreaterThan(0);
      for (const answer of answers) {
        expect(answer.text.trim().length, context).toBeGreaterThan(0);
        expect(answer.text, context).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|SqliteError|Invalid Date|went wrong on my side/);
        expect(answer.text.length, context).toBeLessThan(40_000); // Slack's limit for a message's text
        // eslint-disable-next-line no-control-regex
        expect(answer.text, context).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
      const saved = answers.some((a) => /callback promise #\d+ saved/.test(a.text));
      expect(await promises(), context).toBe(before.promises + (saved ? 1 : 0));
      if (!saved && !answers.some((a) => /^(?:\p{Extended_Pictographic}\s*)?(Done at|Cancelled|Snoozed|Rescheduled|Moved)/mu.test(a.text))) expect(await ladders(), context).toBe(before.ladders);
    }
    expect(await promises()).toBeGreaterThan(0); // the generator does produce valid promises too
    await t.app.stop();
  }, 120_000);
});
