// Raw SQL for tests that check what is stored, on either dialect: `?` placeholders, numbers back.
import { sql } from 'kysely';
import type { Db } from '../../src/store/open-store.ts';

const query = <T>(text: string, params: unknown[]) => {
  const parts = text.split('?');
  return sql<T>(Object.assign([...parts], { raw: parts }), ...params);
};

export async function dbAll<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return (await query<T>(text, params).execute(db)).rows;
}

export async function dbGet<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await dbAll<T>(db, text, ...params))[0];
}

export async function dbRun(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return Number((await query(text, params).execute(db)).numAffectedRows ?? 0);
}
