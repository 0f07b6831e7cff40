// Every table of the schema is thought about twice: does `db:copy` move it (copy-store.ts), and
// does an uninstalled workspace's erasure empty it (erase-workspace.ts)? Each table is either in
// a module's list or in its "deliberately not" list with the reason, so a table added without
// thinking about either fails here with its name. The tables are read from the migrated database
// itself, not from a hand list.
import { describe, expect, it } from 'vitest';
import { COPIED_TABLES, NOT_COPIED_TABLES } from '../../src/store/copy-store.ts';
import { ERASED_WITH_WORKSPACE, KEPT_AFTER_WORKSPACE_ERASURE } from '../../src/store/erase-workspace.ts';
import { dialectOf, type Db } from '../../src/store/open-store.ts';
import { closeStore, openTestStore, DIALECTS } from '../helpers/test-store.ts';
import { dbAll, dbRun } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

async function schemaTables(db: Db): Promise<string[]> {
  const rows =
    dialectOf(db) === 'sqlite'
      ? await dbAll<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      : await dbAll<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
  return rows.map((row) => row.name);
}

interface Coverage {
  file: string;
  done: readonly string[];
  doneName: string;
  not: readonly string[];
  notName: string;
  what: string;
}

const COVERAGE: Coverage[] = [
  { file: 'src/store/copy-store.ts', done: COPIED_TABLES, doneName: 'TABLES', not: NOT_COPIED_TABLES, notName: 'NOT_COPIED_TABLES', what: 'copied by db:copy' },
  {
    file: 'src/store/erase-workspace.ts',
    done: ERASED_WITH_WORKSPACE,
    doneName: 'WORKSPACE_TABLES',
    not: KEPT_AFTER_WORKSPACE_ERASURE,
    notName: 'KEPT_AFTER_WORKSPACE_ERASURE',
    what: "erased with an uninstalled workspace's history",
  },
];

/** One plain sentence per table that a module has not thought about (or lists twice, or no longer has). */
function coverageProblems(tables: readonly string[]): string[] {
  const problems: string[] = [];
  for (const c of COVERAGE) {
    for (const table of tables) {
      const done = c.done.includes(table);
      const not = c.not.includes(table);
      if (!done && !not) problems.push(`Table ${table} is not ${c.what}: add it to ${c.doneName} in ${c.file}, or to ${c.notName} with the reason.`);
      if (done && not) problems.push(`Table ${table} is both in ${c.doneName} and in ${c.notName} of ${c.file}.`);
    }
    for (const listed of [...c.done, ...c.not]) {
      if (!tables.includes(listed)) problems.push(`${c.file} lists ${listed}, which is not a table of the schema.`);
    }
  }
  return problems;
}

describe.each(DIALECTS)('copy and workspace erasure cover every table (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('copies or deliberately skips, and erases or deliberately keeps, every table of the migrated schema', async () => {
    const db = await openTestStore(dialect, tempDir());
    const tables = await schemaTables(db);
    expect(tables).toContain('promises');
    expect(coverageProblems(tables)).toEqual([]);
    await closeStore(db);
  });

  it('names a table added without a thought for either', async () => {
    const db = await openTestStore(dialect, tempDir());
    await dbRun(db, 'CREATE TABLE team_notes (platform TEXT NOT NULL, workspace_id TEXT NOT NULL, note TEXT NOT NULL)');
    expect(coverageProblems(await schemaTables(db))).toEqual([
      'Table team_notes is not copied by db:copy: add it to TABLES in src/store/copy-store.ts, or to NOT_COPIED_TABLES with the reason.',
      "Table team_notes is not erased with an uninstalled workspace's history: add it to WORKSPACE_TABLES in src/store/erase-workspace.ts, or to KEPT_AFTER_WORKSPACE_ERASURE with the reason.",
    ]);
    await closeStore(db);
  });
});
