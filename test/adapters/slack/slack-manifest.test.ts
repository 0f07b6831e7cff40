import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requiredBotEvents, requiredBotScopes, slashCommandNames } from '../../../adapters/slack/slack-app-spec.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { startTestApp } from '../../helpers/test-app.ts';
import { slackManifestSchema } from './slack-manifest-schema.ts';

const manifest = slackManifestSchema.parse(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../manifest.json'), 'utf8')));
const tempDir = useTempDir();
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('manifest.json (Create an app → From a manifest)', () => {
  it('is a valid Slack app manifest with a bot user, the App Home tab and interactivity', () => {
    expect(manifest.features?.bot_user?.display_name).toBe('Service Coach');
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  it('declares exactly the slash commands the adapter registers, with descriptions, hints and escaping', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    stop = () => t.app.stop();
    const registered = slashCommandNames(t.app.coach.commandNames()).map((n) => `/${n}`).sort();
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.map((c) => c.command).sort()).toEqual(registered);
    for (const c of commands) {
      expect(c.usage_hint).toBeTruthy();
      expect(c.should_escape).toBe(true);
      expect(c.url).toBe(manifest.settings?.event_subscriptions?.request_url);
    }
  });

  it('subscribes to exactly the bot events the adapter handles', () => {
    expect([...(manifest.settings?.event_subscriptions?.bot_events ?? [])].sort()).toEqual(requiredBotEvents());
  });

  it('asks for exactly the bot scopes the code uses, nothing more', () => {
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual(requiredBotScopes());
  });
});
