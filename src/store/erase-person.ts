// Erasure on request: one person's name, profile and promise texts removed from every table. What
// they did stays countable under an anonymous id (so a week's team totals do not change), and
// nothing links that id back to them: it is random, not derived from their user id.

import { sql, type RawBuilder } from 'kysely';
import { dialectOf, inTransaction, type Db } from './open-store.ts';
import type { Platform } from '../ports.ts';

/** Anonymous ids start with this, so views can say "a forgotten person" instead of a mention. */
export const ANONYMOUS_PREFIX = 'forgotten-';

export function isAnonymousId(id: string): boolean {
  return id.startsWith(ANONYMOUS_PREFIX);
}

export interface ErasedPerson {
  /** The id their counts now carry. */
  anonymousId: string;
  promises: number;
  participation: number;
}

/** `column` holds `needle` somewhere (not a LIKE pattern: names may contain % or _). */
function contains(db: Db, column: string, needle: string): RawBuilder<boolean> {
  return dialectOf(db) === 'postgres' ? sql<boolean>`strpos(${sql.ref(column)}, ${needle}) > 0` : sql<boolean>`instr(${sql.ref(column)}, ${needle}) > 0`;
}

/** `alsoRecord` runs in the same transaction (the audit row of the erasure). */
export async function erasePerson(
  db: Db,
  who: { platform: Platform; workspaceId: string; userId: string },
  anonymousId: string,
  now: Date,
  alsoRecord?: (trx: Db) => Promise<void>,
): Promise<ErasedPerson> {
  const at = now.getTime();
  // SQLite: overwrite freed space with zeros, so the erased text is not left in free pages of the file.
  const sqlite = dialectOf(db) === 'sqlite' && !db.isTransaction;
  if (sqlite) await sql`PRAGMA secure_delete = ON`.execute(db);
  try {
    return await inTransaction(db, async (trx) => {
      const erased = await eraseRows(trx, who, anonymousId, at);
      await alsoRecord?.(trx);
      return erased;
    });
  } finally {
    if (sqlite) await sql`PRAGMA secure_delete = OFF`.execute(db);
  }
}

async function eraseRows(db: Db, who: { platform: Platform; workspaceId: string; userId: string }, anonymousId: string, at: number): Promise<ErasedPerson> {
  const { platform, workspaceId, userId } = who;
  return inTransaction(db, async (trx) => {
    const person = await trx.selectFrom('people').select('name').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    const agentNames = await trx.selectFrom('promises').select('agent_name').distinct().where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('agent_id', '=', userId).where('agent_name', 'is not', null).execute();
    // Every spelling of their name the coach ever stored, to find it in free text (job payloads, addresses).
    const names = [...new Set([person?.name, ...agentNames.map((r) => r.agent_name)].filter((n): n is string => Boolean(n && n.trim().length >= 2)))];
    const needles = [userId, ...names];

    // Open promises close as cancelled: nobody is left to remind, and their reminders would go nowhere.
    const open = await trx.selectFrom('promises').select('id').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('agent_id', '=', userId).where('status', '=', 'open').execute();
    if (open.length > 0) {
      await trx.updateTable('promises').set({ status: 'cancelled', closed_at: at, closed_by: anonymousId }).where('id', 'in', open.map((r) => r.id)).execute();
      await trx.updateTable('jobs').set({ status: 'cancelled', finished_at: at }).where('status', '=', 'pending').where('subject', 'in', open.map((r) => `promise:${r.id}`)).execute();
    }
    const promises = await trx
      .updateTable('promises')
      .set((eb) => ({ agent_id: anonymousId, agent_name: null, who: null, note: null, purged_at: eb.fn.coalesce('purged_at', eb.val(at)) }))
      .where('platform', '=', platform)
      .where('workspace_id', '=', workspaceId)
      .where('agent_id', '=', userId)
      .executeTakeFirst();
    await trx.updateTable('promises').set({ closed_by: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('closed_by', '=', userId).execute();
    await trx
      .updateTable('promise_events')
      .set({ actor_id: anonymousId })
      .where('actor_id', '=', userId)
      .where('promise_id', 'in', trx.selectFrom('promises').select('id').where('platform', '=', platform).where('workspace_id', '=', workspaceId))
      .execute();
    // The dedupe key spells the user id too ("ack:slack:T1:U123:C1:2026-11-23").
    const participation = await trx
      .updateTable('participation')
      .set((eb) => ({ user_id: anonymousId, dedupe_key: eb.fn('replace', ['dedupe_key', eb.val(userId), eb.val(anonymousId)]) }))
      .where('platform', '=', platform)
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();

    // Out of office and handovers: their periods and status hints go; handovers keep the anonymous id.
    await trx.deleteFrom('away_periods').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await trx.deleteFrom('status_hints').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    const inWorkspace = trx.selectFrom('promises').select('id').where('platform', '=', platform).where('workspace_id', '=', workspaceId);
    for (const column of ['from_id', 'to_id', 'offered_by'] as const) {
      await trx.updateTable('handovers').set({ [column]: anonymousId }).where(column, '=', userId).where('promise_id', 'in', inWorkspace).execute();
    }
    await trx.updateTable('promises').set({ due_holder_id: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('due_holder_id', '=', userId).execute();
    // Handover and reassignment events name both people in their detail ({"from":"U1","to":"U2"}).
    await trx
      .updateTable('promise_events')
      .set((eb) => ({ detail: eb.fn('replace', ['detail', eb.val(JSON.stringify(userId)), eb.val(JSON.stringify(anonymousId))]) }))
      .where('promise_id', 'in', inWorkspace)
      .where(contains(trx, 'detail', JSON.stringify(userId)))
      .execute();

    await trx.deleteFrom('people').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await trx.deleteFrom('managers').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await trx.updateTable('managers').set({ added_by: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('added_by', '=', userId).execute();
    await trx.updateTable('channels').set({ changed_by: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('changed_by', '=', userId).execute();
    await trx.deleteFrom('addresses').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('kind', '=', 'user').where('id', '=', userId).execute();
    // The tip they saw last, and their dashboard sign-ins: nothing worth keeping once they are gone.
    // Their working hours go; who set a channel's holidays or closed days is kept anonymously.
    await trx.deleteFrom('working_hours').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await trx.updateTable('channel_holidays').set({ changed_by: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('changed_by', '=', userId).execute();
    await trx.updateTable('closed_days').set({ added_by: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('added_by', '=', userId).execute();
    await trx.deleteFrom('agent_tips').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('agent_id', '=', userId).execute();
    await trx.deleteFrom('dashboard_sessions').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await trx.deleteFrom('delivery_problems').where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('kind', '=', 'user').where('address_key', '=', userId).execute();
    // A channel's Teams conversation reference names whoever spoke last: drop that part, keep the rest.
    for (const needle of needles) {
      const rows = await trx.selectFrom('addresses').select(['kind', 'id', 'data']).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where(contains(trx, 'data', needle)).execute();
      for (const row of rows) {
        await trx.updateTable('addresses').set({ data: scrubReference(row.data, userId) }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('kind', '=', row.kind).where('id', '=', row.id).execute();
      }
    }

    // Jobs about them (a digest, a stats file for them) are cancelled and their keys rewritten;
    // finished jobs carrying their name are emptied. Ids are matched as whole segments
    // ("digest:slack:T1:U1" is not about U10), names only in finished jobs: "Sam" is in "#sample".
    const candidates = await trx
      .selectFrom('jobs')
      .select(['id', 'status', 'subject', 'idempotency_key', 'payload'])
      .where('platform', '=', platform)
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([contains(trx, 'subject', userId), contains(trx, 'idempotency_key', userId), contains(trx, 'payload', userId)]))
      .execute();
    for (const job of candidates) {
      const about = hasSegment(job.subject, userId) || hasSegment(job.idempotency_key ?? '', userId) || job.payload.includes(JSON.stringify(userId));
      if (!about) continue;
      await trx
        .updateTable('jobs')
        .set({
          subject: replaceSegment(job.subject, userId, anonymousId),
          idempotency_key: job.idempotency_key === null ? null : replaceSegment(job.idempotency_key, userId, anonymousId),
          payload: '{}',
          ...(job.status === 'pending' ? { status: 'cancelled' as const, finished_at: at } : {}),
        })
        .where('id', '=', job.id)
        .execute();
    }
    const jobs = trx.updateTable('jobs').where('platform', '=', platform).where('workspace_id', '=', workspaceId);
    for (const needle of names) await jobs.set({ payload: '{}' }).where('status', '<>', 'pending').where(contains(trx, 'payload', needle)).execute();
    for (const needle of needles) await jobs.set({ last_error: null }).where(contains(trx, 'last_error', needle)).execute();

    // The audit log keeps what changed, not who they were.
    await trx.updateTable('audit_log').set({ actor_id: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('actor_id', '=', userId).execute();
    await trx.updateTable('audit_log').set({ subject: anonymousId }).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where('subject', '=', userId).execute();
    // A lead's change to their promise: "#12 of U123" (and not "#12 of U1234").
    const promiseRows = await trx.selectFrom('audit_log').select(['id', 'subject']).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where(contains(trx, 'subject', ` of ${userId}`)).execute();
    for (const row of promiseRows.filter((r) => r.subject.endsWith(` of ${userId}`))) {
      await trx.updateTable('audit_log').set({ subject: `${row.subject.slice(0, -userId.length)}${anonymousId}` }).where('id', '=', row.id).execute();
    }
    // A handover's audit row names the people it went between ("held by U123"), as whole words.
    const idPattern = new RegExp(`(^|[\\s,(])${userId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s,)])`, 'g');
    const byId = await trx.selectFrom('audit_log').select(['id', 'before', 'after']).where('platform', '=', platform).where('workspace_id', '=', workspaceId).where((eb) => eb.or([contains(trx, 'before', userId), contains(trx, 'after', userId)])).execute();
    for (const row of byId) {
      const scrub = (text: string | null) => (text === null ? null : text.replace(idPattern, `$1${anonymousId}`));
      await trx.updateTable('audit_log').set({ before: scrub(row.before), after: scrub(row.after) }).where('id', '=', row.id).execute();
    }
    // Settings are described in words; a name, or a mention in a hand-over ("with <@U123>"), is
    // all of them that could be personal.
    for (const needle of [`<@${userId}>`, ...names]) {
      const replacement = 'someone';
      for (const column of ['before', 'after'] as const) {
        await trx
          .updateTable('audit_log')
          .set((eb) => ({ [column]: eb.fn('replace', [column, eb.val(needle), eb.val(replacement)]) }))
          .where('platform', '=', platform)
          .where('workspace_id', '=', workspaceId)
          .where(contains(trx, column, needle))
          .execute();
      }
    }
    return { anonymousId, promises: Number(promises.numUpdatedRows), participation: Number(participation.numUpdatedRows) };
  });
}

/** A stored conversation reference without the person in it (its `user`), or empty if their id is still in it. */
function scrubReference(data: string, userId: string): string {
  try {
    const value = JSON.parse(data) as Record<string, unknown> | null;
    if (value && typeof value === 'object') delete value.user;
    const text = JSON.stringify(value);
    return text.includes(userId) ? 'null' : text;
  } catch {
    return 'null';
  }
}

/** `key` has `id` as one of its colon-separated parts ("digest:slack:T1:U1"). */
function hasSegment(key: string, id: string): boolean {
  return key.split(':').includes(id);
}

function replaceSegment(key: string, id: string, by: string): string {
  return key
    .split(':')
    .map((part) => (part === id ? by : part))
    .join(':');
}
