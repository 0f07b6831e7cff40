// Several replicas behave as one coach: three real coach processes on one PostgreSQL database and
// one fake Slack Web API. 10,000 heads-ups and 1,000 channels' daily posts fall due in the same
// second; one replica is SIGKILLed in the middle of the burst, and Slack still receives every
// message exactly once (its claims go to the others once their lease runs out; a send that may
// already have gone is looked up in the conversation's history first). With one replica's clock
// 30 s ahead, nothing goes early ("due" is the database's clock). A Slack event retry that lands on
// another replica than the original counts once in the manager's stats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Db } from '../../src/store/open-store.ts';
import { recordPost } from '../../src/store/posts-repo.ts';
import { FULL_BURST, scheduleBurstAt, seedBurst, tallyDeliveries, type DeliveryTally } from '../helpers/burst-work.ts';
import { FakeSlackApi, FAKE_BOT_USER_ID } from '../helpers/fake-slack-api.ts';
import { createPostgresDatabase, replicaToken, startReplicas, stopReplicas, type PostgresDatabase, type Replica } from '../helpers/replica-cluster.ts';
import { postSlack, signedHeaders, slashCommandBody } from '../helpers/slack-requests.ts';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/test-store.ts';

const SECRET = 'replicas-signing-secret';
/**
 * Seconds a claim stays one replica's without renewal: short, so a killed replica's work moves on
 * quickly, yet longer than a busy CI machine stalls a live replica's event loop (at 3 s, one run at
 * load 14 on two cores lost live leases mid-send and delivered 21 messages twice).
 */
const LEASE_SECONDS = 8;
/** Slack answering each call this late keeps sends in flight when the kill lands. */
const SLACK_LATENCY_MS = 20;
/** The kill lands once this many of the burst's messages have arrived. */
const KILL_AFTER = 3_000;

const baseEnv = (api: FakeSlackApi, db: PostgresDatabase) => ({
  DATABASE_URL: db.url,
  DATABASE_POOL_SIZE: '4',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: api.url,
  JOB_LEASE_SECONDS: String(LEASE_SECONDS),
});

const summary = (t: DeliveryTally) =>
  `${t.delivered} of ${t.expected} delivered, ${t.duplicates} duplicates, ${t.missing.length} missing (first: ${t.missing.slice(0, 3).join(', ') || 'none'}), by replica ${JSON.stringify(t.byToken)}`;

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

describe.skipIf(!DIALECTS.includes('postgres'))('several replicas on one PostgreSQL database', () => {
  // Seeded once (10,000 promises with their ladders, 1,000 subscribed channels); each test gets a
  // copy of it as a database of its own.
  let seeded: PostgresDatabase | undefined;
  beforeAll(async () => {
    seeded = await createPostgresDatabase(TEST_DATABASE_URL, { prefix: 'replicas_seed' });
    const db = await openStore(seeded.url);
    try {
      await seedBurst(db);
    } finally {
      await closeStore(db);
    }
  }, 180_000);
  afterAll(async () => {
    await seeded?.drop();
  });

  /**
   * The burst on three replicas; `killIndex` is SIGKILLed once KILL_AFTER messages have arrived.
   * Returns what the fake received, and when the burst was due.
   */
  async function runBurst(options: { killIndex: number; extraEnv?: (index: number) => Record<string, string> }): Promise<{ tally: DeliveryTally; dueAt: number; killed: Replica; duplicateKeys: [string, number][] }> {
    const api = new FakeSlackApi('T1');
    api.slowDown('chat.postMessage', SLACK_LATENCY_MS);
    await api.start();
    const database = await createPostgresDatabase(TEST_DATABASE_URL, { template: seeded!.name });
    let replicas: Replica[] = [];
    let db: Db | undefined;
    try {
      replicas = await startReplicas(3, baseEnv(api, database), options.extraEnv);
      db = await openStore(database.url);
      // A few seconds ahead, on a whole second: every replica is already polling when it falls due.
      const dueAt = Math.ceil((Date.now() + 3_000) / 1_000) * 1_000;
      const moved = await scheduleBurstAt(db, new Date(dueAt));
      expect(moved).toBe(FULL_BURST.reminders + FULL_BURST.channels);

      const started = Date.now();
      const killed = replicas[options.killIndex]!;
      await Promise.race([api.waitFor('chat.postMessage', KILL_AFTER), new Promise((resolve) => setTimeout(resolve, 60_000))]);
      killed.child.kill('SIGKILL');
      await killed.exited;
      const killedAt = Date.now();

      const expected = FULL_BURST.reminders + FULL_BURST.channels;
      await waitUntil(() => tallyDeliveries(api.calls).delivered >= expected, 150_000);
      // A copy a recovered claim might still send arrives within a lease or two: give it the time.
      await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1_000));
      await stopReplicas(replicas);
      const tally = tallyDeliveries(api.calls);
      // One line per run, for the report: how the burst went, whatever the assertions say.
      // A live replica whose lease ran out (its event loop stalled longer than the lease on a busy
      // machine) says so: the one way a takeover can race a send still in flight.
      const count = (words: string) => replicas.reduce((n, r) => n + r.logs.filter((line) => line.includes(words)).length, 0);
      const lostLeases = count('took this job over after our lease ran out');
      process.stderr.write(
        `replicas burst: killed ${killedAt - started} ms after scheduling; last delivery ${Math.max(...tally.arrivals) - dueAt} ms after the due second; ${summary(tally)}; live replicas' leases lost: ${lostLeases}, renewals failed: ${count('could not renew job leases')}\n`,
      );
      return { tally, dueAt, killed, duplicateKeys: api.duplicateKeys() };
    } finally {
      await stopReplicas(replicas, 'SIGKILL');
      if (db) await closeStore(db);
      await api.stop();
      await database.drop();
    }
  }

  it('delivers every heads-up and daily post exactly once when one of three replicas is SIGKILLed mid-burst', async () => {
    const { tally, killed, duplicateKeys } = await runBurst({ killIndex: 0 });
    expect(tally.byToken[killed.token], 'the killed replica was sending when it died').toBeGreaterThan(0);
    expect(tally.duplicates, summary(tally)).toBe(0);
    expect(duplicateKeys, 'job keys in message metadata seen twice').toEqual([]);
    expect(tally.missing.length, summary(tally)).toBe(0);
    expect(tally.delivered).toBe(11_000);
  }, 360_000);

  it('sends nothing early when one replica’s clock runs 30 s ahead, and still exactly once through a SIGKILL', async () => {
    const { tally, dueAt } = await runBurst({ killIndex: 0, extraEnv: (index): Record<string, string> => (index === 2 ? { COACH_CLOCK_OFFSET_MS: '30000' } : {}) });
    const early = tally.arrivals.filter((at) => at < dueAt);
    expect(early.length, `${early.length} messages arrived before their due second, the first ${early.length ? dueAt - Math.min(...early) : 0} ms early`).toBe(0);
    expect(tally.byToken[replicaToken(2)], 'the replica whose clock is ahead took part').toBeGreaterThan(0);
    expect(tally.duplicates, summary(tally)).toBe(0);
    expect(tally.missing.length, summary(tally)).toBe(0);
  }, 360_000);

  it('counts a reaction and a discussion reply once in the stats when Slack retries each to another replica', async () => {
    const api = new FakeSlackApi('T1');
    await api.start();
    api.addUser({ id: 'U_BOB', name: 'bob', realName: 'Bob', tz: 'Europe/London' });
    api.addUser({ id: 'U_CAROL', name: 'carol', realName: 'Carol', tz: 'Europe/London' });
    api.addUser({ id: 'U_LEAD', name: 'lead', realName: 'Lee', tz: 'Europe/London' });
    const database = await createPostgresDatabase(TEST_DATABASE_URL);
    let replicas: Replica[] = [];
    const db = await openStore(database.url); // migrated here, before the replicas start
    try {
      // This week's discussion thread, as the coach posted it in #support.
      const discussionTs = '1700000000.000042';
      await recordPost(db, { platform: 'slack', workspaceId: 'T1', key: 'C_SUPPORT' }, { ref: `C_SUPPORT:${discussionTs}`, kind: 'discussion' }, new Date());
      replicas = await startReplicas(2, { ...baseEnv(api, database), COACH_MANAGERS: 'U_LEAD' });
      const [a, b] = replicas as [Replica, Replica];

      const event = async (replica: Replica, payload: Record<string, unknown>, eventId: string, retryNum?: number) => {
        const body = JSON.stringify({
          token: 'legacy-verification-token',
          team_id: 'T1',
          api_app_id: 'A_COACH',
          event: { event_ts: `${Math.floor(Date.now() / 1000)}.000100`, ...payload },
          type: 'event_callback',
          event_id: eventId,
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: 'T1', user_id: FAKE_BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
        });
        const headers = { ...signedHeaders(SECRET, body), 'content-type': 'application/json', ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}) };
        const answer = await postSlack(replica.baseUrl, body, headers);
        expect(answer.status).toBe(200);
      };
      const reaction = { type: 'reaction_added', user: 'U_BOB', reaction: 'thumbsup', item: { type: 'message', channel: 'C_SUPPORT', ts: discussionTs }, item_user: FAKE_BOT_USER_ID };
      const reply = { type: 'message', user: 'U_BOB', text: 'We promised a callback and forgot.', channel: 'C_SUPPORT', ts: '1700000100.000001', thread_ts: discussionTs, channel_type: 'channel' };
      const carolsReply = { ...reply, user: 'U_CAROL', text: 'Same here.', ts: '1700000100.000002' };
      const stored = async () => Number(((await db.selectFrom('participation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: unknown }).n);

      // The originals reach one replica each; Slack's retries of them reach the other.
      await event(a, reaction, 'EvREACTION1');
      await event(b, reply, 'EvREPLY1');
      expect(await waitUntil(async () => (await stored()) >= 2, 15_000)).toBe(true);
      await event(b, reaction, 'EvREACTION1', 1);
      await event(a, reply, 'EvREPLY1', 2);
      // Carol's reply goes to both replicas after the retries: once it is stored, they have been handled.
      await event(a, carolsReply, 'EvREPLY2');
      await event(b, carolsReply, 'EvREPLY2', 1);
      expect(await waitUntil(async () => (await stored()) >= 3, 15_000)).toBe(true);

      const body = slashCommandBody({ command: '/coach', text: 'stats this week', user: 'U_LEAD', userName: 'lead', responseUrl: api.responseUrl('stats') });
      const answer = await postSlack(b.baseUrl, body, signedHeaders(SECRET, body));
      expect(answer.status).toBe(200);
      let text = answer.body;
      if (!text.includes('acknowledged')) {
        await api.waitFor('response_url');
        text = JSON.stringify(api.callsTo('response_url').at(-1)?.params);
      }
      expect(text).toContain('Acknowledged: 1 (');
      expect(text).toContain('Discussion replies: 2 (');
      expect(text).toContain('<@U_BOB> — 1 acknowledged · 1 reply ·');
      expect(text).toContain('<@U_CAROL> — 0 acknowledged · 1 reply ·');
    } finally {
      await stopReplicas(replicas, 'SIGKILL');
      await closeStore(db);
      await api.stop();
      await database.drop();
    }
  }, 90_000);
});
