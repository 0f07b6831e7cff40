// A subject access request: everything the store holds about one person, as plain rows. Read by
// user id across every platform and workspace, since a person exporting their data may not know
// which workspace id the coach filed them under.

import type { Db } from './open-store.ts';

export interface PersonExport {
  userId: string;
  profiles: Record<string, unknown>[];
  workingHours: Record<string, unknown>[];
  managerOf: Record<string, unknown>[];
  promises: Record<string, unknown>[];
  promiseHistory: Record<string, unknown>[];
  participation: Record<string, unknown>[];
  deliveryAddresses: Record<string, unknown>[];
  settingsChanged: Record<string, unknown>[];
  auditLog: Record<string, unknown>[];
  awayPeriods: Record<string, unknown>[];
  handovers: Record<string, unknown>[];
}

const parsed = (rows: Record<string, unknown>[], column: string) =>
  rows.map((row) => {
    const value = row[column];
    if (typeof value !== 'string') return row;
    try {
      return { ...row, [column]: JSON.parse(value) as unknown };
    } catch {
      return row;
    }
  });

export async function exportPerson(db: Db, userId: string): Promise<PersonExport> {
  const promises = await db.selectFrom('promises').selectAll().where('agent_id', '=', userId).orderBy('id').execute();
  const ids = promises.map((p) => Number(p.id));
  const history = await db
    .selectFrom('promise_events')
    .selectAll()
    .where((eb) => eb.or([eb('actor_id', '=', userId), ...(ids.length ? [eb('promise_id', 'in', ids)] : [])]))
    .orderBy('id')
    .execute();
  return {
    userId,
    profiles: await db.selectFrom('people').selectAll().where('user_id', '=', userId).execute(),
    workingHours: await db.selectFrom('working_hours').selectAll().where('user_id', '=', userId).execute(),
    managerOf: await db.selectFrom('managers').selectAll().where('user_id', '=', userId).execute(),
    promises,
    promiseHistory: parsed(history, 'detail'),
    participation: await db.selectFrom('participation').selectAll().where('user_id', '=', userId).orderBy('id').execute(),
    deliveryAddresses: parsed(await db.selectFrom('addresses').selectAll().where('kind', '=', 'user').where('id', '=', userId).execute(), 'data'),
    settingsChanged: await db.selectFrom('channels').select(['platform', 'workspace_id', 'address_key', 'label', 'updated_at']).where('changed_by', '=', userId).execute(),
    auditLog: await db.selectFrom('audit_log').selectAll().where((eb) => eb.or([eb('actor_id', '=', userId), eb('subject', '=', userId)])).orderBy('id').execute(),
    awayPeriods: await db.selectFrom('away_periods').selectAll().where('user_id', '=', userId).orderBy('id').execute(),
    handovers: await db.selectFrom('handovers').selectAll().where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId), eb('offered_by', '=', userId)])).orderBy('id').execute(),
  };
}
