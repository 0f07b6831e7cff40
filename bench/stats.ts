// `/coach stats` for a team of 1,000 people with a year of participation and promise history, run
// in its own process on a seeded db: the time for the answer (the numbers; the chart follows as a
// job), the time to render and upload the chart, and the db's size on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from './child.ts';
import { freshBenchSchema } from './postgres.ts';
import { median, round, type Figure } from './figures.ts';

interface StatsResult {
  rows: { participation: number; promises: number };
  answerMs: number[];
  chartMs: number[];
  dbMb: number;
  seedSeconds: number;
  peopleShown: string;
}

export async function benchStats(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-stats-'));
  try {
    const r = await runChild<StatsResult>('bench/stats-child.ts', {}, [path.join(dir, 'coach.db')]);
    const section = '/coach stats';
    const answer = median(r.answerMs);
    // The same seed and questions on PostgreSQL.
    const schema = await freshBenchSchema();
    let p: StatsResult | undefined;
    if (schema) {
      try {
        p = await runChild<StatsResult>('bench/stats-child.ts', {}, [schema.url]);
      } finally {
        await schema.drop();
      }
    }
    const pgAnswer = p ? median(p.answerMs) : NaN;
    return {
      figures: [
        { section, name: 'answer for 1,000 people, 1 year (chart excluded)', value: round(answer), unit: 'ms', target: '< 200 ms', pass: answer < 200, note: `median of ${r.answerMs.length}; first ${round(r.answerMs[0] ?? NaN)} ms` },
        { section, name: 'the chart that follows: render + upload', value: round(median(r.chartMs)), unit: 'ms', note: 'a scheduler job due at once; first run loads vega' },
        { section, name: 'db size on disk', value: round(r.dbMb), unit: 'MB', note: `${r.rows.participation.toLocaleString('en')} participation rows, ${r.rows.promises.toLocaleString('en')} promises` },
        p
          ? { section, name: 'answer on PostgreSQL (same seed, chart excluded)', value: round(pgAnswer), unit: 'ms', target: '< 200 ms', pass: pgAnswer < 200, note: `median of ${p.answerMs.length}; first ${round(p.answerMs[0] ?? NaN)} ms; database ${round(p.dbMb)} MB` }
          : { section, name: 'answer on PostgreSQL', unit: '', note: 'skipped: no PostgreSQL answered at BENCH_DATABASE_URL' },
      ],
      details: { sqlite: r, postgres: p } as unknown as Record<string, unknown>,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
