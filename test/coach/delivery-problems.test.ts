import { describe, expect, it } from 'vitest';
import { createDeliveryProblemReporter } from '../../src/coach/delivery-problems.ts';
import { DIALECTS } from '../helpers/test-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startTestApp, textOf } from '../helpers/test-app.ts';

describe.each(DIALECTS)('telling managers about people the coach cannot reach (%s)', (dialect) => {
  const tempDir = useTempDir();
  const lee = { kind: 'user' as const, userId: 'aad-lee', name: 'Lee Park' };

  it('DMs every manager of the workspace except the unreachable person', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_MANAGERS: 'aad-dana,aad-lee' } });
    await createDeliveryProblemReporter(t.app)({ platform: 'teams', workspaceId: 'tenant-1', who: lee });
    const sent = t.messenger.take();
    expect(sent.map((s) => [s.kind, (s.to as { userId: string }).userId])).toEqual([['dm', 'aad-dana']]);
    expect(textOf(sent[0]!.msg)).toContain("I can't reach Lee Park in Teams: the app isn't installed for them");
    await t.app.stop();
  });

  it('falls back to the lead channel when the workspace has no manager, and never throws', async () => {
    const t = await startTestApp({ dialect, dir: tempDir(), start: '2026-11-23T09:00:00Z', env: { COACH_LEAD_CHANNEL: '19:leads@thread.tacv2' } });
    const report = createDeliveryProblemReporter(t.app);
    await report({ platform: 'teams', workspaceId: 'tenant-1', who: { kind: 'channel', key: '19:support@thread.tacv2', label: 'Support Desk' } });
    const [sent] = t.messenger.take();
    expect(sent?.kind).toBe('post');
    expect(sent?.to).toMatchObject({ platform: 'teams', workspaceId: 'tenant-1', key: '19:leads@thread.tacv2' });
    expect(textOf(sent!.msg)).toContain("I can't post in Support Desk in Teams any more");
    t.messenger.failWith = new Error('connector down');
    await expect(report({ platform: 'teams', workspaceId: 'tenant-1', who: lee })).resolves.toBeUndefined();
    await t.app.stop();
  });
});
