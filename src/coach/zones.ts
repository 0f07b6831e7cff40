// Whose clock? A person's own zone when the platform tells us, else the channel's, else the default.

import { isValidZone } from '../zone-names.ts';
import type { Actor, Address } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { findChannel } from '../store/channels-repo.ts';

export async function zoneForActor(db: Db, actor: Actor, address: Address | undefined, defaultZone: string): Promise<string> {
  if (actor.tz && isValidZone(actor.tz)) return actor.tz;
  const channel = address && (await findChannel(db, address));
  return channel?.timezone ?? defaultZone;
}
