import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { APP_PACKAGE_DIR, buildTeamsAppPackage, readManifest, validateManifest, type Manifest } from '../../scripts/teams-package.ts';
import { nodeArgsFor, ROOT } from '../helpers/node-script.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startTestApp } from '../helpers/test-app.ts';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

describe('Teams app package', () => {
  const tempDir = useTempDir();

  it('the committed manifest is valid against Microsoft\'s schema (offline) and a broken one is not', async () => {
    const manifest = readManifest();
    expect(await validateManifest(manifest)).toEqual([]);
    const broken: Manifest = { ...manifest, bots: [{ ...manifest.bots![0]!, scopes: ['everywhere'] }] };
    delete broken.developer;
    const problems = await validateManifest(broken);
    expect(problems.join('\n')).toMatch(/developer/);
    expect(problems.join('\n')).toMatch(/scopes/);
  });

  it('declares a bot for personal, team and group chats, with every coach command in its command list', async () => {
    const manifest = readManifest();
    const [bot] = manifest.bots ?? [];
    expect(bot?.scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    const titles = (bot?.commandLists ?? []).flatMap((list) => list.commands.map((c) => c.title));
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    for (const name of t.app.coach.commandNames()) expect(titles.some((title) => title.split(' ')[0] === name)).toBe(true);
    await t.app.stop();
  });

  it('zips the manifest with the bot id filled in and the two icons at the right sizes', async () => {
    const appId = '11111111-2222-3333-4444-555555555555';
    const files = unzipSync(await buildTeamsAppPackage(appId));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest;
    expect(manifest.id).toBe(appId);
    expect(manifest.bots?.[0]?.botId).toBe(appId);
    expect(manifest.webApplicationInfo?.id).toBe(appId);
    expect(await validateManifest(manifest)).toEqual([]);
    expect(pngSize(files['color.png']!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files['outline.png']!)).toEqual({ width: 32, height: 32 });
    // The icons' SVG sources are kept next to them.
    expect(fs.existsSync(path.join(APP_PACKAGE_DIR, 'color.svg'))).toBe(true);
    expect(fs.existsSync(path.join(APP_PACKAGE_DIR, 'outline.svg'))).toBe(true);
  });
});

describe('npm run teams:package', () => {
  const tempDir = useTempDir();

  it('builds the zip from the app id alone, without MICROSOFT_APP_PASSWORD', async () => {
    const out = path.join(tempDir(), 'coach.zip');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555' };
    const run = spawnSync(process.execPath, [...nodeArgsFor('scripts/teams-package.ts'), out], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('for bot 11111111-2222-3333-4444-555555555555');
    expect(run.status).toBe(0);
    expect(Object.keys(unzipSync(fs.readFileSync(out)))).toContain('manifest.json');
  }, 30_000);
});
