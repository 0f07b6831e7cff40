import { describe, expect, it } from 'vitest';
import { ROWS, SCENES } from '../../helpers/due-time-table.ts';
import { formatKindScores, scoreDueTimeTable } from '../../helpers/score-due-times.ts';

describe('due times as agents really type them (the table in test/helpers/due-time-table.ts)', () => {
  const score = scoreDueTimeTable();
  const misses = score.outcomes.filter((o) => !o.right).map((o) => `  [${o.row[0]}] ${o.row[1]} “${o.row[2]}”: expected “${o.row[3]}”, got “${o.got}”`);
  // The score, per kind, in the test output.
  console.log(`due-time understanding: ${score.right}/${score.rows} right (${((100 * score.right) / score.rows).toFixed(1)} %), ${score.wrongStored} stored at a wrong time, ${score.unasked} ambiguous not asked\n${formatKindScores(score.kinds)}${misses.length ? `\nmisses:\n${misses.join('\n')}` : ''}`);

  it('has at least 300 phrasings across seven zones, five locales and every kind', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(300);
    const scenes = new Set(ROWS.map((r) => r[1]));
    expect(new Set([...scenes].map((s) => SCENES[s].zone)).size).toBeGreaterThanOrEqual(7);
    expect(new Set([...scenes].map((s) => SCENES[s].locale))).toEqual(new Set(['en-US', 'en-GB', 'en-AU', 'de-DE', 'en-IN', undefined]));
    expect(score.kinds.map((k) => k.kind)).toEqual(['relative', 'clock', 'day', 'date', 'DST', 'who', 'note', 'typos', 'invalid', 'ambiguous']);
  });

  it('stores no phrasing at a time other than the one it plainly means', () => {
    expect(score.outcomes.filter((o) => o.wrongStored).map((o) => `${o.row[2]} → ${o.got}`)).toEqual([]);
  });

  it('answers every ambiguous phrasing with a question', () => {
    expect(score.outcomes.filter((o) => o.unasked).map((o) => `${o.row[2]} → ${o.got}`)).toEqual([]);
  });

  it('gets at least 97 % of the table right', () => {
    expect(score.right / score.rows).toBeGreaterThanOrEqual(0.97);
  });

  it('reads every DST row right', () => {
    expect(score.kinds.find((k) => k.kind === 'DST')).toMatchObject({ right: score.kinds.find((k) => k.kind === 'DST')?.rows });
  });
});
