import { describe, expect, it } from 'vitest';
import { alice, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { DIALECTS } from '../helpers/test-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe.each(DIALECTS)('hello when invited (%s)', (dialect) => {
  const tempDir = useTempDir();

  it('says hello once per channel with how to subscribe, and does not subscribe by itself', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const invite = () => t.app.coach.handle({ kind: 'installed', from: alice, address: supportChannel, at: t.clock.now() });
    await invite();
    await invite();
    const sent = t.messenger.take();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.kind).toBe('post');
    expect(sent[0]!.msg.text).toContain('/coach subscribe');
    t.clock.advanceMinutes(7 * 24 * 60);
    await t.app.scheduler.tick();
    expect(t.messenger.take()).toHaveLength(0);
    await t.app.stop();
  });
});
