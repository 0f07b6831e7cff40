// A promise's history: every state change with its time and actor, and each reminder sent (its
// dedupe key is the step's, so a step retried never sends twice). Never holds who/note.

import type { Db } from './open-store.ts';
import { paramsOf, runReusable } from './reusable-query.ts';

export interface PromiseEvent {
  kind: string;
  actorId: string | null;
  at: Date;
  detail: Record<string, unknown>;
}

/** Record a state change (never who/note). With a dedupe key, returns false if it was already recorded. */
export async function recordPromiseEvent(
  db: Db,
  promiseId: number,
  kind: string,
  actorId: string | null,
  at: Date,
  detail: Record<string, unknown>,
  dedupeKey?: string,
): Promise<boolean> {
  // Written with every promise and every reminder sent: compiled once (reusable-query.ts).
  const row = { promise_id: promiseId, kind, actor_id: actorId, at: at.getTime(), detail: JSON.stringify(detail), dedupe_key: dedupeKey ?? null };
  const result = await runReusable(db, 'recordPromiseEvent', () => db.insertInto('promise_events').values(paramsOf(row)).onConflict((oc) => oc.column('dedupe_key').doNothing()), row);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** A reminder that went: its "sent" event, deduplicated by the step's key. */
export interface SentMark {
  promiseId: number;
  at: Date;
  to: string;
  dedupeKey: string;
}

/** Store the "sent" marks of many reminders in one statement (a group commit's; job-records.ts). */
export async function recordSentMarks(db: Db, marks: readonly SentMark[]): Promise<void> {
  // 1,000 rows of six values: well inside both dialects' limit on parameters.
  for (let start = 0; start < marks.length; start += 1_000) {
    const rows = marks.slice(start, start + 1_000).map((m) => ({ promise_id: m.promiseId, kind: 'sent', actor_id: null, at: m.at.getTime(), detail: JSON.stringify({ to: m.to }), dedupe_key: m.dedupeKey }));
    await db
      .insertInto('promise_events')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
}

export async function promiseEvents(db: Db, promiseId: number): Promise<PromiseEvent[]> {
  const rows = await db.selectFrom('promise_events').select(['kind', 'actor_id', 'at', 'detail']).where('promise_id', '=', promiseId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind, actorId: r.actor_id, at: new Date(Number(r.at)), detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
