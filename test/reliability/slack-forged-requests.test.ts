// Forged, replayed and malformed requests at the real Bolt receiver: refused with a 4xx, never
// handed to the coach, nothing stored. Only a correctly signed, fresh, well-formed request gets in.
import { describe, expect, it } from 'vitest';
import { dbAll, dbGet } from '../helpers/sql.ts';
import { SIGNING_SECRET, startSlackHarness } from '../adapters/slack/slack-harness.ts';
import { signSlack, slashCommandBody } from '../helpers/slack-requests.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('forged and replayed Slack requests', () => {
  const tempDir = useTempDir();

  it('refuses every forged, stale, unsigned, mistyped or oversized request and stores nothing', async () => {
    const h = await startSlackHarness(tempDir());
    try {
      const subscribe = slashCommandBody({ command: '/coach', text: 'subscribe 09:00 Europe/London weekdays', responseUrl: h.api.responseUrl('forged') });
      const now = Math.floor(Date.now() / 1000);
      const form = 'application/x-www-form-urlencoded';
      const post = (body: string, headers: Record<string, string>) =>
        fetch(`${h.baseUrl}/slack/events`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, body: await r.text() }));
      const attempts: { name: string; status: number }[] = [];
      const tryIt = async (name: string, body: string, headers: Record<string, string>) => attempts.push({ name, status: (await post(body, headers)).status });

      await tryIt('wrong secret', subscribe, { 'content-type': form, 'x-slack-request-timestamp': String(now), 'x-slack-signature': signSlack('not-the-secret', now, subscribe) });
      await tryIt('tampered body', subscribe.replace('09%3A00', '10%3A00'), { 'content-type': form, 'x-slack-request-timestamp': String(now), 'x-slack-signature': signSlack(SIGNING_SECRET, now, subscribe) });
      const stale = now - 6 * 60;
      await tryIt('replayed after 6 minutes', subscribe, { 'content-type': form, 'x-slack-request-timestamp': String(stale), 'x-slack-signature': signSlack(SIGNING_SECRET, stale, subscribe) });
      await tryIt('no signature', subscribe, { 'content-type': form, 'x-slack-request-timestamp': String(now) });
      await tryIt('no timestamp', subscribe, { 'content-type': form, 'x-slack-signature': signSlack(SIGNING_SECRET, now, subscribe) });
      await tryIt('no headers at all', subscribe, {});
      await tryIt('garbage timestamp', subscribe, { 'content-type': form, 'x-slack-request-timestamp': 'soon', 'x-slack-signature': signSlack(SIGNING_SECRET, now, subscribe) });
      await tryIt('signature of another version', subscribe, { 'content-type': form, 'x-slack-request-timestamp': String(now), 'x-slack-signature': signSlack(SIGNING_SECRET, now, subscribe).replace('v0=', 'v1=') });
      // Correctly signed but not a form: Bolt cannot parse it as a command.
      for (const type of ['text/plain', 'application/x-www-form-urlencoded; charset=utf-8', 'application/json']) {
        await tryIt(`content type ${type}`, subscribe, { 'content-type': type, 'x-slack-request-timestamp': String(now), 'x-slack-signature': signSlack(SIGNING_SECRET, now, subscribe) });
      }
      // Far bigger than anything Slack sends (slash command text is capped at a few KB).
      const huge = slashCommandBody({ command: '/coach', text: `subscribe 09:00 ${'x'.repeat(3 * 1024 * 1024)}`, responseUrl: h.api.responseUrl('huge') });
      await tryIt('3 MB body, correctly signed', huge, { 'content-type': form, 'x-slack-request-timestamp': String(now), 'x-slack-signature': signSlack(SIGNING_SECRET, now, huge) });

      for (const attempt of attempts) {
        expect(attempt.status, attempt.name).toBeGreaterThanOrEqual(400);
        expect(attempt.status, attempt.name).toBeLessThan(500);
      }
      expect(attempts.find((a) => a.name.startsWith('3 MB'))?.status).toBe(413);
      expect(h.inbounds).toHaveLength(0);
      expect(h.api.answers()).toHaveLength(0);
      const stored = (await dbGet(h.t.app.db, 'SELECT COUNT(*) AS n FROM channels')) as { n: number };
      expect(stored.n).toBe(0);

      // The same request, properly signed and fresh, is accepted: the refusals above were about the forgery.
      // (Signed a second later: the exact signature above was already seen, and a replay is refused.)
      const ok = await post(subscribe, { 'content-type': form, 'x-slack-request-timestamp': String(now + 1), 'x-slack-signature': signSlack(SIGNING_SECRET, now + 1, subscribe) });
      expect(ok.status).toBe(200);
      await h.api.waitForAnswers();
      expect(String(h.api.answers()[0]?.params.text)).toContain("You're subscribed");
    } finally {
      await h.close();
    }
  }, 30_000);

  it('one validly signed /promise-callback replayed 10 times makes 1 promise; one dated an hour ahead is refused', async () => {
    const h = await startSlackHarness(tempDir());
    try {
      const form = 'application/x-www-form-urlencoded';
      const post = (body: string, timestamp: number) =>
        fetch(`${h.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': form, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlack(SIGNING_SECRET, timestamp, body) }, body }).then((r) => r.status);
      const body = slashCommandBody({ command: '/promise-callback', text: 'ACME-4411 in 1h refund status', responseUrl: h.api.responseUrl('make') });
      const now = Math.floor(Date.now() / 1000);
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push(await post(body, now));
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      const later = slashCommandBody({ command: '/promise-callback', text: 'ACME-5000 in 2h', responseUrl: h.api.responseUrl('future') });
      expect(await post(later, now + 3600)).toBe(401);
      expect(await post(later, now + 6 * 60)).toBe(401);
      const promises = await dbAll<{ who: string }>(h.t.app.db, 'SELECT who FROM promises');
      expect(promises).toEqual([{ who: 'ACME-4411' }]);
      expect(h.inbounds).toHaveLength(1);
      // A request 4 minutes ahead (a skewed clock) is still inside Slack's window.
      expect(await post(later, now + 4 * 60)).toBe(200);
    } finally {
      await h.close();
    }
  }, 30_000);
});
