// What the promise tests do as an agent would, on a test app: make a promise by command, press one
// of its buttons, and read the number a confirmation gave it.

import type { Actor, Inbound, Outbound } from '../../../src/ports.ts';
import { alice, command, supportChannel, type TestApp } from '../../helpers/test-app.ts';

// Monday 23 Nov 2026, 09:00 in London (GMT = UTC).
export const START = '2026-11-23T09:00:00Z';

/** `/promise-callback <text>` in the support channel: the coach's (first) answer. */
export async function promise(t: TestApp, text: string, from: Actor = alice): Promise<Outbound> {
  const [answer] = await t.app.coach.handle(command(from, supportChannel, 'promise-callback', text, t.clock.now()));
  return answer as Outbound;
}

export async function press(t: TestApp, actionId: string, value: string, from: Actor = alice): Promise<Outbound[]> {
  const action: Inbound = { kind: 'action', from, address: supportChannel, actionId, value, at: t.clock.now() };
  return t.app.coach.handle(action);
}

/** The number in "callback promise #12 saved". */
export const promiseId = (confirmation: Outbound): number => Number(/promise #(\d+) saved/.exec(confirmation.text)?.[1]);
