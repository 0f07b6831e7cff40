// `npm run db:backup -- <file>`: a consistent copy of the SQLite database, safe while the coach
// runs. PostgreSQL has its own tools; this says which lines to run.

import { loadStoreLocation } from './config.ts';
import { CodedError } from './errors.ts';
import { backupSqlite } from './store/sqlite-backup.ts';
import { isScriptEntry, runScript } from './script-entry.ts';

const USAGE = 'Usage: npm run db:backup -- backups/service-coach-2026-12-02.db';

export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function runDbBackup(args: readonly string[], out: (line: string) => void, env: Record<string, string | undefined>, cwd = process.cwd()): Promise<number> {
  const target = args.find((a) => !a.startsWith('--'));
  if (!target) {
    out(USAGE);
    return 2;
  }
  const location = loadStoreLocation(env, cwd);
  if (location.dialect === 'postgres') {
    out('DATABASE_URL is PostgreSQL: back it up with pg_dump, for example');
    out(`  pg_dump --format=custom --file=${target} "$DATABASE_URL"`);
    return 2;
  }
  try {
    const started = Date.now();
    const summary = await backupSqlite(location.file, target);
    out(`Backed up ${location.file} to ${target}: ${describeSize(summary.bytes)}, ${summary.promises} ${summary.promises === 1 ? 'promise' : 'promises'}, schema version ${summary.schemaVersion} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    return 0;
  } catch (error) {
    if (error instanceof CodedError) {
      out(`No backup made: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (isScriptEntry(import.meta.url)) runScript('db:backup', (args, env) => runDbBackup(args, (line) => process.stdout.write(`${line}\n`), env));
