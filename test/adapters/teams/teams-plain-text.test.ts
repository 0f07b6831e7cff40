// Words the coach cannot act on, through the real CloudAdapter: a 1:1 chat gets a short help card;
// a channel only when the coach is mentioned.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { channelMessage, dana, personalMessage, startTeamsHarness, visibleText, type TeamsHarness } from './teams-harness.ts';

const tempDir = useTempDir();
const open: TeamsHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

describe('plain text in Teams', () => {
  it('“blah blah” in a personal chat gets a short help card; in a channel only when the coach is mentioned', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z' });
    open.push(h);
    await h.send(personalMessage(h.connector, dana, 'blah blah'));
    const [hint] = h.connector.deliveries();
    expect(hint?.conversationId).toBe(`a:personal-${dana.aadObjectId}`);
    expect(visibleText(hint?.body)).toContain("I didn't catch that — I answer commands. Try one of these:");
    expect(visibleText(hint?.body)).toContain('“/coach today” — today’s service principle');

    h.connector.clear();
    await h.send(channelMessage(h.connector, dana, 'blah blah', { mentionBot: false }));
    expect(h.connector.deliveries()).toHaveLength(0);
    await h.send(channelMessage(h.connector, dana, 'blah blah'));
    expect(visibleText(h.connector.deliveries()[0]?.body)).toContain("I didn't catch that");
  });
});
