// Slack installs ("Add to Slack"), one row per install key: 'E:<enterprise id>' for an org-wide
// Enterprise Grid install, 'T:<team id>' otherwise. The row's data is sealed by the caller (the
// adapter encrypts Bolt's Installation); this file only stores it, finds it, and takes the
// per-install lock a token refresh runs under.

import { sql } from 'kysely';
import { dialectOf, type Db } from './open-store.ts';

export interface SlackInstallationRow {
  installKey: string;
  enterpriseId: string | null;
  teamId: string | null;
  isEnterpriseInstall: boolean;
  installerUserId: string | null;
  /** Sealed (encrypted) JSON. */
  data: string;
  /** When the bot token expires (token rotation), else null. */
  tokenExpiresAt: Date | null;
}

/** The key Slack's own rules give an install: the org for an org-wide install, else the workspace. */
export function installKeyOf(query: { enterpriseId?: string | null; teamId?: string | null; isEnterpriseInstall?: boolean }): string | undefined {
  if (query.isEnterpriseInstall) return query.enterpriseId ? `E:${query.enterpriseId}` : undefined;
  return query.teamId ? `T:${query.teamId}` : undefined;
}

/** Insert or replace; true when there was no row before (a new install or a reinstall after an uninstall). */
export async function saveSlackInstallation(db: Db, row: SlackInstallationRow, now: Date): Promise<boolean> {
  const before = await db.selectFrom('slack_installations').select('install_key').where('install_key', '=', row.installKey).executeTakeFirst();
  await db
    .insertInto('slack_installations')
    .values({
      install_key: row.installKey,
      enterprise_id: row.enterpriseId,
      team_id: row.teamId,
      is_enterprise_install: row.isEnterpriseInstall ? 1 : 0,
      installer_user_id: row.installerUserId,
      data: row.data,
      token_expires_at: row.tokenExpiresAt?.getTime() ?? null,
      installed_at: now.getTime(),
      updated_at: now.getTime(),
    })
    .onConflict((oc) =>
      oc.column('install_key').doUpdateSet((eb) => ({
        enterprise_id: eb.ref('excluded.enterprise_id'),
        team_id: eb.ref('excluded.team_id'),
        is_enterprise_install: eb.ref('excluded.is_enterprise_install'),
        installer_user_id: eb.ref('excluded.installer_user_id'),
        data: eb.ref('excluded.data'),
        token_expires_at: eb.ref('excluded.token_expires_at'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return before === undefined;
}

/** After a token refresh: the new sealed data and expiry, nothing else. */
export async function updateSlackTokens(db: Db, installKey: string, data: string, tokenExpiresAt: Date | null, now: Date): Promise<void> {
  await db
    .updateTable('slack_installations')
    .set({ data, token_expires_at: tokenExpiresAt?.getTime() ?? null, updated_at: now.getTime() })
    .where('install_key', '=', installKey)
    .execute();
}

export async function findSlackInstallation(db: Db, installKey: string): Promise<SlackInstallationRow | undefined> {
  const row = await db.selectFrom('slack_installations').selectAll().where('install_key', '=', installKey).executeTakeFirst();
  if (!row) return undefined;
  return {
    installKey: row.install_key,
    enterpriseId: row.enterprise_id,
    teamId: row.team_id,
    isEnterpriseInstall: Number(row.is_enterprise_install) === 1,
    installerUserId: row.installer_user_id,
    data: row.data,
    tokenExpiresAt: row.token_expires_at === null ? null : new Date(Number(row.token_expires_at)),
  };
}

/** Delete an install (uninstalled, tokens revoked); the deleted row, if there was one. */
export async function deleteSlackInstallation(db: Db, installKey: string): Promise<SlackInstallationRow | undefined> {
  const row = await findSlackInstallation(db, installKey);
  if (row) await db.deleteFrom('slack_installations').where('install_key', '=', installKey).execute();
  return row;
}

/** Team `teamId` lives in org `enterpriseId` (seen on a request under an org-wide install). */
export async function rememberOrgWorkspace(db: Db, teamId: string, enterpriseId: string, now: Date): Promise<void> {
  await db
    .insertInto('slack_org_workspaces')
    .values({ team_id: teamId, enterprise_id: enterpriseId, seen_at: now.getTime() })
    .onConflict((oc) =>
      oc
        .column('team_id')
        .doUpdateSet((eb) => ({ enterprise_id: eb.ref('excluded.enterprise_id'), seen_at: eb.ref('excluded.seen_at') }))
        .where(sql<boolean>`slack_org_workspaces.enterprise_id <> excluded.enterprise_id`),
    )
    .execute();
}

export async function orgOfWorkspace(db: Db, teamId: string): Promise<string | undefined> {
  return (await db.selectFrom('slack_org_workspaces').select('enterprise_id').where('team_id', '=', teamId).executeTakeFirst())?.enterprise_id;
}

export async function workspacesOfOrg(db: Db, enterpriseId: string): Promise<string[]> {
  return (await db.selectFrom('slack_org_workspaces').select('team_id').where('enterprise_id', '=', enterpriseId).orderBy('team_id').execute()).map((r) => r.team_id);
}

/** SQLite answers SQLITE_BUSY after busy_timeout (5 s): a refresh elsewhere can take longer, so ask again a few times. */
const SQLITE_LOCK_TRIES = 6;

/**
 * Run `work` holding this install's lock, so only one process at a time refreshes its token (two
 * replicas refreshing at once each spend the single-use refresh token, and one is left with a
 * dead one). PostgreSQL: a transaction-scoped advisory lock on the key. SQLite: BEGIN IMMEDIATE,
 * the database's single write lock. `work` re-reads the row through the db it is given: another
 * process may have refreshed it while this one waited.
 */
export async function withSlackInstallationLock<T>(db: Db, installKey: string, work: (locked: Db) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`slack-install:${installKey}`}, 0))`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= SQLITE_LOCK_TRIES) throw error;
      }
    }
    try {
      const result = await work(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
