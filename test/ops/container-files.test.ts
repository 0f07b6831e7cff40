// The image itself needs a container engine and the node and postgres base images, which a test
// run does not have (the README says how it was built and run by hand). What can be checked from
// the files is checked: the image runs the README's own install and build commands and the same
// entry point as `npm start`, compiles better-sqlite3 with no download beyond the npm registry,
// ships every file the running coach reads, runs as a non-root user with the SQLite file on a
// volume, and its HEALTHCHECK command really tells a live coach from a dead one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpApp, listen } from '../../adapters/http/http-server.ts';
import { silentLogger } from '../../src/logger.ts';
import { ROOT } from '../helpers/node-script.ts';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const dockerfile = read('Dockerfile');
/** Instructions with their continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** The shell block under "## Running in production" in the README. */
function readmeProductionCommands(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Running in production'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('container image files', () => {
  it('builds with the README’s npm ci and build commands and starts what npm start starts', () => {
    const readme = readmeProductionCommands();
    expect(readme).toEqual(['npm ci', 'npm run build', 'npm prune --omit=dev', 'node --enable-source-maps dist/src/main.js']);
    const runs = instructions.filter((l) => l.startsWith('RUN npm')).map((l) => l.slice('RUN '.length));
    expect(runs).toEqual(readme.slice(0, 3));
    const cmd = JSON.parse(instructions.find((l) => l.startsWith('CMD '))!.slice('CMD '.length)) as string[];
    expect(cmd.join(' ')).toBe(readme[3]);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(readme[3]);
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  });

  it('is multi-stage on Node 20 slim, compiles better-sqlite3 in the build stage, runs as a non-root user with /data as a volume', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM node:20-bookworm-slim AS build', 'FROM node:20-bookworm-slim']);
    const runtime = instructions.slice(instructions.indexOf(froms[1]!));
    const build = instructions.slice(0, instructions.indexOf(froms[1]!));
    expect(build.some((l) => /apt-get install .*python3 make g\+\+/.test(l))).toBe(true);
    expect(build.indexOf('RUN npm ci')).toBeGreaterThan(build.findIndex((l) => l.includes('apt-get install')));
    // Compiled against the image's own headers: no prebuilt binary from github.com, no headers from nodejs.org.
    const npmEnv = build.findIndex((l) => l.startsWith('ENV npm_config_'));
    expect(build[npmEnv]?.split(/\s+/)).toEqual(['ENV', 'npm_config_build_from_source=true', 'npm_config_nodedir=/usr/local']);
    expect(npmEnv).toBeLessThan(build.indexOf('RUN npm ci'));
    expect(runtime.some((l) => l.includes('apt-get'))).toBe(false); // no compilers in the running image
    expect(runtime).toContain('USER node');
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.findIndex((l) => l.startsWith('CMD ')));
    expect(runtime).toContain('VOLUME ["/data"]');
    expect(runtime.find((l) => l.startsWith('ENV '))).toContain('DATABASE_URL=sqlite:/data/service-coach.db');
    // Files the running coach reads from its own tree: the deck, the chart font, the dashboard's CSS and script.
    for (const needed of ['content', 'assets', 'adapters/dashboard/assets']) expect(runtime).toContain(`COPY ${needed} ./${needed}`);
    for (const file of ['content', 'assets/fonts/DejaVuSans.ttf', 'adapters/dashboard/assets/dashboard.css', 'adapters/dashboard/assets/dashboard.js']) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    expect(runtime).toContain('RUN mkdir -p /data && chown node:node /data && chmod 700 /data');
    const ignored = read('.dockerignore').split('\n');
    for (const secret of ['.env', 'node_modules', 'data', '.git']) expect(ignored).toContain(secret);
  });

  it('its HEALTHCHECK command passes against a live /healthz and fails when nothing answers', async () => {
    const line = instructions.find((l) => l.startsWith('HEALTHCHECK '))!;
    const command = JSON.parse(line.slice(line.indexOf('CMD ') + 'CMD '.length)) as string[];
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/healthz');
    const server = await listen(createHttpApp(() => ({ platforms: [] })), 0, silentLogger);
    // Asynchronously: the server answering it lives in this process.
    const run = (port: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, command.slice(1), { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: 'ignore', timeout: 10_000 });
        child.once('exit', (code) => resolve(code));
      });
    try {
      expect(await run(server.port)).toBe(0);
    } finally {
      await server.close();
    }
    expect(await run(server.port)).toBe(1);
  });

  it('composes PostgreSQL and two coach replicas from the same image, each told where the database is', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toMatch(/^ {2}db:\n {4}image: postgres:16$/m);
    expect(compose).toMatch(/^ {2}coach-1:\n {4}<<: \*coach$/m);
    expect(compose).toMatch(/^ {2}coach-2:\n {4}<<: \*coach$/m);
    const anchor = compose.slice(compose.indexOf('x-coach: &coach'), compose.indexOf('services:'));
    expect(anchor).toContain('  build: .');
    expect(anchor).toContain('    DATABASE_URL: postgres://coach:coach@db:5432/coach');
    expect(anchor).toContain('      condition: service_healthy');
    expect(compose).toContain('"3000:3000"');
    expect(compose).toContain('"3001:3000"');
  });
});
