// Out of office and handover through the real CloudAdapter: `coach away` offers the promise with a
// choice of the people the coach knows (Teams bot cards have no people picker) and its own
// "Hand over" button; the colleague gets Accept / Decline in their 1:1 chat.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { cardOf, cardSubmit, dana, lee, personalMessage, startTeamsHarness, visibleText, type TeamsHarness } from './teams-harness.ts';

const tempDir = useTempDir();
const open: TeamsHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

/** Every element of a card, however deep. */
function elements(body: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      found.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(cardOf(body));
  return found;
}
const submitTitled = (body: unknown, title: string) => elements(body).find((e) => e.type === 'Action.Submit' && e.title === title)?.data as { actionId: string; value?: string };

describe('out of office in Teams', () => {
  it('away offers a choice of colleagues; "Hand over" asks Lee in his 1:1 chat; his Accept makes it his', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T13:00:00Z' }); // Mon 08:00 in New York
    open.push(h);
    await h.send(personalMessage(h.connector, lee, 'coach me'));
    await h.send(personalMessage(h.connector, dana, 'promise-callback ACME-1 Wednesday 11am'));
    h.connector.clear();
    await h.send(personalMessage(h.connector, dana, 'coach away until Thursday'));
    const offer = h.connector.deliveries().at(-1)!;
    expect(visibleText(offer.body)).toContain("🌴 Got it: you're away until the end of Thu 26 Nov.");
    const choice = elements(offer.body).find((e) => e.type === 'Input.ChoiceSet')!;
    expect(choice).toMatchObject({ id: 'person.1', choices: [{ title: 'Lee Park', value: 'aad-lee' }] });
    const handOver = submitTitled(offer.body, 'Hand over');
    expect(handOver).toEqual({ actionId: 'promise.handover.pick', value: '1' });

    h.connector.clear();
    // Teams submits every input of the card with the pressed button's data.
    await h.send(cardSubmit(h.connector, dana, offer.createdId!, { ...handOver, ['person.1']: 'aad-lee' } as typeof handOver, { conversationId: `a:personal-${dana.aadObjectId}`, personal: true }));
    const answers = h.connector.deliveries();
    const asked = answers.find((d) => visibleText(d.body).includes("I've asked"))!;
    expect(visibleText(asked.body)).toContain("I've asked <at>Lee Park</at> to take promise #1 to **ACME-1**. It stays yours until they accept; I'll tell you their answer.");
    const question = answers.find((d) => d.conversationId === `a:personal-${lee.aadObjectId}`)!;
    expect(visibleText(question.body)).toContain('🤝 <at>Dana Reyes</at> would like to hand you callback promise #1 to **ACME-1**, due Wed 25 Nov, 11:00 EST — in 2 d 3 h.');

    h.connector.clear();
    await h.send(cardSubmit(h.connector, lee, question.createdId!, submitTitled(question.body, 'Accept'), { conversationId: `a:personal-${lee.aadObjectId}`, personal: true }));
    const afterAccept = h.connector.deliveries();
    expect(visibleText(afterAccept.find((d) => d.op === 'update')!.body)).toContain('✅ Promise #1 to **ACME-1** is yours now, due Wed 25 Nov, 11:00 EST — in 2 d 3 h.');
    const toDana = afterAccept.find((d) => d.conversationId === `a:personal-${dana.aadObjectId}`)!;
    expect(visibleText(toDana.body)).toContain("👍 <at>Lee Park</at> accepted promise #1 to **ACME-1**. It's theirs now, still due Wed 25 Nov, 11:00 EST; no more reminders come to you for it.");
  });
});
