// SIGKILL mid-stream: the coach runs as a real process, takes a stream of signed /promise-callback
// requests, and is killed without warning. Restarted on the same db with its clock moved past the
// heads-up time (COACH_CLOCK_OFFSET_MS), it has kept every promise it confirmed, and sends each
// heads-up that fell due while it was down exactly once, saying it comes late.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { startCoachServer } from '../helpers/coach-server-process.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const SECRET = 'crash-signing-secret';
const AGENTS = 500;

describe('crash safety', () => {
  const tempDir = useTempDir();

  it('keeps every confirmed promise through SIGKILL and sends each heads-up that fell due while down once, marked late', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    // One agent per request, so each promise's reminders land in their own DM channel (D_<user>).
    for (let i = 0; i < AGENTS; i++) api.addUser({ id: `U_AGENT${i}`, name: `agent${i}`, tz: 'UTC' });
    const dbFile = path.join(tempDir(), 'coach.db');
    const env = { DATABASE_URL: dbFile, SLACK_BOT_TOKEN: 'xoxb-crash', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PROMISE_HEADS_UP_MINUTES: '15' };
    let coach = await startCoachServer(env);
    try {
      let sent = 0;
      let killed = false;
      const sendOne = async (i: number) => {
        const body = slashCommandBody({
          command: '/promise-callback',
          text: `CUST-${i} in 30 min refund status`,
          user: `U_AGENT${i}`,
          userName: `agent${i}`,
          responseUrl: api.responseUrl(`U_AGENT${i}`),
        });
        sent += 1;
        await postSlack(coach.baseUrl, body, signedHeaders(SECRET, body)).catch(() => undefined); // refused once killed
      };
      void api.waitForAnswers(25).then(() => {
        killed = coach.child.kill('SIGKILL');
      });
      // Four senders stream requests; the kill lands in the middle of the stream.
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!killed && next < AGENTS) await sendOne(next++);
        }),
      );
      await coach.exited;
      const confirmed = new Map<string, number>(); // agent → promise id the coach confirmed
      for (const call of api.answers()) {
        const id = /callback promise #(\d+) saved/.exec(String(call.params.text))?.[1];
        if (id) confirmed.set(String(call.responseId), Number(id));
      }
      expect(killed).toBe(true);
      expect(confirmed.size).toBeGreaterThanOrEqual(25);
      expect(sent).toBeGreaterThan(confirmed.size); // some requests were cut off by the kill

      // Back 20 minutes later by the coach's clock: every heads-up (due at +15 min) fell due while down.
      const offsetMs = 20 * 60_000;
      coach = await startCoachServer({ ...env, COACH_CLOCK_OFFSET_MS: String(offsetMs) });
      const db = new Database(dbFile, { readonly: true });
      const open = () => db.prepare(`SELECT id, agent_id FROM promises WHERE status = 'open'`).all() as { id: number; agent_id: string }[];
      const headsUpsLeft = () =>
        (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'promise.headsup' AND status IN ('pending', 'running') AND due_at <= ?`).get(Date.now() + offsetMs) as { n: number }).n;
      // The coach's own loop sends them (it wakes once a second): wait until the db says all are handled.
      const start = Date.now();
      while (headsUpsLeft() > 0 || api.callsTo('chat.postMessage').length < open().length) {
        if (Date.now() - start > 15_000) throw new Error(`heads-ups not delivered: ${headsUpsLeft()} still due`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      coach.child.kill('SIGTERM');
      expect((await coach.exited).code).toBe(0);

      const stored = new Map(open().map((p) => [p.agent_id, p.id]));
      for (const [agent, id] of confirmed) expect(stored.get(agent), `promise #${id} was confirmed to ${agent}`).toBe(id);
      const dms = api.callsTo('chat.postMessage');
      for (const [agent] of stored) {
        const mine = dms.filter((c) => c.params.channel === `D_${agent}`);
        expect(mine, `heads-up for ${agent}`).toHaveLength(1);
        expect(String(mine[0]?.params.text)).toContain('Sorry this comes late');
      }
      expect(dms).toHaveLength(stored.size);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      if (coach.child.exitCode === null && coach.child.signalCode === null) coach.child.kill('SIGKILL');
      await api.stop();
    }
  }, 60_000);
});
