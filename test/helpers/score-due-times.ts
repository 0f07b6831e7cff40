// Runs the due-time table (due-time-table.ts) through the parser and scores it per kind. Shared by
// the table test and `npm run bench` ("due-time understanding").

import { DateTime } from 'luxon';
import { parseNewPromise } from '../../src/coach/promises/parse-promise-command.ts';
import { ROWS, SCENES, type Kind, type Row } from './due-time-table.ts';

export interface RowOutcome {
  row: Row;
  got: string;
  right: boolean;
  /** Stored (ok) when it should not have been, or stored at another time than expected. */
  wrongStored: boolean;
  /** Expected a question; got something else. */
  unasked: boolean;
}

export interface KindScore {
  kind: Kind;
  rows: number;
  right: number;
}

const at = (due: Date, zone: string): string => DateTime.fromJSDate(due, { zone }).toFormat('LL-dd HH:mm');

/** What the parser did with one row, in the table's own notation. */
export function describeOutcome(row: Row): string {
  const [, sceneName, command] = row;
  const scene = SCENES[sceneName];
  const parsed = parseNewPromise(command, new Date(scene.now), scene.zone, scene.locale);
  if (parsed.ok) return `${parsed.who} | ${at(parsed.due, scene.zone)} | ${parsed.note ?? '-'}`;
  const choices = (parsed.choices ?? []).map((c) => at(c.due, scene.zone)).join(', ');
  return parsed.question ? `ask ${choices}` : `refuse${choices ? ` ${choices}` : ''}`;
}

export function scoreRow(row: Row): RowOutcome {
  const expected = row[3];
  const got = describeOutcome(row);
  // "refuse" alone accepts any refusal; "refuse 12-02 09:00" wants that fix offered.
  const right = got === expected || (expected === 'refuse' && got.startsWith('refuse'));
  const stored = !got.startsWith('ask') && !got.startsWith('refuse');
  const wrongStored = stored && got.split(' | ')[1] !== expected.split(' | ')[1];
  return { row, got, right, wrongStored, unasked: expected.startsWith('ask') && !got.startsWith('ask') };
}

export function scoreDueTimeTable(): { outcomes: RowOutcome[]; kinds: KindScore[]; right: number; rows: number; wrongStored: number; unasked: number } {
  const outcomes = ROWS.map(scoreRow);
  const kinds = new Map<Kind, KindScore>();
  for (const o of outcomes) {
    const kind = o.row[0];
    const score = kinds.get(kind) ?? { kind, rows: 0, right: 0 };
    score.rows += 1;
    if (o.right) score.right += 1;
    kinds.set(kind, score);
  }
  return {
    outcomes,
    kinds: [...kinds.values()],
    right: outcomes.filter((o) => o.right).length,
    rows: outcomes.length,
    wrongStored: outcomes.filter((o) => o.wrongStored).length,
    unasked: outcomes.filter((o) => o.unasked).length,
  };
}

/** "relative 31/31 · clock 47/48 …" */
export function formatKindScores(kinds: KindScore[]): string {
  return kinds.map((k) => `${k.kind.padEnd(9)} ${String(k.right).padStart(3)}/${String(k.rows).padEnd(3)} ${((100 * k.right) / k.rows).toFixed(0).padStart(3)} %`).join('\n');
}
