// Callback promises in Teams through the real CloudAdapter: the command in a personal chat and in a
// channel, every card action updating the card in place, and reminders arriving in the 1:1 chat.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { cardOf, cardSubmit, channelMessage, dana, lee, personalMessage, startTeamsHarness, visibleText, type TeamsHarness } from './teams-harness.ts';

const tempDir = useTempDir();
const open: TeamsHarness[] = [];
const harness = async () => {
  const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z' }); // 08:00 in New York
  open.push(h);
  return h;
};
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

interface Submit {
  title: string;
  data: { actionId: string; value?: string };
}
/** Every Action.Submit on a card, wherever it sits (card actions or an ActionSet). */
function submitsOn(body: unknown): Submit[] {
  const found: Submit[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Submit') found.push(record as unknown as Submit);
      Object.values(record).forEach(walk);
    }
  };
  walk(cardOf(body));
  return found;
}
const submit = (body: unknown, title: RegExp) => {
  const action = submitsOn(body).find((a) => title.test(a.title));
  if (!action) throw new Error(`no ${title} on ${JSON.stringify(submitsOn(body).map((a) => a.title))}`);
  return action.data;
};
const personal = `a:personal-${dana.aadObjectId}`;

describe('/promise-callback in Teams', () => {
  it('reads 3/12 in the Teams client’s locale; the other reading’s card button makes the promise', async () => {
    const h = await harness();
    await h.send(personalMessage(h.connector, dana, 'promise-callback ACME-4411 3/12 10am', { locale: 'en-GB' }));
    expect(visibleText(h.connector.deliveries().at(-1)!.body)).toContain('Thu 3 Dec, 10:00 EST');

    h.connector.clear();
    await h.send(personalMessage(h.connector, dana, 'promise-callback ACME-4412 3/12 10am')); // en-US: 12 March
    const refusal = h.connector.deliveries().at(-1)!;
    expect(visibleText(refusal.body)).toContain('I read 3/12 as 12 March, which is more than 30 days away. Did you mean 3 December?');
    expect(submitsOn(refusal.body).map((a) => a.title)).toEqual(['Thu 3 Dec 10:00', 'Something else']);
    h.connector.clear();
    await h.send(cardSubmit(h.connector, dana, refusal.createdId!, submit(refusal.body, /Thu 3 Dec/), { conversationId: personal, personal: true }));
    const update = h.connector.deliveries().find((c) => c.op === 'update');
    expect(visibleText(update!.body)).toContain('ACME-4412');
    expect(visibleText(update!.body)).toContain('Thu 3 Dec, 10:00 EST');
  });

  it('confirms in the agent’s own zone with buttons; Done updates the card in place with the outcome', async () => {
    const h = await harness();
    await h.send(personalMessage(h.connector, dana, 'promise-callback ACME-4411 in 2h refund status'));
    const confirmation = h.connector.deliveries().at(-1)!;
    expect(visibleText(confirmation.body)).toContain('ACME-4411');
    expect(visibleText(confirmation.body)).toContain('Mon 23 Nov, 10:00 EST — in 2 h'); // localTimezone America/New_York
    expect(submitsOn(confirmation.body).map((a) => a.data.actionId)).toEqual(['promise.done', 'promise.snooze', 'promise.cancel']);

    h.connector.clear();
    await h.send(cardSubmit(h.connector, dana, confirmation.createdId!, submit(confirmation.body, /Done/), { conversationId: personal, personal: true }));
    const update = h.connector.deliveries().find((c) => c.op === 'update');
    expect(update).toBeDefined();
    expect(visibleText(update!.body)).toMatch(/kept/);
  });

  it('sends the ladder to the personal chat as time passes; Couldn’t reach and Snooze update the reminder card', async () => {
    const h = await harness();
    await h.send(personalMessage(h.connector, dana, '/promise-callback #88213 in 1h'));
    h.connector.clear();

    h.t.clock.advanceMinutes(45);
    await h.t.app.scheduler.tick();
    const headsUp = h.connector.deliveries();
    expect(headsUp).toHaveLength(1);
    expect(headsUp[0]!.conversationId).toBe(personal);
    expect(submitsOn(headsUp[0]!.body).map((a) => a.title).join(' ')).toMatch(/Done.*Snooze.*Couldn't reach them/s);

    h.t.clock.advanceMinutes(15);
    await h.t.app.scheduler.tick();
    const due = h.connector.deliveries().at(-1)!;
    h.connector.clear();
    await h.send(cardSubmit(h.connector, dana, due.createdId!, submit(due.body, /Couldn't reach/), { conversationId: personal, personal: true }));
    expect(visibleText(h.connector.deliveries().find((c) => c.op === 'update')!.body)).toContain("— thanks for trying. I'll remind you to try");

    h.connector.clear();
    h.t.clock.advanceMinutes(60); // the next try falls due
    await h.t.app.scheduler.tick();
    const retry = h.connector.deliveries().at(-1)!;
    h.connector.clear();
    await h.send(cardSubmit(h.connector, dana, retry.createdId!, submit(retry.body, /^Snooze 15 min$/), { conversationId: personal, personal: true }));
    expect(visibleText(h.connector.deliveries().find((c) => c.op === 'update')!.body)).toContain('😴 Snoozed: promise #1');
  });

  it('a promise made in a channel reminds the agent in a new 1:1 chat; Cancel stops the ladder', async () => {
    const h = await harness();
    await h.send(channelMessage(h.connector, lee, 'promise-callback Dana Ruiz in 30 minutes about the late delivery'));
    const confirmation = h.connector.deliveries().at(-1)!;
    expect(visibleText(confirmation.body)).toContain('Dana Ruiz');
    h.connector.clear();

    h.t.clock.advanceMinutes(15);
    await h.t.app.scheduler.tick();
    const [create, send] = h.connector.calls;
    expect(create?.op).toBe('createConversation');
    expect(send?.conversationId).toBe(create?.createdId);
    expect(visibleText(send?.body)).toContain('Dana Ruiz');

    h.connector.clear();
    await h.send(cardSubmit(h.connector, lee, confirmation.createdId!, submit(confirmation.body, /^Cancel/), { conversationId: confirmation.conversationId! }));
    expect(visibleText(h.connector.deliveries().find((c) => c.op === 'update')!.body)).toContain('Cancelled at Mon 23 Nov, 13:15 GMT: promise #1 to Dana Ruiz. No more reminders.');
    h.connector.clear();
    h.t.clock.advanceMinutes(120);
    await h.t.app.scheduler.tick();
    const later = h.connector.deliveries().filter((c) => c.op === 'send');
    expect(later).toHaveLength(0);
  });
});
