// The line `/coach me` shows about an away period (current or coming), on a line of its own.

import type { Actor } from '../../ports.ts';
import { currentOrNextAway } from '../../store/away-repo.ts';
import type { Db } from '../../store/open-store.ts';
import { describeAway, personOf } from './away.ts';

export async function awayLine(db: Db, actor: Actor, zone: string, now: Date): Promise<string | undefined> {
  const period = await currentOrNextAway(db, personOf(actor), now);
  if (!period) return undefined;
  return `🌴 *Out of office:* you're ${describeAway(period, zone, now)}. No reminders come to you then; \`/coach back\` ends it.`;
}
