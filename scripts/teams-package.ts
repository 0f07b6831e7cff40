// `npm run teams:package`: a command line for the person who installs the bot, not part of the
// running coach (so it lives in scripts/, beside nothing it serves at run time). It writes the Teams app package (manifest.json + the two icons, zipped)
// that a Teams admin uploads, with the bot id filled in from MICROSOFT_APP_ID. The manifest is
// checked against Microsoft's schema (bundled in @microsoft/app-manifest, so no network) first:
// a bad package fails here, not in the Teams admin center.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { strToU8, zipSync } from 'fflate';
import { ManifestUtil } from '@microsoft/app-manifest';
import { loadTeamsAppId } from '../src/config.ts';
import { CodedError } from '../src/errors.ts';
import { isScriptEntry, runScript } from '../src/script-entry.ts';

export const APP_PACKAGE_DIR = path.join(import.meta.dirname, '..', 'adapters', 'teams', 'appPackage');
const PACKAGE_FILES = ['color.png', 'outline.png'] as const;

/** The fields of a Teams manifest this script fills in; the rest passes through untouched. */
export interface Manifest {
  id?: string;
  manifestVersion?: string;
  bots?: { botId: string; scopes?: string[]; commandLists?: { commands: { title: string }[] }[] }[];
  webApplicationInfo?: { id: string };
  [field: string]: unknown;
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8')) as Manifest;
}

/** The schema for the manifest's own manifestVersion, from the copy bundled with @microsoft/app-manifest. */
export function bundledSchema(manifestVersion: string): unknown {
  const require = createRequire(import.meta.url);
  const buildDir = path.dirname(require.resolve('@microsoft/app-manifest'));
  const file = path.join(buildDir, 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Schema problems, as readable lines; empty when the manifest is valid. */
export async function validateManifest(manifest: Manifest): Promise<string[]> {
  return ManifestUtil.validateManifestAgainstSchema(manifest as never, bundledSchema(String(manifest.manifestVersion)) as never);
}

export function withBotId(manifest: Manifest, appId: string): Manifest {
  const filled = structuredClone(manifest);
  filled.id = appId;
  for (const bot of filled.bots ?? []) bot.botId = appId;
  // Resource-specific consent (reading thread replies without an @mention) is granted to this app id.
  if (filled.webApplicationInfo) filled.webApplicationInfo.id = appId;
  return filled;
}

/** The zip Teams accepts: manifest.json and the icons at the root of the archive. */
export async function buildTeamsAppPackage(appId: string): Promise<Uint8Array> {
  const manifest = withBotId(readManifest(), appId);
  const problems = await validateManifest(manifest);
  if (problems.length) throw new CodedError('CONFIG_INVALID', `The Teams manifest is not valid:\n- ${problems.join('\n- ')}`);
  const files: Record<string, Uint8Array> = { 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)) };
  for (const name of PACKAGE_FILES) files[name] = new Uint8Array(fs.readFileSync(path.join(APP_PACKAGE_DIR, name)));
  return zipSync(files, { level: 9 });
}

async function main(_args: string[], env: Record<string, string | undefined>): Promise<number> {
  // Only the id: the zip is built on a laptop or in CI, where the bot's secret has no business.
  const appId = loadTeamsAppId(env);
  if (!appId) {
    process.stderr.write('Set MICROSOFT_APP_ID (your Azure Bot\'s Microsoft App ID) in the environment or .env, then run npm run teams:package again.\n');
    return 1;
  }
  const out = path.resolve(process.argv[2] ?? path.join('dist', 'service-coach-teams.zip'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await buildTeamsAppPackage(appId));
  process.stdout.write(`Wrote ${path.relative(process.cwd(), out)} for bot ${appId}.\nUpload it in the Teams admin center (Manage apps → Upload new app) or in Teams (Apps → Manage your apps → Upload an app).\n`);
  return 0;
}

if (isScriptEntry(import.meta.url)) runScript('teams:package', main);
