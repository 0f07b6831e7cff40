// How the jobs of a promise's reminder ladder are keyed and what they carry, built here only: the
// coach plans ladders with these (snooze, reschedule, start-up repair), and the store writes a new
// promise's first ladder inside the statement that creates the promise, before its id is known.

import { sql, type RawBuilder } from 'kysely';

export interface LadderPayload {
  promiseId: number;
  revision: number;
}

/** One step per plan: a re-plan bumps the revision, so it never collides with the old plan's cancelled steps. */
export function ladderStepKey(kind: string, promiseId: number, revision: number): string {
  return `${kind}:${promiseId}:r${revision}`;
}

export function ladderPayload(promiseId: number, revision: number): LadderPayload {
  return { promiseId, revision };
}

// The same inside a query, from a promise id column and a step's kind column, for a revision
// known in advance. JSON.parse reads the payload back exactly as ladderPayload builds it.
export const ladderStepKeySql = (kindColumn: string, idColumn: string, revision: number): RawBuilder<string> =>
  sql<string>`${sql.ref(kindColumn)} || ':' || ${sql.ref(idColumn)} || ${sql.lit(`:r${revision}`)}`;
export const ladderPayloadSql = (idColumn: string, revision: number): RawBuilder<string> =>
  sql<string>`'{"promiseId":' || ${sql.ref(idColumn)} || ${sql.lit(`,"revision":${revision}}`)}`;
