// Hostile input: whatever an agent types (a promise's who and note, a command word) and whatever
// name a profile carries is shown as text in every message the coach sends, never as a mention,
// a broadcast or a link. Checked on the payloads the fake Slack API and the fake Bot Framework
// connector receive from the real Bolt app and the real CloudAdapter.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { ALICE, BOB, startSlackHarness, type SlackHarness } from '../adapters/slack/slack-harness.ts';
import { cardOf, dana, lee, personalMessage, startTeamsHarness, type TeamsHarness } from '../adapters/teams/teams-harness.ts';
import { startConsoleSession } from '../helpers/console-session.ts';
import { ansiStyle, renderText } from '../../adapters/console/render-text.ts';
import { userText } from '../../src/coach/user-text.ts';
import { startTestApp } from '../helpers/test-app.ts';

const tempDir = useTempDir();
const open: (SlackHarness | TeamsHarness)[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

/** Every form of Slack control sequence, typed by an agent as the who of a promise… */
const WHO = '<!channel> <!here> <!everyone> <@U0999> <#C0999>';
/** …and as its note, with a user group, a disguised link and Teams/HTML markup. */
const NOTE = '<!subteam^S0999|@leads> <http://evil.example|your refund> & <at>Lee Park</at> [docs](http://evil.example) <b>hi</b>';

/** Anything Slack would act on: broadcasts, user groups, links, or a mention of someone the coach never meant. */
function slackControls(mrkdwn: string): string[] {
  return [...mrkdwn.matchAll(/<[^>]*>/g)].map((m) => m[0]).filter((m) => !['<@U_ALICE>', '<@U_BOB>', '<@U_EVE>', '<#C_SUPPORT>'].includes(m));
}

/** Every mrkdwn string in a Slack message body: the fallback text and the blocks' text objects. */
function mrkdwnOf(params: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof params.text === 'string') out.push(params.text);
  JSON.stringify(params.blocks ?? [], (key, value: unknown) => {
    if (value && typeof value === 'object' && (value as { type?: string }).type === 'mrkdwn') out.push(String((value as { text: unknown }).text));
    return value;
  });
  return out;
}

describe('mention injection', () => {
  it('Slack: a hostile who, note, name and command word stay text in every message', async () => {
    const h = await startSlackHarness(tempDir(), '2026-11-23T08:00:00Z', { COACH_LEAD_CHANNEL: 'C_LEADS' });
    open.push(h);
    h.api.addUser({ id: 'U_EVE', name: 'eve', realName: '<!channel> Eve', tz: 'Europe/London' });
    await h.command('/coach', `managers add <@${BOB.id}|${BOB.name}>`, { user: BOB.id, userName: BOB.name, responseId: 'lead' });
    // Bob, in New York, starts early: he is working when the escalations come (from 05:30 there).
    await h.command('/coach', 'hours 05:00-13:00', { user: BOB.id, userName: BOB.name, responseId: 'hours' });
    // Slack sends the text of a command with &, < and > escaped, as a person typed them.
    const typed = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    await h.command('/promise-callback', `${typed(WHO)} in 1h ${typed(NOTE)}`, { responseId: 'make' });
    // And as autocompleted broadcasts and mentions (@channel, @someone): already Slack markup.
    await h.command('/promise-callback', `${WHO} tomorrow 10am <!subteam^S0999|@leads>`, { responseId: 'make2' });
    await h.command('/promise-callback', 'ACME-1 in 3h callback', { user: 'U_EVE', userName: 'eve', responseId: 'eve' });
    await h.command('/promise-callback', 'list', { responseId: 'list' });
    await h.command('/coach', '<!channel>', { responseId: 'unknown' });
    await h.command('/coach', 'stats <!here>', { user: BOB.id, userName: BOB.name, responseId: 'stats-word' });
    await h.api.waitForAnswers(8);
    for (const minutes of [50, 10, 30, 60, 60]) {
      h.t.clock.advanceMinutes(minutes); // heads-up, due, nudge, escalation to the agent and to the lead
      await h.t.app.scheduler.tick();
    }
    h.t.clock.advanceMinutes(60);
    await h.t.app.scheduler.tick(); // Eve's reminders, with her name in the lead's escalation
    await h.command('/coach', 'stats', { user: BOB.id, userName: BOB.name, responseId: 'stats' });
    await h.api.waitForAnswers(9);

    const sent = [...h.api.answers(), ...h.api.callsTo('chat.postMessage'), ...h.api.callsTo('chat.postEphemeral'), ...h.api.callsTo('chat.update')];
    const texts = sent.flatMap((c) => mrkdwnOf(c.params));
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.flatMap(slackControls)).toEqual([]);

    const all = texts.join('\n');
    // What people see instead: the characters they typed.
    expect(all).toContain('Who*\n&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0999&gt; &lt;#C0999&gt;');
    expect(all).toContain('&lt;!subteam^S0999|@leads&gt; &lt;http://evil.example|your refund&gt; &amp; &lt;at&gt;Lee Park&lt;/at&gt;');
    expect(all).toContain('📞 Time to call back *&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0999&gt; &lt;#C0999&gt;*');
    expect(all).toContain(`🚨 <@${ALICE.id}>'s callback promise #1 to *&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0999&gt; &lt;#C0999&gt;*`);
    expect(all).toContain("I don't know `/coach &lt;!channel&gt;`.");
    // With a lead working, the escalation goes to them, not to the lead channel (where a broadcast
    // would have notified everyone); the channel gets it when no lead is working, as the same text.
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_LEADS')).toHaveLength(0);
    // The escalation reached the lead, and the list showed the promises.
    expect(h.api.callsTo('conversations.open').some((c) => c.params.users === BOB.id)).toBe(true);
    expect(all).toContain('*#2* &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0999&gt; &lt;#C0999&gt;');
  });

  it('Teams: the same who and note stay text in every card, with no mention entity but the agent', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z', env: { COACH_MANAGERS: lee.aadObjectId } });
    open.push(h);
    await h.send(personalMessage(h.connector, lee, 'coach help')); // the lead has a personal chat
    await h.send(personalMessage(h.connector, dana, `promise-callback ${WHO} in 1h ${NOTE} <@aad-lee|Lee Park>`));
    await h.send(personalMessage(h.connector, dana, 'promise-callback list'));
    await h.send(personalMessage(h.connector, dana, 'coach [x](http://e.example)'));
    for (const minutes of [50, 10, 30, 60]) {
      h.t.clock.advanceMinutes(minutes); // heads-up, due, nudge, escalation to the agent and to the lead
      await h.t.app.scheduler.tick();
    }
    const cards = h.connector.deliveries().map((c) => cardOf(c.body)).filter(Boolean);
    expect(cards.length).toBeGreaterThan(6);
    const texts: string[] = [];
    JSON.stringify(cards, (key, value: unknown) => {
      if ((key === 'text' || key === 'value') && typeof value === 'string') texts.push(value);
      return value;
    });
    const all = texts.join('\n');
    // The only <at> Teams can turn into a mention are the coach's own, of the agent and of the lead it
    // told ("I've let your team lead know (Lee Park)"), listed as entities.
    expect([...all.matchAll(/(?<!\\)<at>[^<]*<\/at>/g)].map((m) => m[0]).filter((m) => m !== `<at>${dana.name}</at>` && m !== `<at>${lee.name}</at>`)).toEqual([]);
    const entities = cards.flatMap((c) => c.msteams?.entities ?? []);
    expect(entities.every((e: { mentioned: { id: string } }) => [dana.aadObjectId, lee.aadObjectId].includes(e.mentioned.id))).toBe(true);
    expect(entities.length).toBeGreaterThan(0);
    // No Markdown link or HTML survives: Teams shows the characters typed.
    expect(all).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(all).toContain('\\<!channel\\> \\<!here\\> \\<!everyone\\> \\<@U0999\\> \\<#C0999\\>');
    // (Teams itself turns a typed <at>Lee Park</at> into the name; the adapter reads it so.)
    expect(all).toContain('\\<http://evil.example|your refund\\> & Lee Park \\[docs\\](http://evil.example) \\<b\\>hi\\</b\\> \\<@aad-lee|Lee Park\\>');
    expect(all).toContain("I don't know “/coach \\[x\\](http://e.example)”");
  });

  it('console: terminal escapes typed into a promise do nothing to the terminal', async () => {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T08:00:00Z' });
    const terminal = startConsoleSession(t, tempDir());
    const { input, session } = terminal;
    input.write('/promise-callback ACME\x1b[2J\x1b]0;pwned\x07\u202e <@U0999|Boss> in 1h note\x1b[8m hidden\n/promise-callback list\n');
    input.end();
    await session;
    t.clock.advanceMinutes(60);
    await t.app.scheduler.tick();
    await t.app.stop();
    // Shown as typed (no "@Boss"), minus the control characters.
    expect(terminal.screen).toContain('Who: ACME [2J ]0;pwned  <@U0999|Boss>');
    expect(terminal.screen).toContain('📞 Time to call back ACME [2J ]0;pwned  <@U0999|Boss>');
    // eslint-disable-next-line no-control-regex
    expect(terminal.screen).not.toMatch(/[\x07\x1b\u202e]/);
  });

  it("console: user text with terminal escapes renders without them, the coach's own styles intact", () => {
    const msg = { text: '', visibility: 'private' as const, blocks: [{ type: 'fields' as const, fields: [{ label: 'Who', value: userText('ACME\x1b[2J\x1b]0;pwned\x07\u009b31m\u202e') }] }] };
    expect(renderText(msg, ansiStyle, () => '')).toBe('  \x1b[1mWho:\x1b[22m ACME[2J]0;pwned31m');
  });
});
