// Malformed but correctly signed Slack payloads, over signed HTTP at the real Bolt app: each one
// gets a fast 200 with nothing done, or a 400, never a 500 and never Slack's 3-second timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { buttonPress, startSlackHarness, type SlackHarness } from '../adapters/slack/slack-harness.ts';
import { dbGet } from '../helpers/sql.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const form = 'application/x-www-form-urlencoded';

describe('malformed signed Slack payloads', () => {
  it('get a fast 200 with nothing done or a 400, never a 500 or a 3-second wait', async () => {
    h = await startSlackHarness(tempDir());
    const harness = h;
    const good = buttonPress({ actionId: 'principle.ack', api: harness.api });
    const { user: _user, ...withoutUser } = good;
    const { actions: _actions, ...withoutActions } = good;
    // Built as text: JSON.stringify itself runs out of stack on this.
    const deep = `${'{"type":"block_actions","nested":'.repeat(5_000)}{}${'}'.repeat(5_000)}`;
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const payloads: Record<string, string> = {
      'payload=null': 'null',
      'not JSON': '{"type": "block_actions",',
      'a string': '"block_actions"',
      'a number': '42',
      'an array': JSON.stringify([good, good]),
      'block_actions without a user': JSON.stringify(withoutUser),
      'block_actions with a user that is not an object': JSON.stringify({ ...good, user: 'U1' }),
      'block_actions without actions': JSON.stringify(withoutActions),
      'block_actions with actions = null': JSON.stringify({ ...good, actions: null }),
      'block_actions with an empty actions list': JSON.stringify({ ...good, actions: [] }),
      'block_actions with an action that is not an object': JSON.stringify({ ...good, actions: ['principle.ack'] }),
      'an unknown action id': JSON.stringify(buttonPress({ actionId: 'no.such.action', api: harness.api })),
      'an empty action id': JSON.stringify(buttonPress({ actionId: '', api: harness.api })),
      'without a team': JSON.stringify({ ...good, team: null }),
      'an unknown payload type': JSON.stringify({ ...good, type: 'mystery' }),
      'no type': JSON.stringify({ ...good, type: undefined }),
      'deep nesting (5,000 levels)': deep,
      'deep nesting (100,000 arrays)': deepArray,
      'deep nesting inside an action value': JSON.stringify({ ...good, actions: [{ ...(good.actions as object[])[0], value: 'X' }] }).replace('"X"', deep),
    };
    // Each is answered (the test's own timeout catches a payload that hangs the parser); how fast
    // is a figure for `npm run bench`, not a limit here.
    const results: { name: string; status: number }[] = [];
    for (const [name, payload] of Object.entries(payloads)) {
      const { status } = await harness.send(new URLSearchParams({ payload }).toString(), form);
      results.push({ name, status });
    }
    const bad = results.filter((r) => !(r.status === 200 || r.status === 400));
    expect(bad).toEqual([]);
    // Nothing was done: no acknowledgement counted, nothing posted.
    const acks = (await dbGet<{ n: number }>(harness.t.app.db, 'SELECT COUNT(*) AS n FROM participation')) as { n: number };
    expect(Number(acks.n)).toBe(0);
    expect(harness.api.callsTo('chat.postMessage')).toEqual([]);
    // A well-formed press of a button that does not exist is answered kindly, and only that.
    await harness.api.waitFor('chat.postEphemeral', 1);
    expect(harness.api.callsTo('chat.postEphemeral').map((c) => String(c.params.text))).toContain('That button no longer does anything. `/coach help` shows what you can do.');
  }, 60_000);
});
