// `npm run bench`: every section, a table, and bench/results.json. Figures that depend on the
// machine are ratios against a baseline measured in this same invocation. Exits non-zero only when
// something crashes; a missed target is reported in the table, not hidden by the exit code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figure } from './figures.ts';
import { benchSlackCommands } from './slack-commands.ts';
import { ROOT } from './child.ts';
import { benchDailyFanOut, benchReminders } from './reminders.ts';
import { benchStartup } from './startup.ts';
import { benchTeams } from './teams-messages.ts';
import { benchStats } from './stats.ts';
import { benchDashboard } from './dashboard.ts';
import { benchDueTimes } from './due-times.ts';
import { benchReplicas } from './replicas.ts';
import { benchOps } from './ops.ts';

interface Section {
  name: string;
  run(): Promise<{ figures: Figure[]; details?: Record<string, unknown> }>;
}

const SECTIONS: Section[] = [
  { name: 'slack', run: benchSlackCommands },
  { name: 'reminders', run: benchReminders },
  { name: 'fanout', run: benchDailyFanOut },
  { name: 'replicas', run: benchReplicas },
  { name: 'teams', run: benchTeams },
  { name: 'stats', run: benchStats },
  { name: 'dashboard', run: benchDashboard },
  { name: 'startup', run: benchStartup },
  { name: 'due-times', run: benchDueTimes },
  { name: 'ops', run: benchOps },
];

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    f.value === undefined ? 'not measured' : `${f.value} ${f.unit}`,
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'pass' : 'MISS',
    f.note ?? '',
  ]);
  const header = ['section', 'figure', 'value', 'target', 'result', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`);
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  let crashed = false;
  for (const section of SECTIONS) {
    if (only.length && !only.includes(section.name)) continue;
    process.stderr.write(`bench: ${section.name}…\n`);
    const started = Date.now();
    try {
      const result = await section.run();
      figures.push(...result.figures);
      details[section.name] = { ...result.details, seconds: Math.round((Date.now() - started) / 100) / 10 };
    } catch (error) {
      crashed = true;
      process.stderr.write(`bench: ${section.name} crashed: ${(error as Error)?.stack ?? String(error)}\n`);
      figures.push({ section: section.name, name: 'crashed', unit: '', note: String((error as Error)?.message ?? error).split('\n')[0] });
    }
  }
  printTable(figures);
  const results = { timestamp: new Date().toISOString(), machine: machine(), figures, details, ...(only.length ? { sections: only } : {}) };
  // Only a full run replaces results.json (the figures bench/README.md quotes); a run of some
  // sections goes beside it, so it never leaves a results.json with sections missing.
  const file = path.join(ROOT, 'bench', only.length ? 'results.partial.json' : 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench crashed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
