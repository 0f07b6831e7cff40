// /readyz: may this replica take traffic? The database answers and is at the schema this code
// expects, and every configured platform authenticated when the coach started. Cheap: one small
// query, bounded by a timeout so a hung database makes the probe fail instead of hang.

import { MIGRATIONS } from './store/migrations.ts';
import type { Db } from './store/open-store.ts';
import { schemaVersion } from './store/ops-queries.ts';

export type Readiness = { ready: true; schema: number; platforms: string[] } | { ready: false; reason: string };

const CHECK_TIMEOUT_MS = 2_000;

export function createReadinessCheck(options: { db: Db; configuredPlatforms: readonly string[]; startedPlatforms: () => readonly string[] }): () => Promise<Readiness> {
  const expected = MIGRATIONS.at(-1)?.version ?? 0;
  return async () => {
    let version: number;
    try {
      version = await withTimeout(schemaVersion(options.db), CHECK_TIMEOUT_MS);
    } catch (error) {
      return { ready: false, reason: `The database does not answer: ${oneLine(error)}` };
    }
    if (version < expected) return { ready: false, reason: `The database is at schema version ${version}; this coach needs ${expected} (migrations have not run).` };
    if (version > expected) return { ready: false, reason: `The database is at schema version ${version}, newer than this coach (${expected}).` };
    const started = options.startedPlatforms();
    const missing = options.configuredPlatforms.filter((p) => !started.includes(p));
    if (missing.length > 0) return { ready: false, reason: `Not yet authenticated with ${missing.join(' and ')}.` };
    return { ready: true, schema: version, platforms: [...started] };
  };
}

function oneLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
