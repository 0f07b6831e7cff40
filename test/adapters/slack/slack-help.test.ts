import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Section = { type: string; text?: { type: string; text: string } };
const sectionsOf = (params: Record<string, unknown>) => (params.blocks as Section[]).filter((b) => b.type === 'section').map((b) => b.text!.text);

describe('/coach help in Slack', () => {
  it('answers the short help and the managers’ page privately, each section within Slack’s limits', async () => {
    h = await startSlackHarness(tempDir());
    await h.command('/coach', 'help', { responseId: 'help' });
    await h.command('/coach', 'help managers', { responseId: 'managers' });
    await h.api.waitForAnswers(2);
    const byId = (id: string) => h!.api.answers().find((a) => a.responseId === id)!.params;

    const help = byId('help');
    expect(help.response_type).toBe('ephemeral');
    expect((help.blocks as Section[])[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Service Coach — help', emoji: true } });
    expect(sectionsOf(help)).toContain('*Numbers and managers*: `/coach stats`, `/coach me`, `/coach managers`, `/coach audit`, `/coach forget`\nMore: `/coach help managers`');

    const managers = byId('managers');
    expect(managers.response_type).toBe('ephemeral');
    expect(sectionsOf(managers)).toContain(
      '*/coach forget @person*\nFor managers: erase someone’s name, profile and promise texts on request (I ask you to confirm). Their numbers stay in the team’s totals, anonymously. Example: `/coach forget @sam`',
    );
    expect(sectionsOf(managers)).toContain(
      '*/coach audit [days]*\nFor managers: who changed which shared setting, and from what to what, in the last 7 days (or up to 366). Example: `/coach audit 30`',
    );
    for (const params of [help, managers]) {
      expect((params.blocks as Section[]).length).toBeLessThanOrEqual(50);
      for (const section of sectionsOf(params)) expect(section.length).toBeLessThanOrEqual(3_000);
    }
  });
});
