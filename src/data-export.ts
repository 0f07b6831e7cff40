// `npm run data:export -- --person <id> [--out file.json]`: everything the coach stores about one
// person, as JSON (a subject access request). Without --out it is written to standard output.

import fs from 'node:fs';
import { loadStoreLocation } from './config.ts';
import { closeStore, openStore } from './store/open-store.ts';
import { exportPerson } from './store/person-export.ts';
import { isScriptEntry, runScript } from './script-entry.ts';

const USAGE = 'Usage: npm run data:export -- --person U0123ABCD [--out person.json]';

export async function runDataExport(args: readonly string[], out: (text: string) => void, env: Record<string, string | undefined>, cwd = process.cwd()): Promise<number> {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const person = value('--person');
  const file = value('--out');
  if (!person || person.startsWith('--')) {
    out(`${USAGE}\n`);
    return 2;
  }
  const db = await openStore(loadStoreLocation(env, cwd));
  try {
    const data = await exportPerson(db, person);
    const json = `${JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2)}\n`;
    if (file) {
      fs.writeFileSync(file, json, { mode: 0o600 }); // personal data: readable by its owner only
      const rows = data.profiles.length + data.promises.length + data.promiseHistory.length + data.participation.length + data.auditLog.length;
      out(`Wrote everything stored about ${person} to ${file} (${rows} records).\n`);
    } else {
      out(json);
    }
    return 0;
  } finally {
    await closeStore(db);
  }
}

if (isScriptEntry(import.meta.url)) runScript('data:export', (args, env) => runDataExport(args, (text) => process.stdout.write(text), env));
