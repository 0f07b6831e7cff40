// Due-time understanding: the 370-row table of real phrasings (test/helpers/due-time-table.ts) run
// through the parser, scored per kind. Pure parsing, so it is cheap; the per-command time is context.
import { performance } from 'node:perf_hooks';
import { scoreDueTimeTable } from '../test/helpers/score-due-times.ts';
import { round, type Figure } from './figures.ts';

export function benchDueTimes(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const started = performance.now();
  const score = scoreDueTimeTable();
  const ms = performance.now() - started;
  const section = 'Due-time understanding';
  const percent = (100 * score.right) / score.rows;
  // Synchronous work; a Promise because every bench section returns one.
  return Promise.resolve({
    figures: [
      { section, name: 'table rows right', value: round(percent), unit: '%', target: '≥ 97 %', pass: percent >= 97, note: `${score.right}/${score.rows} across 13 zone/locale scenes; ${round(ms / score.rows, 2)} ms per command` },
      { section, name: 'stored at a wrong time', value: score.wrongStored, unit: '', target: '0', pass: score.wrongStored === 0 },
      { section, name: 'ambiguous not asked', value: score.unasked, unit: '', target: '0', pass: score.unasked === 0 },
      ...score.kinds.map((k): Figure => ({ section, name: `${k.kind}`, value: k.right, unit: `/ ${k.rows}` })),
    ],
    details: { kinds: score.kinds, misses: score.outcomes.filter((o) => !o.right).map((o) => ({ command: o.row[2], scene: o.row[1], expected: o.row[3], got: o.got })) },
  });
}
