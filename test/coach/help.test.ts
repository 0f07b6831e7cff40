import { describe, expect, it } from 'vitest';
import { alice, command, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { HELP_TOPICS } from '../../src/coach/help-topics.ts';

const tempDir = useTempDir();
const START = '2026-11-23T08:00:00Z';

describe('/coach help', () => {
  it('is short: every command, one line per topic, each with the way to its own page', async () => {
    const t = await startTestApp({ dir: tempDir(), start: START });
    const [help] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'help', t.clock.now()));
    expect(help!.text).toBe(
      [
        'I help customer-service teams keep their promises and get better together. Each topic below has its own page.',
        'Daily principles: /coach today, /coach subscribe, /coach unsubscribe, /coach settings. More: /coach help principles',
        'Callback promises: /promise-callback, /promise-callback list, /promise-callback done, /promise-callback snooze, /promise-callback reschedule, /promise-callback cancel. More: /coach help promises',
        'Weekly discussion: /coach discussion, /coach discuss. More: /coach help discussions',
        'Days off and working hours: /coach away until, /coach back, /coach holidays, /coach closed, /coach hours. More: /coach help availability',
        'Numbers and managers: /coach stats, /coach me, /coach managers, /coach audit, /coach forget. More: /coach help managers',
      ].join('\n'),
    );
    expect(help!.blocks.at(-1)).toEqual({
      type: 'text',
      text: '*Numbers and managers*: `/coach stats`, `/coach me`, `/coach managers`, `/coach audit`, `/coach forget`\nMore: `/coach help managers`',
    });
    expect(help!.visibility).toBe('private');
    await t.app.stop();
  });

  it('/coach help managers explains every manager command, audit and forget included, with an example each', async () => {
    const t = await startTestApp({ dir: tempDir(), start: START });
    const [page] = await t.app.coach.handle(command(alice, supportChannel, 'coach', 'help managers', t.clock.now()));
    expect(page!.text).toBe(
      [
        'Your own numbers, and the tools team leads have: team stats, who manages, the audit log and erasure on request.',
        '/coach stats [this week|last week|YYYY-Www] [#channel] [csv] — For managers: who acknowledged, joined discussions and kept promises, with the trend and a chart (or a CSV). Only you see it. Example: /coach stats last week csv',
        '/coach me — Your own numbers for this week and last week (only you see them). Example: /coach me',
        '/coach managers add|remove|list [@person] — Who sees the team stats and gets the Monday digest. Adding or removing is for managers. Example: /coach managers add @sam',
        '/coach audit [days] — For managers: who changed which shared setting, and from what to what, in the last 7 days (or up to 366). Example: /coach audit 30',
        '/coach forget @person — For managers: erase someone’s name, profile and promise texts on request (I ask you to confirm). Their numbers stay in the team’s totals, anonymously. Example: /coach forget @sam',
        'Every topic: /coach help',
      ].join('\n'),
    );
    expect(page!.blocks[0]).toEqual({ type: 'header', text: 'Numbers and managers — help' });
    expect(page!.blocks).toContainEqual({
      type: 'text',
      text: '*/coach audit [days]*\nFor managers: who changed which shared setting, and from what to what, in the last 7 days (or up to 366). Example: `/coach audit 30`',
    });
    await t.app.stop();
  });

  it('finds a page by a command word or a near miss of a topic, and names the topics otherwise', async () => {
    const t = await startTestApp({ dir: tempDir(), start: START });
    const ask = async (text: string) => (await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now())))[0]!;
    expect((await ask('help forget')).blocks[0]).toEqual({ type: 'header', text: 'Numbers and managers — help' });
    expect((await ask('help Manager')).blocks[0]).toEqual({ type: 'header', text: 'Numbers and managers — help' });
    expect((await ask('help subscribe')).blocks[0]).toEqual({ type: 'header', text: 'Daily principles — help' });
    expect((await ask('help promise-callback')).blocks[0]).toEqual({ type: 'header', text: 'Callback promises — help' });
    expect((await ask('help discussion')).blocks[0]).toEqual({ type: 'header', text: 'Weekly discussion — help' });
    expect((await ask('help weather')).text).toBe(
      'I have no help on “weather”. The topics are principles, promises, discussions, availability, managers. For example: /coach help managers',
    );
    await t.app.stop();
  });

  it('every page fits one Slack message (50 blocks, 3,000 characters a section) and every /coach command has a page', async () => {
    const t = await startTestApp({ dir: tempDir(), start: START });
    const ask = async (text: string) => (await t.app.coach.handle(command(alice, supportChannel, 'coach', text, t.clock.now())))[0]!;
    const pages = [await ask('help'), ...(await Promise.all(HELP_TOPICS.map((topic) => ask(`help ${topic.name}`))))];
    for (const page of pages) {
      expect(page.text.length).toBeLessThan(3_000);
      expect(page.blocks.length).toBeLessThanOrEqual(50);
      for (const block of page.blocks) expect('text' in block ? block.text.length : 0).toBeLessThanOrEqual(3_000);
    }
    const short = pages[0]!.text;
    // Every subcommand people type (the welcome hint is the coach's own, not one of them).
    for (const sub of ['today', 'subscribe', 'unsubscribe', 'settings', 'discussion', 'discuss', 'stats', 'me', 'managers', 'audit', 'forget']) {
      expect(short).toContain(`/coach ${sub}`);
      expect((await ask(`help ${sub}`)).text).toContain(`/coach ${sub}`);
    }
    await t.app.stop();
  });
});
