// `npm run db:copy -- --from sqlite:data/service-coach.db --to postgres://…`: moves an install's
// whole history into an empty database, a line per table, row counts checked at the end.

import { parseStoreLocation } from './config.ts';
import { CodedError } from './errors.ts';
import { copyStore } from './store/copy-store.ts';
import { closeStore, openStore, type StoreLocation } from './store/open-store.ts';
import { isScriptEntry, runScript } from './script-entry.ts';

const USAGE = 'Usage: npm run db:copy -- --from sqlite:data/service-coach.db --to postgres://user:pass@host:5432/coach';

/** A URL without its password, for messages. */
export function describeLocation(location: StoreLocation): string {
  if (location.dialect === 'sqlite') return `SQLite ${location.file}`;
  const url = new URL(location.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export async function runDbCopy(args: readonly string[], out: (line: string) => void, cwd = process.cwd()): Promise<number> {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const fromText = value('--from');
  const toText = value('--to');
  if (!fromText || !toText) {
    out(USAGE);
    return 2;
  }
  const from = parseStoreLocation(fromText, cwd);
  const to = parseStoreLocation(toText, cwd);
  const source = await openStore(from);
  try {
    const target = await openStore(to);
    try {
      out(`Copying ${describeLocation(from)} → ${describeLocation(to)}`);
      const started = Date.now();
      const copied = await copyStore(source, target, ({ table, rows }) => out(`  ${table}: ${rows} ${rows === 1 ? 'row' : 'rows'}`));
      const total = copied.reduce((n, t) => n + t.rows, 0);
      out(`Done: ${total} rows in ${copied.length} tables, row counts match (${((Date.now() - started) / 1000).toFixed(1)} s).`);
      return 0;
    } finally {
      await closeStore(target);
    }
  } catch (error) {
    if (error instanceof CodedError) {
      out(`Nothing was copied: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await closeStore(source);
  }
}

if (isScriptEntry(import.meta.url)) runScript('db:copy', (args) => runDbCopy(args, (line) => process.stdout.write(`${line}\n`)));
