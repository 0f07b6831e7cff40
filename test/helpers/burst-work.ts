// The burst that several replicas must deliver as one coach: 10,000 promises' heads-ups (1,000
// agents, DMs) and 1,000 subscribed channels' daily principle posts, falling due in the same
// second. Seeded through the store's own repositories, due days ahead, then moved to one instant
// with one UPDATE once the replicas are up (so none of them can start early on a half-seeded db).
// Each delivery is tied back to the work it belongs to, so a test can count duplicates and gaps.
import { planLadder, PROMISE_JOBS } from '../../src/coach/promises/ladder.ts';
import { channelSubject, PRINCIPLE_POST_JOB } from '../../src/coach/principles-feature.ts';
import { ensureChannel, saveSubscription } from '../../src/store/channels-repo.ts';
import { scheduleJob } from '../../src/store/jobs-repo.ts';
import type { Db } from '../../src/store/open-store.ts';
import { insertPromise } from '../../src/store/promises-repo.ts';
import type { Actor, Address } from '../../src/ports.ts';
import { paramText, type FakeSlackCall } from './fake-slack-api.ts';
import { dbRun } from './sql.ts';

export interface BurstSize {
  reminders: number;
  channels: number;
  agents: number;
}

export const FULL_BURST: BurstSize = { reminders: 10_000, channels: 1_000, agents: 1_000 };

const LADDER = { headsUpMinutes: 15, nudgeMinutes: 15, escalateMinutes: 60, graceMinutes: 5, missedAfterHours: 24, retryAfterMinutes: 60, retentionDays: 90 };
const DAY = 24 * 3_600_000;
const HEADS_UP_MS = LADDER.headsUpMinutes * 60_000;

export const agentId = (i: number, size: BurstSize): string => `U_AGENT${i % size.agents}`;
export const customer = (i: number): string => `CUST-${i}`;
export const teamChannel = (i: number): string => `C_TEAM${i}`;

/** Promise i belongs to agent i mod agents; every step of its ladder is planned, days ahead. */
export async function seedBurst(db: Db, size: BurstSize = FULL_BURST, now = new Date()): Promise<void> {
  const later = new Date(now.getTime() + 2 * DAY);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < size.reminders; i++) {
      const userId = agentId(i, size);
      const agent: Actor = { platform: 'slack', workspaceId: 'T1', userId, name: `Agent ${userId}`, tz: 'Europe/London' };
      const p = await insertPromise(trx, { agent, tz: 'Europe/London', addressKey: 'C_SUPPORT', who: customer(i), note: 'refund status', dueAt: later, tipId: null, createdAt: now });
      await planLadder(trx, p, LADDER, now, false);
    }
    for (let i = 0; i < size.channels; i++) {
      const address: Address = { platform: 'slack', workspaceId: 'T1', key: teamChannel(i), label: `#team-${i}` };
      await ensureChannel(trx, address, 'Europe/London', now);
      await saveSubscription(trx, address, { subscribed: true, postTime: '09:00', timezone: 'Europe/London', postDays: 'daily' }, 'U_LEAD', now);
      await scheduleJob(
        trx,
        { kind: PRINCIPLE_POST_JOB, platform: 'slack', workspaceId: 'T1', subject: channelSubject(address), dueAt: later, payload: { key: address.key, label: address.label }, idempotencyKey: `burst:${address.key}` },
        now,
      );
    }
  });
}

/**
 * Every heads-up and every daily post falls due at `dueAt` (each promise is due 15 minutes later,
 * so its ladder stays consistent). Returns how many jobs were moved.
 */
export async function scheduleBurstAt(db: Db, dueAt: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const promiseDue = dueAt.getTime() + HEADS_UP_MS;
    await dbRun(trx, `UPDATE promises SET due_at = ?, original_due_at = ?, deadline_at = ? WHERE status = 'open'`, promiseDue, promiseDue, promiseDue);
    return dbRun(trx, `UPDATE jobs SET due_at = ? WHERE status = 'pending' AND kind IN (?, ?)`, dueAt.getTime(), PROMISE_JOBS.headsup, PRINCIPLE_POST_JOB);
  });
}

export interface DeliveryTally {
  expected: number;
  /** Distinct pieces of work that reached Slack at least once. */
  delivered: number;
  /** Extra copies beyond the first, summed over all work. */
  duplicates: number;
  /** Work that never reached Slack. */
  missing: string[];
  /** chat.postMessage calls that are none of the burst's work (e.g. a welcome). */
  unexpected: number;
  /** Each piece of work's first arrival at the fake (ms since the epoch), in arrival order. */
  firstArrivals: number[];
  /** Every arrival of the burst's work at the fake (ms since the epoch), duplicates included. */
  arrivals: number[];
  /** Deliveries per bot token (replica). */
  byToken: Record<string, number>;
}

/** What a Slack call delivered: `dm:<agent>:<customer>` for a heads-up, `post:<channel>` for a daily post. */
export function workOf(call: FakeSlackCall): string | undefined {
  const channel = paramText(call.params.channel);
  const text = paramText(call.params.text);
  if (channel.startsWith('D_')) {
    const who = /CUST-\d+/.exec(text)?.[0];
    return who && /Heads-up/.test(text) ? `dm:${channel.slice(2)}:${who}` : undefined;
  }
  return /^C_TEAM\d+$/.test(channel) ? `post:${channel}` : undefined;
}

/** Compare what the fake Slack API received with the work that was due. */
export function tallyDeliveries(calls: readonly FakeSlackCall[], size: BurstSize = FULL_BURST): DeliveryTally {
  const expected = new Set<string>();
  for (let i = 0; i < size.reminders; i++) expected.add(`dm:${agentId(i, size)}:${customer(i)}`);
  for (let i = 0; i < size.channels; i++) expected.add(`post:${teamChannel(i)}`);
  const seen = new Map<string, number>();
  const firstArrivals: number[] = [];
  const arrivals: number[] = [];
  const byToken: Record<string, number> = {};
  let unexpected = 0;
  for (const call of calls) {
    if (call.method !== 'chat.postMessage' || call.failed) continue;
    const work = workOf(call);
    if (!work || !expected.has(work)) {
      unexpected += 1;
      continue;
    }
    const copies = (seen.get(work) ?? 0) + 1;
    seen.set(work, copies);
    arrivals.push(call.at ?? 0);
    if (copies === 1) firstArrivals.push(call.at ?? 0);
    byToken[call.token ?? '?'] = (byToken[call.token ?? '?'] ?? 0) + 1;
  }
  let duplicates = 0;
  for (const copies of seen.values()) duplicates += copies - 1;
  return {
    expected: expected.size,
    delivered: seen.size,
    duplicates,
    missing: [...expected].filter((work) => !seen.has(work)),
    unexpected,
    firstArrivals,
    arrivals,
    byToken,
  };
}
