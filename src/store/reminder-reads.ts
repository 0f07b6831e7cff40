// The reads and the one write every reminder makes before it is sent (its promise, whether its
// agent is away, whether it already went, who held the promise when it came due), each coalesced
// across the reminders running at the same time: a burst of 10,000 heads-ups asks for 64 promises
// in one SELECT instead of 64, and so on. The answers are the same as one query each, read a few
// milliseconds later at most; nothing is cached between batches, so a promise closed a moment ago
// is seen closed.
//
// Why: each statement is a round trip, and on PostgreSQL the socket write of a round trip was the
// largest single cost of a reminder (2.6 of 6.3 s of one replica's CPU in a profile of the
// 10,000-reminder burst, `npm run bench -- replicas`); with several replicas on two cores it grew
// to over half. Measured again on a quiet 2-core machine with every read made on its own
// (2026-12-03): the burst's heads-ups were 5.7 s late at p99 instead of 2.6 s with one PostgreSQL
// replica, 7.8 s instead of 3.1 s with three, 2.5 s instead of 2.0 s on SQLite.
//
// How: coalesced-loader.ts. In a burst the batches held 15 to 20 reminders on average.

import type { Db } from './open-store.ts';
import { toPeriod, type AwayPeriod, type Person } from './away-repo.ts';
import { toPromise, type CallbackPromise } from './promises-repo.ts';
import { coalesced, groupBy } from './coalesced-loader.ts';

export interface AwayQuestion extends Person {
  at: Date;
}

export interface ReminderReads {
  promise(id: number): Promise<CallbackPromise | undefined>;
  /** Their away period at `at`, if any (the latest set, as awayAt). */
  awayAt(who: AwayQuestion): Promise<AwayPeriod | undefined>;
  /** Whether a "sent" mark with this key is stored. */
  sent(dedupeKey: string): Promise<boolean>;
  /** The promise came due: whoever holds it now is the one its outcome counts for (set once). */
  markDueHolder(id: number): Promise<void>;
}

export function createReminderReads(db: Db): ReminderReads {
  const promises = coalesced<number, CallbackPromise | undefined>(async (ids) => {
    const rows = await db
      .selectFrom('promises')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute();
    const byId = new Map(rows.map((row) => [Number(row.id), toPromise(row)]));
    return ids.map((id) => byId.get(id));
  });

  const sentMarks = coalesced<string, boolean>(async (keys) => {
    const rows = await db
      .selectFrom('promise_events')
      .select('dedupe_key')
      .where('dedupe_key', 'in', [...new Set(keys)])
      .execute();
    const stored = new Set(rows.map((row) => row.dedupe_key));
    return keys.map((key) => stored.has(key));
  });

  const away = coalesced<AwayQuestion, AwayPeriod | undefined>(async (questions) => {
    // Almost always one workspace: one query per workspace, for every person asked about in it.
    const answers = new Map<AwayQuestion, AwayPeriod | undefined>();
    for (const group of groupBy(questions, (q) => `${q.platform}\u0000${q.workspaceId}`).values()) {
      const { platform, workspaceId } = group[0] as AwayQuestion;
      const times = group.map((q) => q.at.getTime());
      const rows = await db
        .selectFrom('away_periods')
        .selectAll()
        .where('platform', '=', platform)
        .where('workspace_id', '=', workspaceId)
        .where('user_id', 'in', [...new Set(group.map((q) => q.userId))])
        .where('ends_at', '>', Math.min(...times))
        .where('starts_at', '<=', Math.max(...times))
        .orderBy('id', 'desc')
        .execute();
      for (const q of group) {
        const at = q.at.getTime();
        const row = rows.find((r) => r.user_id === q.userId && Number(r.starts_at) <= at && Number(r.ends_at) > at);
        answers.set(q, row && toPeriod(row));
      }
    }
    return questions.map((q) => answers.get(q));
  });

  const dueHolders = coalesced<number, void>(async (ids) => {
    await db
      .updateTable('promises')
      .set((eb) => ({ due_holder_id: eb.ref('agent_id') }))
      .where('id', 'in', [...new Set(ids)])
      .where('due_holder_id', 'is', null)
      .execute();
    return ids.map(() => undefined);
  });

  return {
    promise: (id) => promises.load(id),
    awayAt: (who) => away.load(who),
    sent: (key) => sentMarks.load(key),
    markDueHolder: (id) => dueHolders.load(id),
  };
}
