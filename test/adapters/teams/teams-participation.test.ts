// Participation and the digest through Teams: a messageReaction on the coach's post is recorded once
// (a redelivered activity counts once), and a manager's Monday digest arrives in their personal chat.
import { afterEach, describe, expect, it } from 'vitest';
import { dbGet } from '../../helpers/sql.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { CHANNEL_ID, channelMessage, dana, lee, personalMessage, reaction, startTeamsHarness, visibleText, type TeamsHarness } from './teams-harness.ts';

const tempDir = useTempDir();
const open: TeamsHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});
const harness = async (env?: Record<string, string>) => {
  const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T08:00:00Z', env });
  open.push(h);
  return h;
};
const count = async (h: TeamsHarness, kind: string) => ((await dbGet(h.t.app.db, `SELECT COUNT(*) AS n FROM participation WHERE kind = ?`, kind)) as { n: number }).n;

describe('Teams participation and the digest', () => {
  it('records a reaction on the daily post once, even when Teams delivers the activity twice', async () => {
    const h = await harness();
    await h.send(channelMessage(h.connector, lee, 'coach subscribe 09:00 Europe/London'));
    h.connector.clear();
    h.t.clock.set('2026-11-23T09:00:00Z');
    await h.t.app.scheduler.tick();
    const [post] = h.connector.deliveries();
    expect(post?.conversationId).toBe(CHANNEL_ID);
    expect(visibleText(post?.body)).toContain('Be the first to acknowledge it.');

    const liked = reaction(h.connector, dana, post!.createdId!, CHANNEL_ID);
    expect(await h.send(liked)).toBe(200);
    expect(await h.send(liked)).toBe(200); // redelivered: same activity id
    expect(await count(h, 'reaction')).toBe(1);
  });

  it('sends a manager the Monday digest in their personal chat at 09:00 their time, with the chart image', async () => {
    const h = await harness({ COACH_MANAGERS: dana.aadObjectId });
    await h.send(personalMessage(h.connector, dana, 'coach me')); // Dana is in America/New_York
    await h.send(personalMessage(h.connector, lee, 'promise-callback ACME-4411 in 2h refund status'));
    h.t.clock.set('2026-11-23T14:00:00Z'); // last week had nothing yet: no digest today
    await h.t.app.scheduler.tick();
    h.connector.clear();

    h.t.clock.set('2026-11-30T14:00:00Z'); // next Monday, 09:00 in New York
    await h.t.app.scheduler.tick();
    const toDana = h.connector.deliveries().filter((c) => c.conversationId === `a:personal-${dana.aadObjectId}`);
    const digest = toDana.find((c) => visibleText(c.body).includes('digest'));
    expect(digest).toBeDefined();
    expect(visibleText(digest!.body)).toContain('2026-W48');
    const image = toDana.find((c) => (c.body as { attachments?: { contentType: string }[] }).attachments?.some((a) => a.contentType === 'image/png'));
    expect(image).toBeDefined();
  });
});
