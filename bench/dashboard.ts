// The managers' dashboard for a team of 1,000 people with a year of history: the overview (this week
// against the previous four, and the eight-week trend) and the people table (its default eight
// weeks, and the whole year: one aggregate over every row of the year), in
// server time (the coach's Server-Timing header), as a ratio to `/coach stats last week` measured in
// the same process. On SQLite, and on PostgreSQL when one answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from './child.ts';
import { freshBenchSchema } from './postgres.ts';
import { median, round, type Figure } from './figures.ts';

interface Timing {
  serverMs: number;
  wallMs: number;
  bytes: number;
}
interface DashboardResult {
  overview: Timing[];
  peopleDefault: Timing[];
  people: Timing[];
  statsMs: number[];
}

function figuresFor(r: DashboardResult, label: string): Figure[] {
  const section = 'dashboard';
  const stats = median(r.statsMs);
  const overview = median(r.overview.map((t) => t.serverMs));
  const people = median(r.people.map((t) => t.serverMs));
  const peopleDefault = median(r.peopleDefault.map((t) => t.serverMs));
  return [
    { section, name: `${label}overview, 1,000 people, 1 year (server time)`, value: round(overview), unit: 'ms', target: '< 300 ms', pass: overview < 300, note: `${round(overview / stats, 2)}× /coach stats (${round(stats)} ms); end to end ${round(median(r.overview.map((t) => t.wallMs)))} ms; median of ${r.overview.length}` },
    { section, name: `${label}people table, default 8 weeks (server time)`, value: round(peopleDefault), unit: 'ms', target: '< 300 ms', pass: peopleDefault < 300, note: `${round(peopleDefault / stats, 2)}× /coach stats; end to end ${round(median(r.peopleDefault.map((t) => t.wallMs)))} ms` },
    { section, name: `${label}people table for the whole year (server time)`, value: round(people), unit: 'ms', target: '< 300 ms', pass: people < 300, note: `${round(people / stats, 2)}× /coach stats; end to end ${round(median(r.people.map((t) => t.wallMs)))} ms; ${round((r.people[0]?.bytes ?? 0) / 1024)} KiB of HTML` },
  ];
}

export async function benchDashboard(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coach-bench-dashboard-'));
  try {
    const r = await runChild<DashboardResult>('bench/dashboard-child.ts', {}, [path.join(dir, 'coach.db')]);
    const schema = await freshBenchSchema();
    let p: DashboardResult | undefined;
    if (schema) {
      try {
        p = await runChild<DashboardResult>('bench/dashboard-child.ts', {}, [schema.url]);
      } finally {
        await schema.drop();
      }
    }
    return {
      figures: [...figuresFor(r, ''), ...(p ? figuresFor(p, 'PostgreSQL: ') : [{ section: 'dashboard', name: 'on PostgreSQL', unit: '', note: 'skipped: no PostgreSQL answered at BENCH_DATABASE_URL' }])],
      details: { sqlite: r, postgres: p } as unknown as Record<string, unknown>,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
