// Hostile /coach texts as real signed Slack requests through the real Bolt receiver: never a 5xx,
// every request acked and answered via response_url with a clear line, nothing stored unless the
// answer says so. The core-level fuzz (fuzz-core-commands) covers many more texts; this covers the
// HTTP path (form encoding, Block Kit rendering of echoed input, response_url).
import { describe, expect, it } from 'vitest';
import { dbGet } from '../helpers/sql.ts';
import { paramText } from '../helpers/fake-slack-api.ts';
import { startSlackHarness } from '../adapters/slack/slack-harness.ts';
import { adversarialTexts } from '../helpers/adversarial-text.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { PROMISE_WORDS } from '../helpers/command-words.ts';

describe('fuzzing /coach over signed Slack HTTP requests', () => {
  const tempDir = useTempDir();

  it('answers 1,000 adversarial commands via response_url, never 5xx, and stores nothing for invalid input', async () => {
    const h = await startSlackHarness(tempDir());
    try {
      const texts = adversarialTexts(seededRandom(11), 1_000, ['today', 'subscribe', 'unsubscribe', 'settings', 'help', 'stats']);
      const subscribed = async () => ((await dbGet(h.t.app.db, 'SELECT COUNT(*) AS n FROM channels WHERE subscribed = 1')) as { n: number }).n;
      for (const [i, text] of texts.entries()) {
        const context = `case ${i}: ${JSON.stringify(text.slice(0, 80))}`;
        const before = await subscribed();
        const answered = h.api.answers().length;
        const result = await h.command('/coach', text, { responseId: `fuzz-${i}` });
        expect(result.status, context).toBe(200);
        await h.api.waitForAnswers(answered + 1);
        const answers = h.api.answers().filter((c) => c.responseId === `fuzz-${i}`);
        expect(answers.length, context).toBeGreaterThan(0);
        for (const answer of answers) {
          const fallback = paramText(answer.params.text);
          expect(fallback.trim().length, context).toBeGreaterThan(0);
          expect(fallback, context).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|SqliteError|went wrong on my side/);
          // Slack refuses text over 40,000 characters and section blocks over 3,000.
          expect(fallback.length, context).toBeLessThan(3_000);
          for (const block of (answer.params.blocks as { text?: { text?: string } }[] | undefined) ?? []) {
            expect(block.text?.text?.length ?? 0, context).toBeLessThanOrEqual(3_000);
          }
        }
        const saidSubscribed = answers.some((a) => String(a.params.text).includes("You're subscribed"));
        const saidOff = answers.some((a) => /off for this channel/.test(String(a.params.text)));
        if (!saidSubscribed && !saidOff) expect(await subscribed(), context).toBe(before);
      }
    } finally {
      await h.close();
    }
  }, 120_000);

  it('answers 500 adversarial /promise-callback commands via response_url and stores a promise only when it confirms one', async () => {
    const h = await startSlackHarness(tempDir());
    try {
      const texts = adversarialTexts(seededRandom(29), 500, PROMISE_WORDS);
      const promises = async () => ((await dbGet(h.t.app.db, 'SELECT COUNT(*) AS n FROM promises')) as { n: number }).n;
      for (const [i, text] of texts.entries()) {
        const context = `case ${i}: ${JSON.stringify(text.slice(0, 80))}`;
        const before = await promises();
        const answered = h.api.answers().length;
        const result = await h.command('/promise-callback', text, { responseId: `promise-fuzz-${i}` });
        expect(result.status, context).toBe(200);
        await h.api.waitForAnswers(answered + 1);
        const answers = h.api.answers().filter((c) => c.responseId === `promise-fuzz-${i}`);
        expect(answers.length, context).toBeGreaterThan(0);
        for (const answer of answers) {
          expect(paramText(answer.params.text).trim().length, context).toBeGreaterThan(0);
          expect(String(answer.params.text), context).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|SqliteError|went wrong on my side/);
          const blocks = (answer.params.blocks as { text?: { text?: string } }[] | undefined) ?? [];
          expect(blocks.length, context).toBeLessThanOrEqual(50); // Slack's limit per message
          for (const block of blocks) expect(block.text?.text?.length ?? 0, context).toBeLessThanOrEqual(3_000);
        }
        const saved = answers.some((a) => /callback promise #\d+ saved/.test(String(a.params.text)));
        expect(await promises(), context).toBe(before + (saved ? 1 : 0));
      }
    } finally {
      await h.close();
    }
  }, 120_000);
});
