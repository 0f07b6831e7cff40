// `npm run db:restore -- <file>`: put a backup back as the SQLite database. Refuses while a coach
// runs on that database (running coaches beat in it every few seconds): stop the coach first.

import { loadStoreLocation } from './config.ts';
import { describeSize } from './db-backup.ts';
import { CodedError } from './errors.ts';
import { restoreSqlite } from './store/sqlite-backup.ts';
import { isScriptEntry, runScript } from './script-entry.ts';

const USAGE = 'Usage: npm run db:restore -- backups/service-coach-2026-12-02.db';

export async function runDbRestore(args: readonly string[], out: (line: string) => void, env: Record<string, string | undefined>, cwd = process.cwd()): Promise<number> {
  const backup = args.find((a) => !a.startsWith('--'));
  if (!backup) {
    out(USAGE);
    return 2;
  }
  const location = loadStoreLocation(env, cwd);
  if (location.dialect === 'postgres') {
    out('DATABASE_URL is PostgreSQL: stop every coach replica, then restore with pg_restore, for example');
    out(`  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${backup}`);
    return 2;
  }
  try {
    const summary = await restoreSqlite(backup, location.file);
    out(`Restored ${backup} to ${location.file}: ${describeSize(summary.bytes)}, ${summary.promises} ${summary.promises === 1 ? 'promise' : 'promises'}, schema version ${summary.schemaVersion}. Start the coach again; it upgrades the schema if it needs to.`);
    return 0;
  } catch (error) {
    if (error instanceof CodedError) {
      out(`Nothing was restored: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (isScriptEntry(import.meta.url)) runScript('db:restore', (args, env) => runDbRestore(args, (line) => process.stdout.write(`${line}\n`), env));
